"""What the form and the landing page say about a version's file window, and to whom.

Upstream's evaluator decides (``RDM_FILE_MODIFICATION_POLICY``, with our policy in
``RDM_IMMEDIATE_FILE_MODIFICATION_POLICIES``): the countdown shows exactly when the unlock
request would be accepted. Only ``valid_user`` (the owners, administrators) learn about it.
"""

from datetime import datetime, timedelta, timezone

from flask import g
from invenio_rdm_records.proxies import current_rdm_records_service as service

from .policies import window_days, window_end


def window(identity, record):
    """``{open, until, days, hours, window_days}`` for those the policy speaks to, else None.

    ``days`` and ``hours`` are what is left, rounded down (the form counts down live from
    ``until``); ``open`` is whether the owners may unlock the files now.
    """
    evaluation = service.config.file_modification_policy.evaluate(identity, record)
    result = evaluation["immediate_file_modification"]
    if not (result.enabled and result.valid_user) or record.deletion_status.is_deleted:
        return None
    until = window_end(record)
    left = max(until - datetime.now(timezone.utc), timedelta(0))
    return {
        "open": result.allowed and left.total_seconds() > 0,
        "until": until.isoformat(),
        "days": left.days,
        "hours": left.seconds // 3600,
        "window_days": window_days(),
    }


def window_for(record_ui):
    """The landing page's helper: the window of the record it shows, for the signed-in user."""
    if not record_ui.get("is_published") or not g.identity:
        return None
    record = service.record_cls.pid.resolve(record_ui["id"])
    return window(g.identity, record)
