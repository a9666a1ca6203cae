"""Flask extension of the EuroSciVoc subjects: their RODARE_EUROSCIVOC_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareEuroSciVoc(FeatureExtension):
    """Register the file's default."""

    name = "euroscivoc"
    config = config
