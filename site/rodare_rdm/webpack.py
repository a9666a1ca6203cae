"""Webpack bundle of the site package: RODARE's theme assets."""

from invenio_assets.webpack import WebpackThemeBundle

theme = WebpackThemeBundle(
    __name__,
    "assets",
    default="semantic-ui",
    themes={"semantic-ui": {"entry": {}, "dependencies": {}, "aliases": {}}},
)
