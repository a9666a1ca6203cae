"""The administration page: every software release across users, with its state.

Read from invenio-vcs's tables (a release row per tag; a few hundred a year at HZDR, so the
newest ``RODARE_VCS_ADMIN_ROWS`` are shown, no search index needed). A release the gate
keeps (or queued behind one) is *Waiting*, not upstream's *Failed* (``vcs/waiting.py``).
"""

from flask import current_app
from invenio_accounts.models import User
from invenio_administration.views.base import AdminView
from invenio_db import db
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.records.api import RDMDraft, RDMRecord
from invenio_vcs.models import Release
from sqlalchemy.orm.exc import NoResultFound

WAITING_PREFIXES = ("Waiting for ROBIS", "Waits behind")


def message_of(release):
    """The message stored with a release (upstream keeps ``{"errors": ...}``), or ""."""
    errors = release.errors
    message = errors.get("errors") if isinstance(errors, dict) else errors
    return message if isinstance(message, str) else ""


def state_of(release):
    """``waiting``, ``published``, ``failed``, or upstream's state in lower case."""
    name = release.status.name.lower()
    if name == "failed" and message_of(release).startswith(WAITING_PREFIXES):
        return "waiting"
    return name


def record_of(release):
    """(recid, is draft, DOI) of the release's record or draft, or None."""
    if release.record_id is None:
        return None
    try:
        record = (RDMDraft if release.record_is_draft else RDMRecord).get_record(release.record_id)
    except NoResultFound:
        return None
    doi = (record.get("pids") or {}).get("doi", {}).get("identifier")
    return record.pid.pid_value, release.record_is_draft, doi


def release_rows(limit):
    """The newest ``limit`` releases as the page lists them."""
    releases = Release.query.order_by(Release.created.desc()).limit(limit).all()
    owners = {release.repository.enabled_by_user_id for release in releases if release.repository}
    emails = dict(db.session.query(User.id, User.email).filter(User.id.in_(owners))) if owners else {}
    return [{"project": release.repository.full_name if release.repository else "?",
             "provider": release.provider, "tag": release.tag, "created": release.created,
             "state": state_of(release), "message": message_of(release),
             "owner": emails.get(release.repository.enabled_by_user_id) if release.repository else None,
             "record": record_of(release)} for release in releases]


class ReleasesAdminView(AdminView):
    """The table (newest first); nothing while the feature is off (its tables may be absent)."""

    extension_name = "rodare-vcs"
    name = "software-releases"
    url = "/software-releases"
    category = _("Deposits")
    menu_label = _("Software releases")
    order = 60
    icon = "code branch"
    template = "rodare_rdm/vcs/admin.html"

    def get(self):
        """The table."""
        enabled = current_app.config.get("RODARE_VCS_ENABLED")
        rows = release_rows(current_app.config["RODARE_VCS_ADMIN_ROWS"]) if enabled else []
        return self.render(releases=rows, enabled=enabled)
