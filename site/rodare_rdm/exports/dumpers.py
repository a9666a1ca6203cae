"""The dumpers the features add to one export, looked up in ``RODARE_EXPORTS_DUMPERS``."""

from flask import current_app
from flask_resources.serializers import DumperMixin
from werkzeug.utils import import_string


class ConfiguredDumpers(DumperMixin):
    """The dumpers other features add to one export (``RODARE_EXPORTS_DUMPERS``).

    Serializers are built when the configuration is imported, before any app exists; this
    dumper looks the list up when it runs, so a feature (e.g. the HZDR fields) extends every
    channel of an export — REST, landing-page export, OAI-PMH — from one configuration key.
    """

    def __init__(self, export):
        """``export``: "datacite", "dublincore" or "schemaorg"."""
        self.export = export

    def post_dump(self, data, original=None, **kwargs):
        """Run each configured dumper in order."""
        for path in current_app.config.get("RODARE_EXPORTS_DUMPERS", {}).get(self.export, []):
            data = import_string(path)().post_dump(data, original=original, **kwargs)
        return data
