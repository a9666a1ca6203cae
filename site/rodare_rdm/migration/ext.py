"""Flask extension of the migration: its RODARE_MIGRATION_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareMigration(FeatureExtension):
    """Register the migration's defaults."""

    name = "migration"
    config = config
