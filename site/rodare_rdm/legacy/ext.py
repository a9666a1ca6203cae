"""Flask extension of the legacy deposit API: its RODARE_LEGACY_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareLegacy(FeatureExtension):
    """Register the feature's configuration defaults."""

    name = "legacy"
    config = config
