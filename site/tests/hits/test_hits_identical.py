"""The record schema kept per request (``rodare_rdm.hits``) answers exactly as upstream's.

The same searches are answered twice, once with upstream's ``RDMRecordSchema`` (a new
instance per hit) and once with ``RodareRecordSchema`` (one per request), and the JSON
must be identical: both media types of the search page and the REST API, anonymous and
as the owner, over records at the four access levels, with and without files and HZDR
fields, a second version, a community member and a draft (the owner's dashboard).
"""

import pytest
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.services.schemas import RDMRecordSchema
from rodare_rdm.hits.schema import RodareRecordSchema

UI = "application/vnd.inveniordm.v1+json"
JSON = "application/json"


@pytest.fixture
def varied(publish_at_level, curated_community, hzdr_vocabularies, people, minimal_record):
    """Records that exercise every part of the hit: levels, files, HZDR fields, versions."""
    owner = people["owner"].identity
    for level in ("open", "embargoed", "restricted", "closed"):
        publish_at_level(level)
    publish_at_level("open", community=curated_community)
    fields = {"rodare:access_level": "open",
              "hzdr:institutes": [{"id": "iim"}, {"id": "hif"}],
              "hzdr:programme": {"id": "matter-mml-dmc"},
              "hzdr:facilities": [{"id": "ibc"}, {"id": "elbe-telbe"}],
              "hzdr:proposals": ["20231234"],
              "hzdr:experiment_period": "2024-03-04/2024-03-08"}
    data = {**minimal_record, "custom_fields": fields,
            "metadata": {**minimal_record["metadata"], "publication_date": "2023-11/2024-02",
                         "description": "<p>Spectra <b>from</b> ELBE</p>",
                         "subjects": [{"subject": "neutrons"}]}}
    first = records_service.publish(owner, records_service.create(owner, data).id)
    draft = records_service.new_version(owner, first.id)
    records_service.update_draft(owner, draft.id, {**data, "metadata": {
        **data["metadata"], "publication_date": "2025", "version": "v2"}})
    records_service.publish(owner, draft.id)
    records_service.create(owner, minimal_record)  # a draft, never published
    records_service.indexer.refresh()
    records_service.draft_indexer.refresh()


class Upstream(RDMRecordSchema):
    """Upstream's schema, counting its instances."""

    made = 0

    def __init__(self, *args, **kwargs):
        type(self).made += 1
        super().__init__(*args, **kwargs)


class Kept(RodareRecordSchema):
    """The kept schema, counting its instances."""

    made = 0

    def __init__(self, *args, **kwargs):
        type(self).made += 1
        super().__init__(*args, **kwargs)


def _answers(set_config, client, schema, url, accept):
    """The JSON of one search served with ``schema``, and how many instances it made (each
    request to the REST app has an app context of its own)."""
    set_config("RDM_RECORD_SCHEMA", schema)
    schema.made = 0
    response = client.get(url, headers={"Accept": accept})
    assert response.status_code == 200, response.data
    return response.json, schema.made


@pytest.mark.parametrize("accept", [UI, JSON])
@pytest.mark.parametrize("url", ["/api/records?size=20", "/api/records?q=ELBE&size=20",
                                 "/api/records?size=20&allversions=true&sort=newest"])
def test_search_answers_identical(api, owner_client, varied, set_config, url, accept):
    """Anonymous and owner: the same JSON from upstream's schema and the kept one, which
    is built once for the page where upstream builds one per hit."""
    for client in (api, owner_client):
        upstream, per_hit = _answers(set_config, client, Upstream, url, accept)
        kept, once = _answers(set_config, client, Kept, url, accept)
        hits = len(kept["hits"]["hits"])
        assert hits >= 6 and kept["hits"]["total"] >= 6
        fields = [hit.get("custom_fields", {}) for hit in kept["hits"]["hits"]]
        assert {f.get("rodare:access_level") for f in fields} >= {
            "open", "embargoed", "restricted", "closed"}
        assert any("hzdr:institutes" in f for f in fields)
        assert per_hit >= hits and once == 1
        assert kept == upstream


@pytest.mark.parametrize("accept", [UI, JSON])
def test_dashboard_answers_identical(owner_client, varied, set_config, accept):
    """The owner's records and drafts (user dashboard) as well."""
    url = "/api/user/records?size=20&sort=newest"
    upstream, _ = _answers(set_config, owner_client, Upstream, url, accept)
    kept, once = _answers(set_config, owner_client, Kept, url, accept)
    assert once == 1
    assert any(hit["is_draft"] for hit in kept["hits"]["hits"])
    assert kept == upstream


def test_one_instance_per_app_context(app):
    """Without arguments the app context's instance; with arguments or none a new one."""
    with app.app_context():
        assert RodareRecordSchema() is RodareRecordSchema()
        assert RodareRecordSchema(partial=True) is not RodareRecordSchema()
        kept = RodareRecordSchema()
    with app.app_context():
        assert RodareRecordSchema() is not kept


def test_the_records_service_uses_it(app):
    """The instance's configuration chooses it for the records service."""
    assert app.config["RDM_RECORD_SCHEMA"] is RodareRecordSchema
    assert records_service.config.schema is RodareRecordSchema
