"""Flask extension of the portable-search feature: loads its RODARE_SEARCH_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodarePortableSearch(FeatureExtension):
    """The defaults, and the application's own store of facet values (counted.py)."""

    name = "search"  # RODARE_SEARCH_*, app.extensions["rodare-search"] (see __init__)
    config = config

    def __init__(self, app=None):
        """Extension initialisation: an empty store of facet values."""
        self.facet_values = {}
        self.values_redis = None  # tracked.client(): made on first use
        super().__init__(app)
