"""The legacy-RODARE stand-in (stack/standins/legacy_rodare.py) and its corpus.

| request                                   | answer                                     |
|-------------------------------------------|--------------------------------------------|
| records search, followed by links.next    | every published version once, by id        |
| a deleted version / an unknown id         | 410 / 404                                  |
| files of a closed record without token    | left out of the JSON; download 401         |
| files with the admin token                | the bytes, matching the MD5 checksum       |
| depositions without / with a user token   | 401 / only the user's own; others' 403     |
| q=updated:[date TO *]                     | only what changed since                    |
| bad page, size or q                       | 400 with a message                         |
"""

import hashlib
import json
import subprocess
import sys
from collections import Counter

import pytest
import requests

from stack.services import free_port, wait_for_port
from stack.standins import legacy_corpus

ADMIN = "legacy-admin-token"


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    """The stand-in on a free port over a freshly written corpus."""
    folder = tmp_path_factory.mktemp("legacy")
    (folder / "token").write_text(ADMIN)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "stack.standins.legacy_rodare", "--port", str(port),
                             "--dump", str(folder / "dump"), "--token-file", str(folder / "token"),
                             "--write-corpus"], stdout=subprocess.DEVNULL)
    wait_for_port(port, proc=proc, name="legacy RODARE", timeout=120)
    yield f"http://127.0.0.1:{port}", folder / "dump"
    proc.terminate()
    proc.wait(timeout=10)


def _admin(url, **params):
    return requests.get(url, params=params, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=30)


def test_corpus_covers_every_case_and_is_deterministic():
    """At least 60 records with each case the migration must handle; same bytes every time."""
    entries = legacy_corpus.corpus()
    assert len(entries) >= 60
    meta = [e["deposit"]["metadata"] for e in entries]
    assert Counter(m["access_right"] for m in meta).keys() == {"open", "embargoed", "restricted", "closed"}
    embargoes = {m["embargo_date"] > "2030" for m in meta if m["access_right"] == "embargoed"}
    assert embargoes == {True, False}
    concepts = Counter(e["conceptrecid"] for e in entries)
    assert sum(1 for n in concepts.values() if n > 1) >= 3
    assert sum(1 for e in entries if e["record"] is None) == 1
    assert {c["identifier"] for m in meta for c in m["communities"]} >= {"rodare", "fwk", "fwi"}
    assert any(len(m["communities"]) > 1 for m in meta)
    assert any(not e["files"] for e in entries)
    assert max(len(e["files"]) for e in entries) >= 30
    assert max(len(d) for e in entries for d in e["files"].values()) >= 3 * 1024 * 1024
    assert any(any(ord(ch) > 0x3000 for ch in m["title"]) for m in meta)
    assert sum(1 for m in meta if "pub_id" in m) >= 5
    assert any("openaire_type" in m for m in meta)
    again = legacy_corpus.corpus()
    assert [e["deposit"] for e in again] == [e["deposit"] for e in entries]


def test_search_pages_through_every_published_version(legacy):
    """links.next visits each published version once; the deleted one is not listed."""
    url, _dump = legacy
    seen, page = [], f"{url}/api/records/?size=25&page=1"
    while page:
        body = _admin(page).json()
        seen += [hit["id"] for hit in body["hits"]["hits"]]
        assert body["hits"]["total"] == 62
        page = body["links"].get("next")
        assert page is None or page.startswith(url)
    assert len(seen) == len(set(seen)) == 62


def test_deleted_and_unknown_records(legacy):
    """A deleted version answers 410 as legacy Zenodo's 'PID has been deleted'; unknown 404."""
    url, _dump = legacy
    deleted = next(e["recid"] for e in legacy_corpus.corpus() if e["record"] is None)
    answer = requests.get(f"{url}/api/records/{deleted}", timeout=10)
    assert answer.status_code == 410 and answer.json()["message"] == "PID has been deleted."
    assert requests.get(f"{url}/api/records/99999", timeout=10).status_code == 404
    assert _admin(f"{url}/api/deposit/depositions/{deleted}").json()["record_id"] == deleted


def test_closed_files_need_the_admin_token(legacy):
    """Without a token a closed record lists no files; with it, the bytes match the MD5."""
    url, _dump = legacy
    closed = next(e for e in legacy_corpus.corpus()
                  if e["record"] and e["record"]["metadata"]["access_right"] == "closed" and e["files"])
    public = requests.get(f"{url}/api/records/{closed['recid']}", timeout=10).json()
    assert public["files"] == []
    full = _admin(f"{url}/api/records/{closed['recid']}").json()
    link = full["files"][0]["links"]["self"]
    assert link.startswith(url)
    assert requests.get(link, timeout=10).status_code == 401
    data = _admin(link).content
    assert f"md5:{hashlib.md5(data).hexdigest()}" == full["files"][0]["checksum"]
    assert requests.get(link, headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401


def test_depositions_by_token(legacy):
    """The admin sees every deposition; a user token only its own; none gives 401."""
    url, dump = legacy
    assert requests.get(f"{url}/api/deposit/depositions", timeout=10).status_code == 401
    everything = _admin(f"{url}/api/deposit/depositions", size=1000).json()
    assert len(everything) == 63
    first = _admin(f"{url}/api/deposit/depositions", size=10)
    assert 'rel="next"' in first.headers["Link"]
    user = json.loads((dump / "manifest.json").read_text())["users"][0]
    token = user["tokens"][0]["token"]
    own = requests.get(f"{url}/api/deposit/depositions", params={"size": 1000},
                       headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert own and {d["owner"] for d in own} == {user["id"]}
    other = next(d for d in everything if d["owner"] != user["id"])
    answer = requests.get(f"{url}/api/deposit/depositions/{other['id']}",
                          params={"access_token": token}, timeout=10)
    assert answer.status_code == 403


def test_updated_since_and_bad_queries(legacy):
    """q=updated:[date TO *] gives only later changes; bad parameters are 400s."""
    url, _dump = legacy
    body = _admin(f"{url}/api/records/", q="updated:[2020-01-01 TO *]", size=1000).json()
    assert body["hits"]["hits"] and all(h["updated"] >= "2020-01-01" for h in body["hits"]["hits"])
    assert body["hits"]["total"] < 62
    for params in ({"q": "title:x"}, {"size": 0}, {"size": 1001}, {"page": "x"}):
        answer = _admin(f"{url}/api/records/", **params)
        assert answer.status_code == 400 and answer.json()["message"]


def test_bench_dump(tmp_path):
    """The benchmark's dump: single versions with two files each, clear of the fixture ids."""
    manifest = legacy_corpus.write_bench_dump(tmp_path, 3)
    assert manifest["records"] == [1002, 1004, 1006]
    for recid in manifest["records"]:
        entry = json.loads((tmp_path / "records" / f"{recid}.json").read_text())
        assert entry["record"]["metadata"]["relations"]["version"][0]["count"] == 1
        for file in entry["deposit"]["files"]:
            data = (tmp_path / "files" / str(recid) / file["filename"]).read_bytes()
            assert hashlib.md5(data).hexdigest() == file["checksum"]
        assert len(entry["deposit"]["files"]) == 2
