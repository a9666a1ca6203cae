"""Webpack bundle of the site package: RODARE's theme assets."""

from invenio_assets.webpack import WebpackThemeBundle

theme = WebpackThemeBundle(
    __name__,
    "assets",
    default="semantic-ui",
    themes={"semantic-ui": {
        "entry": {
            # Repairs of upstream widgets' ARIA defects, on every page
            # (assets/js/rodare_rdm/a11y/, rodare_rdm/theme/javascript.html).
            "rodare-a11y": "./js/rodare_rdm/a11y/index.js",
        },
        "dependencies": {},
        "aliases": {},
    }},
)
