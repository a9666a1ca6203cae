"""A dataset's schema.org type reaches JSON-LD and Signposting (gap G4, vocabularies.py)."""

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.resources.serializers.utils import get_vocabulary_props

DATASET = "https://schema.org/Dataset"


@pytest.fixture
def dataset(running_app, minimal_record):
    """A published record whose resource type is ``dataset``."""
    draft = records_service.create(system_identity, minimal_record)
    return records_service.publish(system_identity, draft.id)


def test_dotted_vocabulary_prop_is_read_as_stored(running_app):
    """``props.schema.org`` comes back under its own dotted key, not re-nested."""
    props = get_vocabulary_props("resourcetypes", ["props.schema.org"], "dataset")

    assert props["schema.org"] == DATASET
    assert "schema" not in props


def test_json_ld_type_is_dataset(client, dataset):
    """The JSON-LD export names the record a Dataset, not a CreativeWork."""
    response = client.get(f"/api/records/{dataset.id}", headers={"Accept": "application/ld+json"})

    assert response.status_code == 200
    assert response.json["@type"] == DATASET


def test_signposting_linkset_type_is_dataset(client, dataset):
    """The Signposting linkset types the record as a Dataset (and an AboutPage)."""
    headers = {"Accept": "application/linkset+json"}
    response = client.get(f"/api/records/{dataset.id}", headers=headers)

    assert response.status_code == 200
    assert {"href": DATASET} in response.json["linkset"][0]["type"]


def test_signposting_link_header_type_is_dataset(running_app, client, dataset, monkeypatch):
    """With level-1 Signposting, the landing page's Link header types the record as a Dataset."""
    monkeypatch.setitem(
        running_app.app.config, "APP_RDM_RECORD_LANDING_PAGE_FAIR_SIGNPOSTING_LEVEL_1_ENABLED", True
    )

    response = client.get(f"/records/{dataset.id}")

    assert response.status_code == 200
    assert f'<{DATASET}> ; rel="type"' in response.headers["Link"]
