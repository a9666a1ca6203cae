"""Flask extension of the s3 feature: its defaults."""

from ..extension import FeatureExtension
from . import config


class RodareS3(FeatureExtension):
    """The ``RODARE_S3_*`` defaults that the move command reads."""

    name = "s3"
    config = config
