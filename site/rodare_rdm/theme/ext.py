"""Flask extension of the theme feature: its RODARE_THEME_* defaults."""

from . import config


class RodareTheme:
    """Register the feature's configuration defaults."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_THEME_"):
                app.config.setdefault(key, getattr(config, key))
        app.extensions["rodare-theme"] = self
