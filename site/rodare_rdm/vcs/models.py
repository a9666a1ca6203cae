"""A project's RODARE settings beside invenio-vcs's repository row: its ROBIS id, the access
level of its releases and its HZDR institute.

invenio-vcs 0.3.6 has no place for it (``vcs_repositories`` is upstream's), so one row per
project that has settings, removed with the project.
"""

from invenio_db import db
from invenio_vcs.models import Repository
from sqlalchemy_utils.types import UUIDType


class RepositorySettings(db.Model):
    """What the owner set for one project (``PUT .../repositories/<id>/robis-id``)."""

    __tablename__ = "rodare_vcs_repository_settings"

    repository_id = db.Column(UUIDType, db.ForeignKey(Repository.id, ondelete="CASCADE"),
                              primary_key=True)
    robis_id = db.Column(db.String(16), nullable=True)
    """The ROBIS publication id of the project's releases that name none themselves."""
    access_level = db.Column(db.String(16), nullable=True)
    """The access level of the project's releases (``access.levels``); None: open."""
    embargo_until = db.Column(db.Date, nullable=True)
    """The end of the embargo, when ``access_level`` is embargoed."""
    institute = db.Column(db.String(64), nullable=True)
    """The ``hzdrinstitutes`` id its releases name (``hzdr:institutes``): an HZDR staff
    member's release needs one to publish by itself."""

    @classmethod
    def of(cls, repository_id):
        """The project's settings row, or None (nothing set)."""
        return db.session.get(cls, repository_id)

    @classmethod
    def robis_id_of(cls, repository_id):
        """The ROBIS id set for a project, or None."""
        row = db.session.get(cls, repository_id)
        return row.robis_id if row else None
