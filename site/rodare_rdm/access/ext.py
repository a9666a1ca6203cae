"""Flask extension of the access levels: its RODARE_ACCESS_* defaults and template helpers."""

from . import config
from .ui import access_level_ui, access_status_ui, file_entries, level_history


class RodareAccess:
    """Register the feature's configuration defaults and template helpers."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_ACCESS_"):
                app.config.setdefault(key, getattr(config, key))
        app.add_template_filter(access_level_ui, "rodare_access_level")
        app.add_template_filter(access_status_ui, "rodare_access_status")
        app.add_template_filter(file_entries, "rodare_file_entries")
        app.add_template_filter(level_history, "rodare_level_history")
        app.extensions["rodare-access"] = self
