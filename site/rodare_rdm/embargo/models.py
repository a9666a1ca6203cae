"""What happened to a record's embargo: extended, ended early, lifted, reminded.

A table of its own (not record JSON, which is public): owners and curators read it, and
the reminder task reads it to remind once per end date.
"""

from datetime import datetime, timezone

from invenio_db import db
from sqlalchemy_utils import UUIDType

EXTEND, END, LIFT, REMIND = "extend", "end", "lift", "remind"


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class EmbargoEvent(db.Model):
    """One event of an embargo."""

    __tablename__ = "rodare_embargo_event"

    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    created = db.Column(db.DateTime, nullable=False, default=_now, index=True)
    record_pid = db.Column(db.String(64), nullable=False, index=True)
    parent_id = db.Column(UUIDType, nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("accounts_user.id", ondelete="SET NULL"),
                        nullable=True)
    action = db.Column(db.String(16), nullable=False)
    old_until = db.Column(db.Date, nullable=True)
    new_until = db.Column(db.Date, nullable=True)
    reason = db.Column(db.Text, nullable=True)

    user = db.relationship("User", lazy="joined")

    def dump(self):
        """The JSON form owners and curators read."""
        return {
            "created": self.created.isoformat() + "+00:00",
            "record": self.record_pid,
            "action": self.action,
            "user": str(self.user_id) if self.user_id else "system",
            "user_email": self.user.email if self.user else None,
            "from": self.old_until.isoformat() if self.old_until else None,
            "to": self.new_until.isoformat() if self.new_until else None,
            "reason": self.reason,
        }
