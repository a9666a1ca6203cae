"""The migration from the old RODARE, seen by a guest in Chromium (docs/migration.md).

A sample of the fixture corpus (stack/standins/legacy_corpus.py) is imported into the live
stack from a dump folder with ``invenio rodare-migrate run --jobs 2``, as on the day without
network between the systems (two importer processes, their reports merged); then:

| page                                   | shows                                            |
|----------------------------------------|--------------------------------------------------|
| the old URL ``/record/12``             | the record at ``/records/12``: its legacy title,  |
|                                        | open (its embargo ended), its 3 MiB file with    |
|                                        | the legacy MD5, its DOI and ROBIS id, its views  |
| ``/records/108`` (third version)       | "Version v3", the concept DOI, v1 in the list    |
| ``/records/107`` (deleted in the old)  | a tombstone (410)                                |
| OAI-PMH GetRecord                      | ``oai:rodare.hzdr.de:106`` in ``user-`` sets     |
"""

import json
import re
import shutil

import pytest
import requests
from playwright.sync_api import expect

from stack.standins import legacy_corpus
from stack.supervisor import DATACITE_PREFIX

SAMPLE = {8, 12, 105, 106, 107, 108}
"""Concept 7 goes to one of the two importer processes (``--jobs 2``), 11 and 105 to the other."""


@pytest.fixture(scope="module")
def migrated(live_stack, invenio_cli, tmp_path_factory):
    """The sample migrated into the live stack; the legacy entries by id."""
    folder = tmp_path_factory.mktemp("legacy")
    legacy_corpus.write_dump(folder / "all", DATACITE_PREFIX)
    shutil.copytree(folder / "all", folder / "dump", ignore=shutil.ignore_patterns("*.json"))
    shutil.copy(folder / "all" / "manifest.json", folder / "dump" / "manifest.json")
    entries = {}
    for recid in SAMPLE:
        path = folder / "all" / "records" / f"{recid}.json"
        if path.exists():
            shutil.copy(path, folder / "dump" / "records" / path.name)
            entries[recid] = json.loads(path.read_text())
    output = invenio_cli("rodare-migrate", "run", "--source", str(folder / "dump"),
                         "--report", str(folder / "report.json"), "--jobs", "2")
    assert "5 imported" in output, output
    return entries


def test_a_migrated_record_at_its_old_address(migrated, page):
    """The old landing-page URL leads to the record, with everything it had."""
    legacy = migrated[12]["deposit"]
    page.goto("/record/12")
    expect(page).to_have_url(re.compile(r"/records/12$"))
    expect(page.locator("h1")).to_have_text(legacy["metadata"]["title"])
    expect(page.get_by_text(legacy["doi"]).first).to_be_visible()
    expect(page.get_by_text("Publ-27005")).to_be_visible()
    md5 = legacy["files"][0]["checksum"]
    expect(page.get_by_text(f"md5:{md5}")).to_be_visible()
    views = migrated[12]["record"]["stats"]["views"]
    expect(page.get_by_text(str(views), exact=True).first).to_be_visible()


def test_versions_and_the_deleted_one(migrated, page, live_stack):
    """The third version lists the first; the deleted second is a tombstone."""
    page.goto("/records/108")
    expect(page.get_by_text("Version v3").first).to_be_visible()
    versions = page.locator("#record-versions")
    expect(versions).to_contain_text("10.5072/rodare.106")
    expect(versions).to_contain_text(f"{DATACITE_PREFIX}/rodare.105")
    gone = requests.get(f"{live_stack.url}/records/107", verify=live_stack.certificate, timeout=30)
    assert gone.status_code == 410


def test_harvesters_see_the_old_identifier(migrated, live_stack):
    """GetRecord answers for oai:rodare.hzdr.de:106, in its communities' user- sets."""
    answer = requests.get(f"{live_stack.url}/oai2d", params={
        "verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:rodare.hzdr.de:106"},
        verify=live_stack.certificate, timeout=30)
    assert answer.status_code == 200 and "<error" not in answer.text
    slugs = [c["identifier"] for c in migrated[106]["deposit"]["metadata"]["communities"]]
    assert slugs
    for slug in slugs:
        assert f"<setSpec>user-{slug}</setSpec>" in answer.text
