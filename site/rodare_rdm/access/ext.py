"""Flask extension of the access levels: its RODARE_ACCESS_* defaults and template helpers."""

from ..extension import FeatureExtension
from . import config
from .ui import (
    access_level_ui,
    access_status_ui,
    deposit_form_levels,
    file_entries,
    level_history,
)


class RodareAccess(FeatureExtension):
    """The access levels' defaults and template filters."""

    name = "access"
    config = config
    template_filters = {
        "rodare_access_level": access_level_ui,
        "rodare_access_status": access_status_ui,
        "rodare_access_form": deposit_form_levels,
        "rodare_file_entries": file_entries,
        "rodare_level_history": level_history,
    }
