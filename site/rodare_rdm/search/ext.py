"""Flask extension of the portable-search feature: loads its RODARE_SEARCH_* defaults."""

from . import config


class RodareSearch:
    """Register the feature's configuration defaults."""

    def __init__(self, app=None):
        """Extension initialisation."""
        self.facet_values = {}
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_SEARCH_"):
                app.config.setdefault(key, getattr(config, key))
        app.extensions["rodare-search"] = self
