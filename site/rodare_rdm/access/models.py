"""Who changed a record's access level, when, from what to what.

A table of its own, not a field of the record: the record's JSON is public (metadata is
always public), the history is for the record's owners and curators only.
"""

from datetime import datetime, timezone

from invenio_db import db
from sqlalchemy_utils import UUIDType


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class AccessLevelChange(db.Model):
    """One change of the access level of a published record (the first publish included)."""

    __tablename__ = "rodare_access_level_change"

    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    created = db.Column(db.DateTime, nullable=False, default=_now, index=True)
    record_pid = db.Column(db.String(64), nullable=False, index=True)
    parent_id = db.Column(UUIDType, nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("accounts_user.id", ondelete="SET NULL"),
                        nullable=True)
    old_level = db.Column(db.String(16), nullable=True)
    new_level = db.Column(db.String(16), nullable=False)

    user = db.relationship("User", lazy="joined")

    @classmethod
    def add(cls, identity, record, old, new):
        """Record that ``identity`` moved ``record`` from level ``old`` to ``new``."""
        db.session.add(cls(
            record_pid=record.pid.pid_value,
            parent_id=record.parent.id,
            user_id=identity.id if isinstance(identity.id, int) else None,
            old_level=old,
            new_level=new,
        ))

    def dump(self):
        """The JSON form that owners read."""
        return {
            "user_email": self.user.email if self.user else None,
            "created": self.created.isoformat() + "+00:00",
            "record": self.record_pid,
            "user": str(self.user_id) if self.user_id else "system",
            "from": self.old_level,
            "to": self.new_level,
        }
