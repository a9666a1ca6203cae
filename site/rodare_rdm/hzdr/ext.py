"""Flask extension of the HZDR metadata: its RODARE_HZDR_* defaults and template helpers."""

from . import config
from .ui import scicat_url


class RodareHzdr:
    """Register the feature's configuration defaults and template helpers."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_HZDR_"):
                app.config.setdefault(key, getattr(config, key))
        app.add_template_filter(scicat_url, "rodare_scicat_url")
        app.extensions["rodare-hzdr"] = self
