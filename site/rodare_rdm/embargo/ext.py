"""Flask extension of the embargo feature: its RODARE_EMBARGO_* defaults and template helpers."""

from . import config
from .service import history, maximum_until


def embargo_history(record):
    """The embargo's events for the landing page of those who manage the record."""
    return history(getattr(record, "_record", record))


def embargo_maximum(record):
    """The latest end date an owner may set, as YYYY-MM-DD."""
    return maximum_until(getattr(record, "_record", record)).isoformat()


class RodareEmbargo:
    """Register the feature's configuration defaults and template filters."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_EMBARGO_"):
                app.config.setdefault(key, getattr(config, key))
        app.add_template_filter(embargo_history, "rodare_embargo_history")
        app.add_template_filter(embargo_maximum, "rodare_embargo_maximum")
        app.extensions["rodare-embargo"] = self
