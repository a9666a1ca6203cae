"""Celery tasks of the embargo feature: one reminder before an embargo ends."""

from datetime import date, timedelta

from celery import shared_task
from flask import current_app
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_db.uow import UnitOfWork
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from .mail import queue
from .models import REMIND, EmbargoEvent


@shared_task(ignore_result=True)
def send_embargo_reminders():
    """E-mail the owners of embargoes ending within RODARE_EMBARGO_REMINDER_DAYS, once per date.

    Runs daily (CELERY_BEAT_SCHEDULE). "Once" is per end date: an extended embargo gets a
    new reminder before its new end.
    """
    days = current_app.config["RODARE_EMBARGO_REMINDER_DAYS"]
    today = date.today()
    horizon = (today + timedelta(days=days)).isoformat()
    query = (f"access.embargo.active:true AND access.embargo.until:"
             f"[{(today + timedelta(days=1)).isoformat()} TO {horizon}]")
    sent = 0
    for hit in records_service.scan(system_identity, q=query, params={"allversions": True}).hits:
        record = records_service.record_cls.pid.resolve(hit["id"])
        until = record.access.embargo.until.date()
        already = EmbargoEvent.query.filter_by(
            record_pid=hit["id"], action=REMIND, new_until=until).count()
        if already:
            continue
        with UnitOfWork(db.session) as uow:
            uow.session.add(EmbargoEvent(record_pid=hit["id"], parent_id=record.parent.id,
                                         action=REMIND, old_until=until, new_until=until))
            queue(uow, record, "reminder.txt", _("The embargo of your RODARE record ends soon"),
                  until=until.isoformat(), days=(until - today).days)
            uow.commit()
        sent += 1
    current_app.logger.info(f"Sent {sent} embargo reminders")
