"""DataCite down, failing or refusing: the publication never waits and nothing is lost.

| DataCite                       | publish | DOI state afterwards        | then                      |
|--------------------------------|---------|-----------------------------|---------------------------|
| connection refused             | 201     | failed (retryable), reserved | retry task → registered  |
| 503 twice                      | 201     | failed, back-off doubles    | retry task → registered   |
| 422 (schema-invalid metadata)  | 201     | failed with DataCite's words | admin sees it; not retried |
"""

from datetime import timedelta

import pytest
import time_machine
from invenio_access.permissions import system_identity
from invenio_accounts.testutils import login_user_via_session
from invenio_pidstore.models import PersistentIdentifier
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_vocabularies.proxies import current_service as vocabulary_service
from rodare_rdm.doi.cli import sync as sync_command
from rodare_rdm.doi.models import DOIState, utcnow
from rodare_rdm.doi.tasks import retry_due_dois


def _later(minutes):
    return time_machine.travel(utcnow() + timedelta(minutes=minutes), tick=True)


def test_outage_during_publish_then_recovery(local_datacite, publish, datacite, db, dois_of):
    """DataCite is down: the record is published; the retry registers both DOIs later."""
    local_datacite.stop()
    record = publish(title="Published while DataCite was down")
    version_doi, concept_doi = dois_of(record)

    assert records_service.read(system_identity, record.id).data["is_published"]
    for doi in (version_doi, concept_doi):
        state = db.session.get(DOIState, doi)
        assert state.status == "failed" and state.retryable and state.attempts == 1
        assert "DataCite unreachable" in state.last_error
        assert state.next_attempt > utcnow()
        assert PersistentIdentifier.get("doi", doi).status == "K"  # reserved, not registered

    retry_due_dois()  # not due yet: nothing is sent
    assert db.session.get(DOIState, version_doi).attempts == 1

    local_datacite.start()
    with _later(2):
        retry_due_dois()
    for doi in (version_doi, concept_doi):
        assert db.session.get(DOIState, doi).status == "registered"
        assert PersistentIdentifier.get("doi", doi).status == "R"
        assert datacite.doi(doi)["state"] == "findable"
    assert datacite.doi(version_doi)["titles"] == [{"title": "Published while DataCite was down"}]


def test_5xx_backs_off_then_registers(publish, datacite, db, dois_of):
    """Two 503s: the delay doubles between attempts; the third attempt registers."""
    datacite.fail_next(2, status=503)
    record = publish()
    version_doi, concept_doi = dois_of(record)
    first = db.session.get(DOIState, version_doi)
    assert first.status == "failed" and "503" in first.last_error
    assert db.session.get(DOIState, concept_doi).status == "failed"

    datacite.fail_next(1, status=503)
    with _later(2):
        retry_due_dois()  # version DOI: 503 again; concept DOI: registered
        again = db.session.get(DOIState, version_doi)
        assert again.attempts == 2
        assert again.next_attempt - utcnow() > timedelta(seconds=100)  # 2nd delay: 120 s
    assert db.session.get(DOIState, concept_doi).status == "registered"
    with _later(5):
        retry_due_dois()
    assert db.session.get(DOIState, version_doi).status == "registered"
    assert datacite.doi(version_doi)["state"] == "findable"


def test_cli_resyncs_every_doi(app, local_datacite, publish, datacite, db, dois_of):
    """``invenio rodare-doi sync`` sends every DOI again: what an outage left behind too."""
    ok = publish(title="Registered at once")
    local_datacite.stop()
    late = publish(title="Published during the outage")
    local_datacite.start()
    db.session.commit()

    result = app.test_cli_runner().invoke(sync_command, [])
    assert result.exit_code == 0, result.output
    for record in (ok, late):
        for doi in dois_of(record):
            assert db.session.get(DOIState, doi).status == "registered"
            assert datacite.doi(doi)["state"] == "findable"


