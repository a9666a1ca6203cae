"""Releases that wait, and what ends their wait (issue 24, items 3 and 5).

A project has at most one release whose draft waits; the releases after it wait behind it:

=================================== =======================================================
a release                           what happens
=================================== =======================================================
arrives, no draft of the project    upstream's: a draft, published through the gate (as the
waits                               researcher who switched the project on)
refused by the gate for want of     its draft waits (*failed* in upstream's terms, "Waiting
the ROBIS id                        for ROBIS" as its message); ROBIS reachable again, the
                                    id given by ROBIS's callback or set on the project
                                    (``PUT .../robis-id``): :func:`resume` publishes it
refused for another reason (a       its draft waits for the owner, who completes and
staff deposit's institute, ...)     publishes it (the form or REST)
arrives while a draft waits         queued: nothing made (no record of its own, nothing
                                    added to the waiting draft); *failed* with the message
                                    naming the release it waits behind
the waiting draft is published      the oldest queued release is processed (and so on)
=================================== =======================================================

Publishing always goes through the records service as the draft's owner: the ROBIS gate and
every other check hold (nothing published behind the gate's back).
"""

from flask import current_app
from invenio_access.permissions import authenticated_user
from invenio_access.utils import get_identity
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.records.api import RDMDraft
from invenio_vcs.config import get_provider_by_id
from invenio_vcs.models import Release, ReleaseStatus
from invenio_vcs.proxies import current_vcs
from marshmallow import ValidationError
from sqlalchemy.orm.exc import NoResultFound

from ..robis.components import robis_id_of
from ..robis.ids import ROBIS_ID
from .models import RepositorySettings

BEHIND = "behind"
"""The key of a queued release's ``errors``: the id of the release it waits behind."""


def draft_of(release):
    """The release's draft, or None when its owner discarded it."""
    try:
        return RDMDraft.get_record(release.record_id)
    except NoResultFound:
        return None


def waiting_release(repository, exclude=None):
    """The project's release whose draft waits (the oldest), or None. A discarded draft
    waits no more: the releases behind it go on."""
    query = Release.query.filter(
        Release.repository_id == repository.id, Release.record_is_draft.is_(True),
        Release.status.in_([ReleaseStatus.FAILED, ReleaseStatus.PUBLISH_PENDING]))
    if exclude is not None:
        query = query.filter(Release.id != exclude.id)
    return next((r for r in query.order_by(Release.created) if draft_of(r) is not None), None)


def queued_releases(repository):
    """The project's releases queued behind a waiting draft, oldest first."""
    candidates = Release.query.filter(
        Release.repository_id == repository.id, Release.record_id.is_(None),
        Release.status == ReleaseStatus.FAILED).order_by(Release.created).all()
    return [r for r in candidates if isinstance(r.errors, dict) and BEHIND in r.errors]


def queue_behind(release, earlier):
    """Make nothing for ``release`` yet: it waits until ``earlier``'s draft is published."""
    release.status = ReleaseStatus.FAILED
    release.errors = {BEHIND: str(earlier.id), "errors": (
        f"Waits behind the release {earlier.tag}, whose draft is not published yet: it becomes "
        f"the next version once {earlier.tag} is published.")}


def start_next(repository):
    """Process the oldest release queued behind the project's draft (once none waits)."""
    if waiting_release(repository) is not None:
        return None
    queued = queued_releases(repository)
    if not queued:
        return None
    release = queued[0]
    release.status, release.errors = ReleaseStatus.RECEIVED, None
    db.session.commit()
    from invenio_vcs.tasks import process_release

    process_release.delay(release.provider, release.provider_id)
    return release


def release_api(release):
    """Upstream's release object (the repository's files, its provider) for a stored release."""
    provider = get_provider_by_id(release.provider).for_user(release.repository.enabled_by_user_id)
    return current_vcs.release_api_class(release, provider)


def robis_id_for(release):
    """The ROBIS id a waiting release may take: the repository's files, then the project's
    setting, confirmed by ROBIS. Raises RobisUnavailable when ROBIS cannot tell."""
    return release_api(release).named_robis_id(raise_unavailable=True)


def owner_identity(draft):
    """The identity of the draft's owner (who publishes it, as the form would)."""
    identity = get_identity(draft.parent.access.owner.resolve())
    identity.provides.add(authenticated_user)
    return identity


def resume(release):
    """Give a waiting release's draft its ROBIS id (when it has none) and publish it as its
    owner; True if published. A refusal (the gate, a missing institute, ...) keeps it waiting
    with the refusal as its message. Raises RobisUnavailable (the caller retries later)."""
    draft = RDMDraft.get_record(release.record_id)
    if not robis_id_of(draft):
        robis_id = robis_id_for(release)
        if robis_id is None:
            return False
        # as ROBIS's callback sets it: the system's (the gate refuses it from a depositor)
        draft["custom_fields"] = {**(draft.get("custom_fields") or {}), ROBIS_ID: robis_id}
        draft.commit()
        db.session.commit()
    try:
        records_service.publish(owner_identity(draft), draft.pid.pid_value)
    except ValidationError as error:
        db.session.rollback()
        release = db.session.get(Release, release.id)
        release.errors = {"errors": f"Not published: {error.messages}"}
        db.session.commit()
        return False
    db.session.commit()
    current_app.logger.info("vcs: release %s published after waiting", release.id)
    return True


def waiting_for_robis():
    """Releases whose draft waits without a ROBIS id (for the retry task)."""
    releases = Release.query.filter(
        Release.record_is_draft.is_(True), Release.status == ReleaseStatus.FAILED).all()
    return [r for r in releases if (draft := draft_of(r)) is not None and not robis_id_of(draft)]


def stalled_queues():
    """Projects with releases queued behind a draft that waits no more (discarded)."""
    queued = Release.query.filter(Release.record_id.is_(None),
                                  Release.status == ReleaseStatus.FAILED).all()
    return {r.repository for r in queued if isinstance(r.errors, dict) and BEHIND in r.errors}


def set_project_robis_id(repository, robis_id):
    """Store (or, with None, clear) the project's ROBIS id."""
    row = db.session.get(RepositorySettings, repository.id)
    if row is None:
        row = RepositorySettings(repository_id=repository.id)
        db.session.add(row)
    row.robis_id = robis_id
    db.session.commit()
