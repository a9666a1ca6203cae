"""What happens on its own, with time travel: one reminder, the lift, and the lift's race.

Truly simultaneous runs are kept apart by the row lock the extension takes and by the
record's version counter (a commit from a stale read fails); the two orders in which they
can commit are tested here.

``time_machine`` moves the clock of the service, the tasks and the records alike (the
database stores what Python gives it). The tasks run as Celery runs them in the tests
(eagerly), the same tasks that celery beat runs every day in the instance.
"""

from datetime import date, timedelta

import pytest
import time_machine
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.services.tasks import update_expired_embargos
from marshmallow import ValidationError

from rodare_rdm.embargo import service
from rodare_rdm.embargo.tasks import send_embargo_reminders

END = date.today() + timedelta(days=90)


def at(day):
    """Travel to the morning of ``day`` (the clock keeps ticking)."""
    return time_machine.travel(f"{day.isoformat()}T06:17:00+00:00", tick=True)


def test_reminder_once_at_the_right_day(app, people, embargoed, outbox):
    """Nothing 31 days before; one e-mail 30 days before; none the day after; again after extending."""
    with at(END - timedelta(days=31)):
        send_embargo_reminders.delay()
    assert outbox == []
    with at(END - timedelta(days=30)):
        send_embargo_reminders.delay()
    assert [m.recipients for m in outbox] == [[people["owner"].email]]
    assert f"ends on {END.isoformat()} (in 30 days)" in outbox[0].body
    assert f"/records/{embargoed.id}#rodare-embargo-extend" in outbox[0].body
    with at(END - timedelta(days=29)):
        send_embargo_reminders.delay()
    assert len(outbox) == 1
    later = END + timedelta(days=100)
    with at(END - timedelta(days=29)):
        service.extend(people["owner"].identity, embargoed.id, later, "More time")
        records_service.indexer.refresh()
    with at(later - timedelta(days=30)):
        send_embargo_reminders.delay()
    assert len(outbox) == 2 and f"ends on {later.isoformat()}" in outbox[1].body


def test_lift_at_the_right_day(app, db, people, embargoed, outbox, owner_client):
    """The day before: still embargoed. On the day: open, indexed, the owners told."""
    with at(END - timedelta(days=1)):
        update_expired_embargos.delay()
    assert records_service.record_cls.pid.resolve(embargoed.id).access.embargo.active
    with at(END):
        update_expired_embargos.delay()
        records_service.indexer.refresh()
        db.session.expire_all()
        record = app.test_client().get(f"/api/records/{embargoed.id}").json
        assert record["custom_fields"]["rodare:access_level"] == "open"
        assert record["access"]["files"] == "public"
        hit = app.test_client().get("/api/records", query_string={"q": f"id:{embargoed.id}"}).json
        assert hit["hits"]["hits"][0]["access"]["status"] == "open"
        oai = app.test_client().get("/oai2d", query_string={
            "verb": "GetRecord", "metadataPrefix": "oai_dc",
            "identifier": f"oai:rodare.hzdr.de:{embargoed.id}"}).get_data(as_text=True)
        assert "info:eu-repo/semantics/openAccess" in oai and "embargoEnd" not in oai
    events = owner_client.get(f"/api/records/{embargoed.id}/embargo/history").json["hits"]
    assert [e["action"] for e in events] == ["lift"]
    assert [m.recipients for m in outbox] == [[people["owner"].email]]
    assert "The files are now open" in outbox[0].body


def test_lift_first_then_extension_is_refused(app, db, people, embargoed):
    """The lift committed first: the extension finds an open record and changes nothing."""
    with at(END):
        update_expired_embargos.delay()
        with pytest.raises(ValidationError) as refused:
            service.extend(people["owner"].identity, embargoed.id, END + timedelta(days=60))
    assert "not under embargo" in str(refused.value.messages)
    record = records_service.record_cls.pid.resolve(embargoed.id)
    assert not record.access.embargo.active and record["custom_fields"]["rodare:access_level"] == "open"


def test_extension_first_then_lift_keeps_embargo(app, db, people, embargoed):
    """The extension committed first: the lift that runs after it has nothing to lift."""
    later = END + timedelta(days=60)
    with at(END):
        service.extend(people["owner"].identity, embargoed.id, later, "Race")
        records_service.indexer.refresh()
        update_expired_embargos.delay()
    record = records_service.record_cls.pid.resolve(embargoed.id)
    assert record.access.embargo.active and record.access.embargo.until.date() == later
    assert record["custom_fields"]["rodare:access_level"] == "embargoed"
