"""Flask extension of the start-up checks: RODARE_SECURITY_* defaults, then the checks."""

from ..extension import FeatureExtension
from . import config
from .secret_key import check_secret_key


class RodareSecurity(FeatureExtension):
    """Refuse to start with a guessable SECRET_KEY (outside debug mode and tests)."""

    name = "security"
    config = config

    def init_feature(self, app):
        """The checks: the configuration is complete when extensions are loaded."""
        check_secret_key(app)
