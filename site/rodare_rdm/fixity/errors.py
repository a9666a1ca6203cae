"""The answer to a download of a file that failed its check: 503, JSON or a page, every channel.

503 (not 500): the server knows what is wrong and the file comes back once the administrators
restore it from the backup; the body says the file failed its integrity check (or is gone)
and that they were told. A 500 would look like a crash, and a 200 would hand out corrupt bytes.
"""

from flask import jsonify, render_template, request
from invenio_i18n import gettext as _
from werkzeug.exceptions import ServiceUnavailable


class FileIntegrityError(ServiceUnavailable):
    """A stored file whose bytes no longer match its checksum, or that is missing on disk."""

    def __init__(self, missing=False):
        """``missing``: the file is not on the storage at all."""
        self.missing = missing
        super().__init__()

    @property
    def message(self):
        """What the person or client is told (translated at request time)."""
        if self.missing:
            return _("This file is missing from the storage and cannot be served. "
                     "The repository's administrators have been told and will restore it.")
        return _("This file failed its integrity check (its content no longer matches its "
                 "checksum) and is not served. The repository's administrators have been "
                 "told and will restore it.")


def integrity_error(error):
    """A page for a browser, JSON for everyone else (REST, IIIF, legacy API)."""
    if request.script_root.endswith("/api") or not request.accept_mimetypes.accept_html:
        return jsonify({"status": 503, "message": error.message}), 503
    return render_template("rodare_rdm/fixity/unavailable.html", message=error.message), 503
