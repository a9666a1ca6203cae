"""Flask extension of the caching feature: its RODARE_CACHING_* defaults and local stores."""

from . import config


class RodareCaching:
    """Register the defaults and give the application its own local action store."""

    def __init__(self, app=None):
        """Extension initialisation."""
        self.actions = {}
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_CACHING_"):
                app.config.setdefault(key, getattr(config, key))
        app.extensions["rodare-caching"] = self
