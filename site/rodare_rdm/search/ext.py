"""Flask extension of the portable-search feature: loads its RODARE_SEARCH_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareSearch(FeatureExtension):
    """The defaults, and the application's own store of facet values (counted.py)."""

    name = "search"
    config = config

    def __init__(self, app=None):
        """Extension initialisation: an empty store of facet values."""
        self.facet_values = {}
        super().__init__(app)
