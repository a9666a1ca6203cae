"""Celery tasks: retry the DOIs DataCite could not take, with back-off (state.failed).

``retry_due_dois`` runs every minute (CELERY_BEAT_SCHEDULE in rodare_rdm/config.py); it only
sends DOIs whose ``next_attempt`` has come, so the delay doubles per failure
(RODARE_DOI_RETRY_*). It also sends the DOIs of published records whose registration task
never reached a worker (the broker was down when the publish committed: state.never_sent).
The state lives in the database, not in Celery, so a lost message or a restart loses nothing.
"""

from celery import shared_task
from flask import current_app
from invenio_db import db

from .state import due, never_sent
from .sync import sync_doi


@shared_task(ignore_result=True)
def retry_due_dois():
    """Send every DOI whose retry is due; one failure does not stop the others."""
    dois = [row.doi for row in due()] + [pid.pid_value for pid in never_sent()]
    for doi in dois:
        try:
            sync_doi(doi)
        except Exception:  # a bad record must not block the queue of the others
            db.session.rollback()
            current_app.logger.exception("Retrying DOI %s failed", doi)

