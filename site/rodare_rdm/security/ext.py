"""Flask extension of the start-up checks: RODARE_SECURITY_* defaults, then the checks."""

from . import config
from .secret_key import check_secret_key


class RodareSecurity:
    """Refuse to start with a guessable SECRET_KEY (outside debug mode and tests)."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation: the configuration is complete here."""
        for key in dir(config):
            if key.startswith("RODARE_SECURITY_"):
                app.config.setdefault(key, getattr(config, key))
        check_secret_key(app)
        app.extensions["rodare-security"] = self
