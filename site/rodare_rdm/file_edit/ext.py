"""Flask extension of the file window: RODARE_FILE_EDIT_* defaults, the landing page's helper."""

from datetime import timedelta

from ..extension import FeatureExtension
from . import config
from .window import window_for


class RodareFileEdit(FeatureExtension):
    """Register the defaults, the landing page's helper and upstream's publish period."""

    name = "file_edit"
    config = config
    template_globals = {"rodare_file_edit_window": window_for}

    def init_feature(self, app):
        """Upstream's publish period and its form label follow RODARE_FILE_EDIT_DAYS.

        ``RDM_FILE_MODIFICATION_PERIOD`` is read by upstream's publish check and by the
        deposit form's "days to publish changes" label; one window, one setting.
        """
        app.config["RDM_FILE_MODIFICATION_PERIOD"] = timedelta(
            days=app.config["RODARE_FILE_EDIT_DAYS"])
