"""The local DataCite (stack/standins/datacite.py) answers the ``datacite`` client as DataCite does.

| request                                   | answer                                  |
|-------------------------------------------|-----------------------------------------|
| public_doi (POST, event publish)          | 201, findable, kept on disk             |
| the same DOI again                        | 422 "already been taken"                |
| update_doi (PUT), hide_doi, show_doi      | 200; state findable ↔ registered        |
| delete_doi of a findable / a draft DOI    | 405 / 204                               |
| schema-invalid metadata, no URL           | 422 with DataCite-style errors          |
| wrong password; other prefix              | 401; 422                                |
"""

import json
import subprocess
import sys

import pytest
import requests
from datacite import DataCiteRESTClient
from datacite.errors import (
    DataCiteError,
    DataCiteNotFoundError,
    DataCiteServerError,
    DataCiteUnauthorizedError,
)

from stack.services import free_port, wait_for_port

METADATA = {
    "creators": [{"name": "Rossendorf, Rosa", "nameType": "Personal"}],
    "titles": [{"title": "Beamline data"}],
    "publisher": {"name": "Helmholtz-Zentrum Dresden-Rossendorf"},
    "publicationYear": "2024",
    "types": {"resourceTypeGeneral": "Dataset", "resourceType": ""},
    "schemaVersion": "http://datacite.org/schema/kernel-4",
}


@pytest.fixture
def server(tmp_path):
    """The server on a free port, keeping its DOIs in tmp_path."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "stack.standins.datacite", "--port", str(port), "--dir",
                             str(tmp_path), "--prefix", "10.5072", "--username", "RODARE.TEST",
                             "--password", "secret"], stdout=subprocess.DEVNULL)
    wait_for_port(port, proc=proc, name="local DataCite")
    yield f"http://127.0.0.1:{port}/", tmp_path
    proc.terminate()
    proc.wait(timeout=10)


def _client(url, password="secret", prefix="10.5072"):
    return DataCiteRESTClient("RODARE.TEST", password, prefix, test_mode=False, url=url)


def test_lifecycle_with_the_datacite_client(server):
    """Publish, update, hide, show; the file on disk is what DataCite would show."""
    url, folder = server
    client = _client(url)
    doi = client.public_doi(dict(METADATA), "https://rodare.example/records/10002",
                            doi="10.5072/rodare.10002")
    assert doi == "10.5072/rodare.10002"
    kept = json.loads((folder / "10.5072" / "rodare.10002.json").read_text())
    assert kept["state"] == "findable" and kept["titles"] == METADATA["titles"]
    assert client.get_doi(doi) == "https://rodare.example/records/10002"

    with pytest.raises(DataCiteError, match="already been taken"):
        client.public_doi(dict(METADATA), "https://rodare.example/x", doi=doi)

    attributes = client.update_doi(doi, metadata={**METADATA, "titles": [{"title": "New"}]})
    assert attributes["titles"] == [{"title": "New"}] and attributes["state"] == "findable"
    assert client.hide_doi(doi)["state"] == "registered"
    assert client.show_doi(doi)["state"] == "findable"
    with pytest.raises(DataCiteServerError, match="not a draft"):  # 405
        client.delete_doi(doi)

    draft = client.draft_doi(doi="10.5072/rodare.draft")
    assert client.get_metadata(draft)["state"] == "draft"
    client.delete_doi(draft)
    with pytest.raises(DataCiteNotFoundError):
        client.get_metadata(draft)
    log = [json.loads(line) for line in (folder / "requests.jsonl").read_text().splitlines()]
    assert [entry["method"] for entry in log][:2] == ["POST", "POST"]


def test_invalid_metadata_is_422_with_datacite_errors(server):
    """Schema 4.5 violations and a missing URL: 422, one error per problem, nothing stored."""
    url, folder = server
    bad = {**METADATA, "types": {"resourceTypeGeneral": "Beamtime"}, "publicationYear": 2024.5}
    bad.pop("titles")
    response = requests.post(f"{url}dois", auth=("RODARE.TEST", "secret"), json={"data": {
        "type": "dois", "attributes": {**bad, "doi": "10.5072/bad", "event": "publish"}}})
    assert response.status_code == 422
    errors = response.json()["errors"]
    sources = {e["source"] for e in errors}
    assert {"types/resourceTypeGeneral", "url"} <= sources
    assert any("'titles' is a required property" in e["title"] for e in errors)
    assert all(e["status"] == "422" for e in errors)
    assert not (folder / "10.5072" / "bad.json").exists()


def test_auth_prefix_and_faults(server):
    """Wrong password: 401. A DOI of another prefix: 422. An outage drill: 503 then fine."""
    url, _ = server
    with pytest.raises(DataCiteUnauthorizedError):
        _client(url, password="wrong").public_doi(dict(METADATA), "https://x.example/", doi="10.5072/a")
    with pytest.raises(DataCiteError, match="prefix"):
        _client(url, prefix="10.9999").public_doi(dict(METADATA), "https://x.example/", doi="10.9999/a")
    requests.post(f"{url}_faults", json={"status": 503, "count": 1}).raise_for_status()
    with pytest.raises(DataCiteServerError, match="Unavailable"):
        _client(url).public_doi(dict(METADATA), "https://x.example/", doi="10.5072/a")
    assert _client(url).public_doi(dict(METADATA), "https://x.example/", doi="10.5072/a") == "10.5072/a"


@pytest.mark.parametrize("coordinate, status", [("51.0626", 201), (51.0626, 201), ("Rossendorf", 422),
                                                ("123.4", 422)])
def test_geolocation_coordinates_as_datacite_takes_them(server, coordinate, status):
    """Numbers or numeric strings (DataCite's documented type); not words, not out of range."""
    url, folder = server
    point = {"pointLatitude": coordinate, "pointLongitude": "13.9495"}
    response = requests.post(f"{url}dois", auth=("RODARE.TEST", "secret"), json={"data": {
        "type": "dois", "attributes": {**METADATA, "doi": "10.5072/geo", "event": "publish",
                                       "url": "https://rodare.example/records/geo",
                                       "geoLocations": [{"geoLocationPoint": point}]}}})
    assert response.status_code == status, response.text
    if status == 201:
        stored = json.loads((folder / "10.5072" / "geo.json").read_text())
        assert stored["geoLocations"] == [{"geoLocationPoint": point}]
