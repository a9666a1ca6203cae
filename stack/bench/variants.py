"""The configurations a benchmark compares: RODARE as configured, and stock InvenioRDM.

"Stock" is the same instance (same services, data, theme and UI bundles) with every place
where RODARE's ``invenio.cfg`` replaces upstream behaviour switched back to upstream's value,
by configuration only. The bench writes it as the ``invenio.cfg`` of a second instance
folder: it runs the project's file, then restores these keys:

| key                                   | RODARE (invenio.cfg)               | stock                 |
|---------------------------------------|------------------------------------|-----------------------|
| RDM_FACETS                            | publication-date facet, G1/G5      | upstream's            |
| REQUESTS_EVENTS_SERVICE_COMPONENTS    | + timeline previews, G3            | upstream's            |
| VOCABULARIES_SERVICE_CONFIG           | whole-entry reads, G4              | upstream's            |
| OAISERVER_RECORD_SETS_FETCHER         | sets from one aggregation, G2      | percolator            |
| SEARCH_CLIENT_CONFIG                  | OAI sets transport, G2             | None                  |
| RDM_PERMISSION_POLICY                 | access levels (closed files)       | upstream's            |
| RDM_RECORDS_SERVICE_COMPONENTS        | + access level, embargo components | upstream's            |
| RDM_SEARCH                            | "Access level" facet               | upstream's            |
| RDM_RECORDS_SERIALIZERS, APP_RDM_RECORD_EXPORTERS, OAISERVER_METADATA_FORMATS | level-aware rights | upstream's |
| APP_RDM_RECORD_LANDING_PAGE_TEMPLATE  | level box, embargo dialog          | upstream's            |
| CELERY_BEAT_SCHEDULE                  | + embargo reminders                | upstream's            |
| ACCESS_CACHE                          | process-local layer over Redis     | Redis                 |

Upstream's requests that the embedded search server cannot answer (percolate, for one)
fail in the stock variant: the bench reports them as errors, which is the finding.
RODARE's entry-point extensions stay loaded; they add config defaults, template folders,
an after-request hook on ``/oai2d``, the access-request checks before a few ``/api``
endpoints and the embargo endpoints (unused by the bench). The custom fields stay
defined: records made by one variant are read by the other.
"""

from pathlib import Path

STOCK_CFG = '''"""Stock InvenioRDM for ``./rodare bench``: RODARE's invenio.cfg, replacements undone."""
_project_cfg = {project_cfg!r}
exec(compile(open(_project_cfg).read(), _project_cfg, "exec"))

from invenio_oaiserver.config import OAISERVER_RECORD_SETS_FETCHER  # noqa: E402,F811
from invenio_rdm_records.config import RDM_FACETS  # noqa: E402,F811
from invenio_requests.config import REQUESTS_EVENTS_SERVICE_COMPONENTS  # noqa: E402,F811
from invenio_vocabularies.config import VOCABULARIES_SERVICE_CONFIG  # noqa: E402,F811

from invenio_app_rdm.config import (  # noqa: E402,F811
    APP_RDM_RECORD_EXPORTERS,
    APP_RDM_RECORD_LANDING_PAGE_TEMPLATE,
    CELERY_BEAT_SCHEDULE,
    OAISERVER_METADATA_FORMATS,
)
from invenio_rdm_records.config import RDM_PERMISSION_POLICY, RDM_SEARCH  # noqa: E402,F811
from invenio_rdm_records.resources.config import (  # noqa: E402
    record_serializers as RDM_RECORDS_SERIALIZERS,
)
from invenio_rdm_records.services.components import (  # noqa: E402
    DefaultRecordsComponents as RDM_RECORDS_SERVICE_COMPONENTS,
)

SEARCH_CLIENT_CONFIG = None
ACCESS_CACHE = "invenio_cache:current_cache"
RDM_DATACITE_DUMP_OPENAIRE_ACCESS_RIGHTS = False
'''


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
