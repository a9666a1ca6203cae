"""Loading and reloading app_data's HZDR vocabularies; the communities fixture."""

import shutil
from pathlib import Path

import pytest
import yaml
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_search import current_search
from invenio_vocabularies.proxies import current_service as vocabulary_service
from rodare_rdm.hzdr import fixtures

APP_DATA = Path(__file__).resolve().parents[3] / "app_data"


def _reload(folder):
    files = fixtures.vocabulary_files(folder)
    result = {t: fixtures.reload_vocabulary(t, p, e) for t, (p, e) in files.items()}
    current_search.flush_and_refresh("vocabularies")
    return files, result


def test_every_list_names_its_source():
    """HZDR staff can check each list against the public source it came from."""
    for name in ("hzdr_institutes", "hzdr_research", "hzdr_facilities", "affiliations", "funders"):
        text = (APP_DATA / "vocabularies" / f"{name}.yaml").read_text()
        assert "Source" in text or "source" in text.split("\n- ")[0], name


def test_reload_adds_and_updates_and_keeps_records_valid(app, tmp_path, client, publish_with):
    """An edited title and a new entry: one command, existing records stay valid and show it."""
    record = publish_with({"hzdr:institutes": [{"id": "ire"}]})
    _, again = _reload(APP_DATA)
    assert all(created == [] and updated == [] for created, updated in again.values()), again

    folder = tmp_path / "app_data"
    shutil.copytree(APP_DATA, folder)
    path = folder / "vocabularies" / "hzdr_institutes.yaml"
    entries = yaml.safe_load(path.read_text())
    ire = next(e for e in entries if e["id"] == "ire")
    ire["title"]["en"] = "Institute of Resource Ecology (renamed)"
    entries.append({"id": "new-unit", "title": {"en": "A New Unit", "de": "Eine neue Einheit"},
                    "props": {"acronym": "NEW", "kind": "institute", "community": "new-unit"}})
    path.write_text(yaml.safe_dump(entries, allow_unicode=True))

    _, result = _reload(folder)
    assert result["hzdrinstitutes"] == (["new-unit"], ["ire"])
    assert fixtures.reindex_records_using("hzdrinstitutes", ["ire"]) == 1
    records_service.indexer.process_bulk_queue()
    records_service.indexer.refresh()

    shown = client.get(f"/api/records/{record.id}").json["custom_fields"]["hzdr:institutes"]
    assert shown[0]["title"]["en"] == "Institute of Resource Ecology (renamed)"
    hits = client.get("/api/records", query_string={"hzdr_institute": "ire"}).json
    assert hits["hits"]["total"] == 1
    assert hits["aggregations"]["hzdr_institute"]["buckets"][0]["label"] == "Institute of Resource Ecology (renamed)"
    # The record can still be edited and published again, and the new unit can be chosen.
    draft = records_service.edit(system_identity, record.id).to_dict()
    draft["custom_fields"]["hzdr:institutes"].append({"id": "new-unit"})
    updated = records_service.update_draft(system_identity, record.id, draft)
    assert not updated.errors
    records_service.publish(system_identity, record.id)


@pytest.fixture
def community_types(hzdr_vocabularies):
    """InvenioRDM's community types (``invenio rdm-records fixtures`` loads them in an instance)."""
    vocabulary_service.create_type(system_identity, "communitytypes", "comtyp")
    for id_ in ("organization", "topic"):
        vocabulary_service.create(system_identity, {"id": id_, "title": {"en": id_.title()},
                                                    "type": "communitytypes"})


def test_communities_fixture(app, hzdr_vocabularies, community_types):
    """One parent with a subcommunity per institute (today's ids kept) and one per research field."""
    created = fixtures.ensure_communities(hzdr_vocabularies)
    institutes = hzdr_vocabularies["hzdrinstitutes"][1]
    assert created[0] == "rodare"
    assert {"fwc", "fwg", "iim", "energy", "health", "matter"} <= set(created)
    assert len(created) == 1 + len(institutes) + 3
    assert fixtures.ensure_communities(hzdr_vocabularies) == []  # run again: nothing new

    service = current_communities.service
    parent = service.read(system_identity, "rodare")
    hif = service.read(system_identity, "fwg").to_dict()
    assert hif["parent"]["id"] == parent.id
    assert hif["metadata"]["title"] == "Helmholtz Institute Freiberg for Resource Technology"
    energy = service.read(system_identity, "energy").to_dict()
    assert not energy.get("parent")
    assert energy["metadata"]["type"]["id"] == "topic"
    service.indexer.refresh()
    children = service.search(system_identity, params={"q": f"parent.id:{parent.id}", "size": 50}).to_dict()
    assert children["hits"]["total"] == len(institutes)
