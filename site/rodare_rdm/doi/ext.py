"""Flask extension of the DOI feature: its RODARE_DOI_* defaults and template helpers."""

from ..extension import FeatureExtension
from . import config
from .ui import doi_states


class RodareDOI(FeatureExtension):
    """The DOI feature's defaults and template global."""

    name = "doi"
    config = config
    template_globals = {"rodare_doi_states": doi_states}
