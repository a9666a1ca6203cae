"""Where each DOI stands with DataCite, for administrators and the retry task.

PIDStore says reserved/registered/deleted from the repository's side; this table says whether
DataCite has what we sent: ``registered`` (findable, in step), ``hidden`` (deleted or
restricted record) or ``failed`` (with DataCite's last error, and when to try again).
``migrated``: a DOI the old RODARE registered, still pointing at it; the provider leaves it
alone until the cut-over (``invenio rodare-migrate cutover``) points it here.
"""

from datetime import UTC, datetime

from invenio_db import db

REGISTERED, HIDDEN, FAILED, MIGRATED = "registered", "hidden", "failed", "migrated"


def utcnow():
    """Naive UTC, as the other tables store it."""
    return datetime.now(UTC).replace(tzinfo=None)


class DOIState(db.Model):
    """The DataCite side of one DOI."""

    __tablename__ = "rodare_doi_state"

    doi = db.Column(db.String(255), primary_key=True)
    recid = db.Column(db.String(64), nullable=False, index=True)
    """A version's id (for a concept DOI: the version whose metadata was sent last)."""
    is_parent = db.Column(db.Boolean, nullable=False, default=False)
    status = db.Column(db.String(16), nullable=False, index=True)
    last_error = db.Column(db.Text, nullable=True)
    retryable = db.Column(db.Boolean, nullable=False, default=False)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    """Failed attempts since the last success."""
    next_attempt = db.Column(db.DateTime, nullable=True, index=True)
    updated = db.Column(db.DateTime, nullable=False, default=utcnow)

    def dump(self):
        """The JSON form administrators read."""
        return {
            "doi": self.doi, "recid": self.recid, "concept": self.is_parent,
            "status": self.status, "last_error": self.last_error,
            "attempts": self.attempts, "retryable": self.retryable,
            "next_attempt": self.next_attempt.isoformat() + "+00:00" if self.next_attempt else None,
            "updated": self.updated.isoformat() + "+00:00",
        }
