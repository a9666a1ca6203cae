"""``invenio rodare-access sanitise`` cleans access conditions stored before the fix.

Values are written past the service (as the old code stored them), then the command must
clean the records, drafts and parents, re-index them, say what it changed, and change
nothing on a second run.
"""

from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.records.api import RDMDraft, RDMRecord

from rodare_rdm.access.cli import access
from rodare_rdm.access.levels import CONDITIONS_FIELD


def _store_raw(record_cls, pid, value):
    """Write ``value`` as the old code did: into the custom field and the parent, unchecked."""
    item = record_cls.pid.resolve(pid, registered_only=False)
    item["custom_fields"] = {**item["custom_fields"], CONDITIONS_FIELD: value}
    item.commit()
    item.parent.access.settings.accept_conditions_text = value
    item.parent.commit()
    db.session.commit()


def test_sanitise_cleans_stored_conditions_reindexes_and_is_idempotent(
        running_app, people, minimal_record, hostile_conditions, live_payloads,
        custom_field_mappings):
    """Records, drafts and parents are cleaned and re-indexed; a second run changes nothing."""
    owner = people["owner"].identity
    data = {**minimal_record, "access": {"record": "public", "files": "restricted"},
            "custom_fields": {"rodare:access_level": "restricted", CONDITIONS_FIELD: "Ask us."}}
    record = records_service.publish(owner, records_service.create(owner, data).id)
    draft = records_service.edit(owner, record.id)  # an open edit draft holds the value too
    clean_record = records_service.publish(
        owner, records_service.create(owner, {**data, "custom_fields": {
            **data["custom_fields"], CONDITIONS_FIELD: "<p>Ask <b>us</b>.</p>"}}).id)
    _store_raw(RDMRecord, record.id, hostile_conditions)
    _store_raw(RDMDraft, draft.id, hostile_conditions)
    records_service.indexer.index(RDMRecord.pid.resolve(record.id))
    records_service.indexer.refresh()
    assert live_payloads(records_service.read(owner, record.id).to_dict()["parent"]["access"]
                         ["settings"]["accept_conditions_text"])  # the old state is there

    result = running_app.app.test_cli_runner().invoke(access, ["sanitise"])
    assert result.exit_code == 0, result.output
    assert f"record {record.id}" in result.output
    assert f"draft {draft.id}" in result.output
    assert "parent" in result.output
    assert clean_record.id not in result.output  # clean values are left alone

    for cls in (RDMRecord, RDMDraft):
        stored = cls.pid.resolve(record.id, registered_only=False)
        assert stored["custom_fields"][CONDITIONS_FIELD].startswith("Ask")
        assert live_payloads(stored["custom_fields"][CONDITIONS_FIELD]) == []
        assert live_payloads(stored.parent.access.settings.accept_conditions_text) == []
    records_service.indexer.refresh()
    hits = records_service.search(owner, params={"q": f"id:{record.id}"}).to_dict()["hits"]["hits"]
    assert len(hits) == 1
    indexed = hits[0]
    assert live_payloads(indexed["custom_fields"][CONDITIONS_FIELD]) == []
    assert live_payloads(indexed["parent"]["access"]["settings"]["accept_conditions_text"]) == []
    assert RDMRecord.pid.resolve(clean_record.id)["custom_fields"][CONDITIONS_FIELD] == \
        "<p>Ask <b>us</b>.</p>"

    again = running_app.app.test_cli_runner().invoke(access, ["sanitise"])
    assert again.exit_code == 0, again.output
    assert "nothing to sanitise" in again.output
    assert record.id not in again.output
