"""Flask extension of record deletion: its RODARE_DELETION_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareDeletion(FeatureExtension):
    """Register the grace period's default."""

    name = "deletion"
    config = config
