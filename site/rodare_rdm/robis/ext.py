"""Flask extension of the ROBIS gate: its RODARE_ROBIS_* defaults and template helpers."""

from . import config
from .ids import publication_url


class RodareRobis:
    """Register the feature's configuration defaults and template helpers."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_ROBIS_"):
                app.config.setdefault(key, getattr(config, key))
        app.add_template_filter(publication_url, "rodare_robis_url")
        app.extensions["rodare-robis"] = self
