"""Flask extension of the exports: their RODARE_EXPORTS_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareExports(FeatureExtension):
    """The exports' defaults (the dumper lists)."""

    name = "exports"
    config = config
