"""Flask extension of the HZDR metadata: its RODARE_HZDR_* defaults and template helpers."""

from ..extension import FeatureExtension
from . import config
from .ui import scicat_url


class RodareHzdr(FeatureExtension):
    """The HZDR metadata's defaults and template filter."""

    name = "hzdr"
    config = config
    template_filters = {"rodare_scicat_url": scicat_url}
