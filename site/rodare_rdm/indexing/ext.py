"""Flask extension of the indexing feature: its defaults (the beat's tasks read them)."""

from ..extension import FeatureExtension
from . import config


class RodareIndexing(FeatureExtension):
    """RODARE_INDEXING_* defaults."""

    name = "indexing"
    config = config
