"""The configurations a benchmark compares: RODARE as configured, and stock InvenioRDM.

"Stock" is the same instance (same services, data, templates and UI bundles) without the
``rodare_rdm`` config module (site/rodare_rdm/config.py), which holds every place where
RODARE wires its features into upstream's settings. That module is an ``invenio_config.module``
entry point and so always loaded; the stock instance's ``invenio.cfg`` runs the project's file,
then sets each setting the module makes back to the value the app has without it:

1. the value of the other ``invenio_config.module`` modules (invenio-app-rdm's), if they set it;
2. else the default in the ``config`` module of the package of an installed extension
   (``invenio_base.apps``), as that extension's ``init_config`` would set it;
3. else the default of the ``FromConfig`` attribute of an upstream service or resource config
   that reads it (e.g. ``RDM_RECORDS_SERVICE_COMPONENTS``).

A setting none of these knows keeps RODARE's value; :func:`stock_settings` lists it, and the
bench prints it (``kept``). Upstream's requests that the embedded search server cannot answer
(the publication-date facet's date histogram, for one) fail in the stock variant: the bench
reports them as errors, which is the finding. RODARE's entry-point extensions stay loaded: they add config defaults, template folders,
an after-request hook on ``/oai2d``, the access-request checks before a few ``/api`` endpoints
and the embargo endpoints (unused by the bench). The Celery worker is the stack's, with RODARE's
configuration, so DOIs are registered at the local DataCite for both variants.
"""

import importlib
import sys
from importlib.metadata import entry_points
from pathlib import Path

STOCK_CFG = '''"""Stock InvenioRDM for ``./rodare bench``: RODARE's invenio.cfg, without the
rodare_rdm config module (stack/bench/variants.py)."""
_project_cfg = {project_cfg!r}
exec(compile(open(_project_cfg).read(), _project_cfg, "exec"))

from stack.bench.variants import stock_settings as _stock_settings  # noqa: E402

globals().update(_stock_settings()[0])
'''

CONFIG_MODULE = "rodare_rdm"
"""The entry-point name of RODARE's config module in ``invenio_config.module``."""


def _config_modules():
    """The ``invenio_config.module`` modules other than RODARE's, in invenio-config's order."""
    eps = sorted(entry_points(group="invenio_config.module"), key=lambda ep: ep.name)
    return [ep.load() for ep in eps if ep.name != CONFIG_MODULE]


def _extension_config_modules():
    """The ``config`` module beside each installed extension, when it has one."""
    modules = []
    for ep in entry_points(group="invenio_base.apps"):
        package = ep.module.removesuffix(".ext")
        try:
            module = importlib.import_module(f"{package}.config")
        except ImportError:
            continue
        if module not in modules:
            modules.append(module)
    return modules


def _from_config_defaults():
    """``{key: default}`` of the ``FromConfig`` attributes of the upstream classes imported."""
    from invenio_records_resources.services.base.config import FromConfig

    defaults = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("invenio_") or module is None:
            continue
        for cls in list(vars(module).values()):
            if isinstance(cls, type) and cls.__module__ == name:
                for attr in vars(cls).values():
                    if isinstance(attr, FromConfig):
                        defaults.setdefault(attr.config_key, attr.default)
    return defaults


def stock_settings():
    """``(settings, kept)``: upstream's value of each setting of RODARE's config module, and
    the names of the settings for which upstream has no value (they keep RODARE's)."""
    from rodare_rdm import config as rodare

    layers = [*reversed(_config_modules()), *_extension_config_modules()]
    code_defaults = _from_config_defaults()
    settings, kept = {}, []
    for key in (k for k in vars(rodare) if k.isupper()):
        layer = next((vars(m) for m in layers if key in vars(m)), None)
        if layer is not None:
            settings[key] = layer[key]
        elif key in code_defaults:
            settings[key] = code_defaults[key]
        else:
            kept.append(key)
    return settings, kept


def stock_instance(folder, rodare_instance, repo):
    """Lay out an instance folder for stock InvenioRDM next to RODARE's; return its path.

    It shares templates, app data and the built UI bundles (static/) with RODARE's instance,
    so pages differ only by what the configuration switches.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "invenio.cfg").write_text(STOCK_CFG.format(project_cfg=str(repo / "invenio.cfg")))
    for name, target in (("templates", repo / "templates"), ("app_data", repo / "app_data"),
                         ("static", Path(rodare_instance) / "static")):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(target)
    return folder
