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
    """``props.schema.org`` comes back under its own dotted key."""
    props = get_vocabulary_props("resourcetypes", ["props.schema.org"], "dataset")

    assert props == {"schema.org": DATASET}


def test_json_ld_type_is_dataset(client, dataset):
    """The JSON-LD export names the record a Dataset, not a CreativeWork."""
    response = client.get(f"/api/records/{dataset.id}", headers={"Accept": "application/ld+json"})

    assert response.status_code == 200
    assert response.json["@type"] == DATASET


def test_signposting_type_is_dataset(client, dataset):
    """The linkset and the landing page's Link header type the record as a Dataset."""
    linkset = client.get(
        f"/api/records/{dataset.id}", headers={"Accept": "application/linkset+json"}
    ).json["linkset"]
    landing_page = client.get(f"/records/{dataset.id}")

    assert {"href": DATASET} in linkset[0]["type"]
    assert f'<{DATASET}> ; rel="type"' in landing_page.headers["Link"]
