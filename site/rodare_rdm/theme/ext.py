"""Flask extension of the theme feature: its RODARE_THEME_* defaults."""

from ..extension import FeatureExtension
from . import config


class RodareTheme(FeatureExtension):
    """The theme's defaults."""

    name = "theme"
    config = config
