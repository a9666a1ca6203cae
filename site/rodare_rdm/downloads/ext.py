"""Flask extension of the downloads feature: its defaults."""

from ..extension import FeatureExtension
from . import config


class RodareDownloads(FeatureExtension):
    """The ``RODARE_DOWNLOADS_*`` defaults that :mod:`.storage` reads per request."""

    name = "downloads"
    config = config
