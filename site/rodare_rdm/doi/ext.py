"""Flask extension of the DOI feature: its RODARE_DOI_* defaults and template helpers."""

from . import config
from .ui import doi_states


class RodareDOI:
    """Register the feature's configuration defaults and template helpers."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_DOI_"):
                app.config.setdefault(key, getattr(config, key))
        app.add_template_global(doi_states, "rodare_doi_states")
        app.extensions["rodare-doi"] = self
