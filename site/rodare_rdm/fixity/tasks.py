"""The scheduled check: a batch of files per run, the whole store within RODARE_FIXITY_PERIOD.

Upstream's ``FileInstance.verify_checksum`` computes the checksum and stores ``last_check``
and ``last_check_at``; this task picks the batch, marks a file that is gone as failed
(upstream would store "not checked", which serves as if intact), and e-mails the
administrators about each file that newly failed (a file failing again is not news):

| before        | check finds             | last_check | e-mail |
|---------------|-------------------------|------------|--------|
| True / None   | checksum matches        | True       | no     |
| True / None   | mismatch or no file     | False      | yes    |
| False         | mismatch or no file     | False      | no     |
| False         | matches (restored)      | True       | no     |
| any           | storage error (I/O)     | None       | no     |

A download that finds a file missing before its check queues ``verify_file`` for it, so
the administrators hear of it at once (the 503 page tells the visitor they did).
"""

import math
import uuid
from datetime import date, datetime, timezone

import sqlalchemy as sa
from celery import shared_task
from celery.utils.time import maybe_timedelta
from flask import current_app
from invenio_db import db
from invenio_files_rest.models import FileInstance

from .mail import report_failures


def batch_size(total):
    """Files per run so that ``total`` files are all checked within the period."""
    config = current_app.config
    runs = max(1, int(maybe_timedelta(config["RODARE_FIXITY_PERIOD"]).total_seconds()
                      // maybe_timedelta(config["RODARE_FIXITY_INTERVAL"]).total_seconds()))
    return max(math.ceil(total / runs), config["RODARE_FIXITY_MAX_COUNT"], 1)


def verify(file_instance):
    """Check one file; ``True`` when it newly failed."""
    before = file_instance.last_check
    storage = file_instance.storage()
    if not storage.exists():
        file_instance.last_check = False
        file_instance.last_check_at = datetime.now(timezone.utc)
    else:
        try:
            file_instance.verify_checksum(throws=True)
        except Exception:  # an I/O error says nothing about the bytes: "not checked"
            current_app.logger.exception("fixity: could not check %s", file_instance.id)
            file_instance.verify_checksum(throws=False)
    return before is not False and file_instance.last_check is False


@shared_task(ignore_result=True)
def verify_file(file_id):
    """Check one file now (a download found it missing); e-mail if it newly failed."""
    file_instance = db.session.get(FileInstance, uuid.UUID(file_id))
    if file_instance is not None and verify(file_instance):
        db.session.commit()
        report_failures([file_instance])
    db.session.commit()


@shared_task(ignore_result=True)
def verify_batch(everything=False):
    """Check the files checked longest ago (or ``everything``); e-mail the administrators
    about the files that newly failed; how many did."""
    files = FileInstance.query.filter_by(readable=True)
    size = files.count() if everything else batch_size(files.count())
    batch = files.order_by(sa.func.coalesce(FileInstance.last_check_at, date.min)).limit(size)
    failed = []
    for file_instance in batch.all():
        if verify(file_instance):
            failed.append(file_instance)
        db.session.commit()
    if failed:
        report_failures(failed)
    return len(failed)
