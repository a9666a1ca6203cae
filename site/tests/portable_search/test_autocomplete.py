"""Vocabulary autocomplete, as the deposit form uses it (``?suggest=`` on each endpoint)."""

import pytest
from invenio_access.permissions import system_identity
from invenio_records_resources.proxies import current_service_registry
from invenio_vocabularies.proxies import current_service as vocabularies


@pytest.fixture
def entries(running_app, search_clear):
    """A few entries of the vocabularies the deposit form completes."""
    vocabularies.create_type(system_identity, "languages", "lng")
    for entry in ({"id": "deu", "title": {"en": "German"}, "props": {"alpha_2": "de"}},
                  {"id": "eng", "title": {"en": "English"}, "props": {"alpha_2": "en"}}):
        vocabularies.create(system_identity, {**entry, "type": "languages"})
    registry = current_service_registry
    registry.get("affiliations").create(system_identity, {
        "id": "01zy2cs03", "name": "Helmholtz-Zentrum Dresden-Rossendorf", "acronym": "HZDR",
        "identifiers": [{"scheme": "ror", "identifier": "01zy2cs03"}],
    })
    registry.get("subjects").create(system_identity, {
        "id": "https://www.oecd.org/fos/1.3", "scheme": "FOS", "subject": "Physical sciences",
    })
    registry.get("funders").create(system_identity, {
        "id": "00k4n6c32", "name": "European Commission", "country": "BE",
        "identifiers": [{"scheme": "ror", "identifier": "00k4n6c32"}],
    })
    registry.get("names").create(system_identity, {
        "id": "0000-0002-1825-0097", "given_name": "Rosa", "family_name": "Rossendorf",
        "identifiers": [{"scheme": "orcid", "identifier": "0000-0002-1825-0097"}],
        "affiliations": [{"name": "HZDR"}],
    })
    for name in ("affiliations", "subjects", "funders", "names"):
        registry.get(name).indexer.refresh()
    vocabularies.indexer.refresh()


@pytest.mark.parametrize("url,prefix,expected", [
    ("/api/vocabularies/languages", "germ", "German"),
    ("/api/affiliations", "helmholtz", "Helmholtz-Zentrum Dresden-Rossendorf"),
    ("/api/affiliations", "hzdr", "Helmholtz-Zentrum Dresden-Rossendorf"),
    ("/api/subjects", "phys", "Physical sciences"),
    ("/api/funders", "europ", "European Commission"),
    ("/api/names", "rossen", "Rossendorf, Rosa"),
])
def test_suggest_finds_by_prefix(client_with_login, entries, url, prefix, expected):
    """A typed prefix finds the entry, and only it."""
    response = client_with_login.get(url, query_string={"suggest": prefix})
    assert response.status_code == 200, response.json
    hits = response.json["hits"]["hits"]
    labels = [hit.get("title", {}).get("en") or hit.get("name") or hit.get("subject")
              for hit in hits]
    assert labels == [expected]
