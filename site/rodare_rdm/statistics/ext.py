"""Flask extension of the statistics feature: loads its RODARE_STATISTICS_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareStatistics(FeatureExtension):
    """The defaults (the beat reads the interval through ``schedules.ConfiguredInterval``)."""

    name = "statistics"
    config = config
