"""Flask extension of the fixity feature: its defaults and the 503 for a failed file."""

from ..extension import FeatureExtension
from . import config
from .guards import check_files
from .errors import FileIntegrityError, integrity_error


class RodareFixity(FeatureExtension):
    """The defaults (the beat reads the interval) and the answer to a failed file."""

    name = "fixity"
    config = config

    def init_feature(self, app):
        """The error handler on the whole application (UI and API alike), and the check
        before "Download all" and the preview page (guards.py)."""
        app.register_error_handler(FileIntegrityError, integrity_error)
        app.before_request(check_files)
