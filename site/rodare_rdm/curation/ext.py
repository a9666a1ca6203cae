"""Flask extension of the curation checks: their RODARE_CURATION_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareCuration(FeatureExtension):
    """Register the presets' default."""

    name = "curation"
    config = config
