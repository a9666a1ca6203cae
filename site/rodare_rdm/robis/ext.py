"""Flask extension of the ROBIS gate: its RODARE_ROBIS_* defaults and template helpers."""

from ..extension import FeatureExtension
from . import config
from .ids import publication_url


class RodareRobis(FeatureExtension):
    """Register the feature's configuration defaults and template helpers."""

    name = "robis"
    config = config
    template_filters = {"rodare_robis_url": publication_url}
