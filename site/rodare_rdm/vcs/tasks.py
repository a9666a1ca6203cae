"""Celery tasks of the software releases: a waiting release resumed, the next one started,
and the releases that wait for ROBIS asked about again (``vcs/waiting.py``)."""

from celery import shared_task
from flask import current_app
from invenio_db import db
from invenio_vcs.models import Release, Repository

from ..robis.lookup import RobisUnavailable
from . import waiting


@shared_task(ignore_result=True)
def resume_release(release_id):
    """Publish a waiting release's draft now that its ROBIS id may be there."""
    if not current_app.config.get("RODARE_VCS_ENABLED"):
        return
    release = db.session.get(Release, release_id)
    if release is None or not release.record_is_draft:
        return
    try:
        waiting.resume(release)
    except RobisUnavailable as error:
        current_app.logger.warning("vcs: release %s still waits: %s", release_id, error)


@shared_task(ignore_result=True)
def start_queued(repository_id):
    """Process the release queued behind a draft that has just been published."""
    repository = db.session.get(Repository, repository_id)
    if repository is not None and current_app.config.get("RODARE_VCS_ENABLED"):
        waiting.start_next(repository)


@shared_task(ignore_result=True)
def retry_waiting_releases():
    """The beat's: ask ROBIS again for each release whose draft waits without an id (ROBIS
    was unreachable, or the id has been registered since); publish those it confirms. Also
    starts releases queued behind a draft its owner discarded."""
    if not current_app.config.get("RODARE_VCS_ENABLED"):
        return
    for repository in waiting.stalled_queues():
        waiting.start_next(repository)  # no-op while a draft of the project waits
    for release in waiting.waiting_for_robis():
        try:
            waiting.resume(release)
        except RobisUnavailable as error:
            current_app.logger.warning("vcs: ROBIS still unreachable: %s", error)
            return  # the next run asks again
