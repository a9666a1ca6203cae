"""Webpack bundle of the site package: RODARE's own React components and scripts.

invenio-assets copies ``assets/semantic-ui/`` of every bundle, the instance's ``assets/`` last,
into one webpack project, so ``js/rodare_rdm/`` sits beside upstream's ``js/invenio_app_rdm/``.
The instance's ``assets/`` keeps only what upstream looks up there (the overridable registry,
custom-field widgets, the LESS theme); they import our components through ``@js/rodare_rdm``.
"""

from invenio_assets.webpack import WebpackThemeBundle

theme = WebpackThemeBundle(
    __name__,
    "assets",
    default="semantic-ui",
    themes={"semantic-ui": {
        "entry": {
            # Repairs of upstream widgets' ARIA defects, on every page
            # (js/rodare_rdm/a11y/, rodare_rdm/theme/javascript.html).
            "rodare-a11y": "./js/rodare_rdm/a11y/index.js",
        },
        "dependencies": {},
        # The name upstream's packages give their own JS (@js/invenio_app_rdm, ...).
        "aliases": {"@js/rodare_rdm": "js/rodare_rdm"},
    }},
)
