"""Flask extension of the embargo feature: its RODARE_EMBARGO_* defaults and template helpers."""

from ..extension import FeatureExtension
from . import config
from .service import history, maximum_until


def embargo_history(record):
    """The embargo's events for the landing page of those who manage the record."""
    return history(getattr(record, "_record", record))


def embargo_maximum(record):
    """The latest end date an owner may set, as YYYY-MM-DD."""
    return maximum_until(getattr(record, "_record", record)).isoformat()


class RodareEmbargo(FeatureExtension):
    """Register the feature's configuration defaults and template filters."""

    name = "embargo"
    config = config
    template_filters = {
        "rodare_embargo_history": embargo_history,
        "rodare_embargo_maximum": embargo_maximum,
    }