def test_invalid_metadata_is_rejected_and_shown_to_administrators(
        app, publish, datacite, db, dois_of, people):
    """A resource type mapped to no DataCite type: DataCite's 422 reaches the admin page."""
    vocabulary_service.create(system_identity, {
        "id": "beamtime", "type": "resourcetypes", "title": {"en": "Beamtime"},
        "props": {"datacite_general": "Beamtime", "datacite_type": "", "csl": "dataset",
                  "openaire_resourceType": "21", "openaire_type": "dataset",
                  "eurepo": "info:eu-repo/semantics/other", "schema.org": "https://schema.org/Dataset",
                  "subtype": "", "type": "beamtime", "marc21_type": "dataset", "marc21_subtype": ""},
        "tags": ["depositable"]})
    record = publish(resource_type={"id": "beamtime"})
    version_doi, concept_doi = dois_of(record)

    state = db.session.get(DOIState, version_doi)
    assert state.status == "failed" and not state.retryable and state.next_attempt is None
    assert "types/resourceTypeGeneral" in state.last_error and "Beamtime" in state.last_error
    assert datacite.doi(version_doi) is None
    with _later(60):
        retry_due_dois()  # a rejected payload is not retried blindly
    assert db.session.get(DOIState, version_doi).attempts == 1

    admin = app.test_client()
    login_user_via_session(admin, email=people["admin"].email)
    states = admin.get("/api/rodare/dois?status=failed").json["hits"]
    assert sorted(s["doi"] for s in states) == sorted([version_doi, concept_doi])
    assert all("Beamtime" in s["last_error"] for s in states)
    page = admin.get("/administration/dois?status=failed")
    assert page.status_code == 200
    assert version_doi in page.text and "resourceTypeGeneral" in page.text

    owner = app.test_client()
    login_user_via_session(owner, email=people["owner"].email)
    assert owner.get("/api/rodare/dois").status_code == 403
    assert owner.get("/administration/dois").status_code == 403


def test_a_registration_lost_with_the_broker_is_sent_by_the_sweep(
        app, publish, datacite, db, dois_of, monkeypatch):
    """The broker is down when the publish commits: the registration task is lost (the
    request fails after the commit). The DOIs stay reserved with no state; the retry task
    registers them once RODARE_DOI_SWEEP_AFTER has passed."""
    from celery import current_app as celery
    from kombu.exceptions import OperationalError
    from stack.services import free_port

    monkeypatch.setattr(celery.conf, "task_always_eager", False)
    monkeypatch.setattr(celery.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/5")
    monkeypatch.setattr(celery.conf, "task_publish_retry_policy", {"max_retries": 0})
    monkeypatch.setattr(celery, "_pool", None)  # connections to the dead broker from now
    try:
        publish(title="Published while the broker was down")
    except OperationalError:
        pass  # the request would answer the maintenance 503 (maintenance/)
    else:
        pytest.fail("the registration task was sent to a dead broker")
    finally:
        celery.pool.force_close_all()
        monkeypatch.undo()
    db.session.rollback()
    record = records_service.read(system_identity, _last_published(db)).data
    assert record["metadata"]["title"] == "Published while the broker was down"
    version_doi, concept_doi = record["pids"]["doi"]["identifier"], \
        record["parent"]["pids"]["doi"]["identifier"]
    for doi in (version_doi, concept_doi):
        assert PersistentIdentifier.get("doi", doi).status == "K"
        assert db.session.get(DOIState, doi) is None  # DataCite never heard of it

    retry_due_dois()  # too early: a task may still be waiting in the queue
    assert db.session.get(DOIState, version_doi) is None
    with _later(app.config["RODARE_DOI_SWEEP_AFTER"] / 60 + 1):
        retry_due_dois()
    for doi in (version_doi, concept_doi):
        assert db.session.get(DOIState, doi).status == "registered"
        assert PersistentIdentifier.get("doi", doi).status == "R"
        assert datacite.doi(doi)["state"] == "findable"


def _last_published(db):
    from invenio_rdm_records.records.models import RDMRecordMetadata

    latest = db.session.query(RDMRecordMetadata).order_by(RDMRecordMetadata.created.desc()).first()
    return latest.json["id"]
