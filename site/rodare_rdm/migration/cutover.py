"""The cut-over: the migrated DOIs, registered by the old RODARE, pointed at the new landing pages.

Until then the DOI provider leaves them alone (state ``migrated``, ``doi/providers.py``), so
the import never touches DataCite. For each migrated DOI, oldest record first, at most
``rate`` per second:

============================== ================================================================
DOI of                         sent to DataCite (through the instance's own provider)
============================== ================================================================
a live version                 its metadata now and ``url`` = its landing page here; findable
a concept                      the latest version's metadata, the concept's landing page
a tombstone                    hidden (it keeps resolving, to the tombstone)
============================== ================================================================

A DOI DataCite refuses stays ``failed`` with DataCite's message (``invenio rodare-doi
status``), and an outage is retried by the DOI feature's task, as for any DOI.
"""

import time

from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_pidstore.models import PersistentIdentifier
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from ..doi.models import MIGRATED, REGISTERED, DOIState


class Throttle:
    """At most ``rate`` calls per second: waits before a call that would come too early."""

    def __init__(self, rate, clock=time.monotonic, sleep=time.sleep):
        """``clock`` and ``sleep`` are the time functions (the tests give their own)."""
        self.interval, self.clock, self.sleep, self.last = 1.0 / rate, clock, sleep, None

    def wait(self):
        """Block until the next call may go."""
        now = self.clock()
        if self.last is not None and now - self.last < self.interval:
            self.sleep(self.interval - (now - self.last))
            now = self.clock()
        self.last = now


def pending():
    """The migrated DOIs that still point at the old RODARE, versions before concepts."""
    rows = DOIState.query.filter_by(status=MIGRATED).all()
    return sorted(rows, key=lambda r: (r.is_parent, int(r.recid) if r.recid.isdigit() else 0, r.doi))


def _latest_live(recid):
    """The id whose record speaks for a concept: its latest version."""
    record = records_service.record_cls.get_record(_uuid(recid), with_deleted=True)
    latest = records_service.record_cls.get_latest_by_parent(record.parent)
    return latest.pid.pid_value if latest is not None else recid


def _uuid(recid):
    return PersistentIdentifier.query.filter_by(pid_type="recid", pid_value=recid).one().object_uuid


def cut_over(rate, dry_run=False, echo=print, throttle=None):
    """Point every migrated DOI here; ``{status: count}`` of the outcome."""
    throttle = throttle or Throttle(rate)
    counts = {}
    for row in pending():
        doi, recid, is_parent = row.doi, row.recid, row.is_parent
        kind = "concept DOI" if is_parent else "DOI"
        if dry_run:
            echo(f"would point {kind} {doi} at record {recid}")
            counts["planned"] = counts.get("planned", 0) + 1
            continue
        throttle.wait()
        row.status = REGISTERED
        db.session.commit()
        try:
            target = _latest_live(recid) if is_parent else recid
            records_service.pids.register_or_update(system_identity, target, "doi", parent=is_parent)
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported; the others go on
            db.session.rollback()
            row = db.session.get(DOIState, doi)
            row.status, row.last_error = "failed", f"cut-over: {type(error).__name__}: {error}"
            db.session.commit()
        status = db.session.get(DOIState, doi).status
        counts[status] = counts.get(status, 0) + 1
        if status == "failed":
            echo(f"{kind} {doi}: {db.session.get(DOIState, doi).last_error}")
    return counts
