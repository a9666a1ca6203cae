"""Template helpers: the DataCite state of a record's DOIs, for administrators."""

from invenio_administration.permissions import administration_permission
from invenio_db import db

from .models import DOIState


def doi_states(record_ui):
    """The state rows of a record's version and concept DOI; empty for non-administrators."""
    if not administration_permission.can():
        return []
    dois = [(record_ui.get("pids") or {}).get("doi", {}).get("identifier"),
            ((record_ui.get("parent") or {}).get("pids") or {}).get("doi", {}).get("identifier")]
    return [row for row in (db.session.get(DOIState, d) for d in dois if d) if row is not None]
