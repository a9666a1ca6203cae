"""Flask extension of the caching feature: its RODARE_CACHING_* defaults and local stores."""

from ..extension import FeatureExtension
from . import config


class RodareCaching(FeatureExtension):
    """The defaults, and the application's own local action store."""

    name = "caching"
    config = config

    def __init__(self, app=None):
        """Extension initialisation: an empty store of action needs."""
        self.actions = {}
        super().__init__(app)
