"""Access conditions are HTML on the landing page: they are sanitised on the way in.

Issue 19, item 1: conditions went from a plain text field into the parent's
``accept_conditions_text``, which upstream's landing page renders with ``| safe``.
"""

from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.records.api import RDMDraft

from rodare_rdm.access.levels import CONDITIONS_FIELD


def _restricted(minimal_record, conditions):
    return {**minimal_record,
            "access": {"record": "public", "files": "restricted"},
            "custom_fields": {"rodare:access_level": "restricted", CONDITIONS_FIELD: conditions}}


def test_the_check_finds_every_payload_of_the_corpus(xss_corpus, hostile_text, hostile_conditions,
                                                     live_payloads):
    """Positive control: served raw, every payload is live but the two that are text until
    something unescapes them or uses them as a URL (entity-encoded, bare ``javascript:``)."""
    assert len(live_payloads(hostile_text)) == len(xss_corpus) - 2
    assert live_payloads(hostile_conditions) == ["<img onerror='alert(1)'>", "<script>alert(2)</script>"]


def test_conditions_are_sanitised_on_create_update_and_publish(
        running_app, people, minimal_record, hostile_text, hostile_conditions, live_payloads,
        custom_field_mappings):
    """The draft, the published record and the parent's settings keep no live markup."""
    owner = people["owner"].identity
    draft = records_service.create(owner, _restricted(minimal_record, hostile_conditions))
    stored = draft.to_dict()["custom_fields"][CONDITIONS_FIELD]
    assert live_payloads(stored) == []
    assert stored.startswith("Ask") and "<script" not in stored and "onerror" not in stored

    draft = records_service.update_draft(owner, draft.id, _restricted(
        minimal_record, f"<p>Ask <b>us</b> first.</p> {hostile_text}"))
    stored = draft.to_dict()["custom_fields"][CONDITIONS_FIELD]
    assert live_payloads(stored) == []
    assert stored.startswith("<p>Ask <b>us</b> first.</p>")  # upstream's allowed tags stay
    assert "<svg" not in stored and "<iframe" not in stored and "<script" not in stored

    record = records_service.publish(owner, draft.id)
    settings = record._record.parent.access.settings
    assert settings.accept_conditions_text == stored
    assert live_payloads(record.to_dict()["custom_fields"][CONDITIONS_FIELD]) == []


def test_the_reported_record_shows_no_live_markup_to_visitors(
        running_app, publish_restricted, hostile_conditions, live_payloads):
    """The reproduction of the report: an anonymous visitor opens the landing page."""
    record = publish_restricted(hostile_conditions)

    page = running_app.app.test_client().get(f"/records/{record.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "rich-input-content" in html  # the conditions box is there, with the text
    assert live_payloads(html) == []
    assert "alert(2)" in html  # the script's text, as text


def test_publishing_a_draft_saved_before_the_fix_sanitises_the_parent(
        running_app, people, minimal_record, hostile_conditions, live_payloads,
        custom_field_mappings):
    """A draft that still holds raw conditions (saved by the old code) publishes clean ones."""
    owner = people["owner"].identity
    draft = records_service.create(owner, _restricted(minimal_record, "Ask us."))
    stored = RDMDraft.pid.resolve(draft.id, registered_only=False)
    stored["custom_fields"] = {**stored["custom_fields"], CONDITIONS_FIELD: hostile_conditions}
    stored.commit()
    db.session.commit()

    record = records_service.publish(owner, draft.id)
    text = record._record.parent.access.settings.accept_conditions_text
    assert text.startswith("Ask") and live_payloads(text) == []
