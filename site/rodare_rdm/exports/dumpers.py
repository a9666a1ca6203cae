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

    def _dumpers(self):
        return [import_string(path)
                for path in current_app.config.get("RODARE_EXPORTS_DUMPERS", {}).get(self.export, [])]

    def post_dump(self, data, original=None, **kwargs):
        """Run each configured dumper in order."""
        for dumper in self._dumpers():
            data = dumper().post_dump(data, original=original, **kwargs)
        return data

    def prefetch(self, sources):
        """Let each configured dumper that reads more than the record (a ``prefetch``
        classmethod) read it for a whole page of records at once (``exports.page``)."""
        for dumper in self._dumpers():
            if hasattr(dumper, "prefetch"):
                dumper.prefetch(sources)
