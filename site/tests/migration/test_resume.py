"""The offline path (a dump folder), the dry run, and a run that stops half-way.

| run                                   | outcome                                        |
|---------------------------------------|------------------------------------------------|
| ``--dry-run``                         | "would import" per record; nothing written     |
| a file missing from the dump          | that version fails (its draft stays), the      |
|                                       | later versions of its concept wait; exit 1     |
| the same run again, file back         | continues: the draft is finished, the waiting  |
|                                       | versions follow, the rest is unchanged         |

``--jobs N`` (the N processes themselves run in tests/e2e/test_migration.py, on the live
stack; here, without an app of their own, how the work is shared and the reports merged):

| piece                 | behaviour                                                        |
|-----------------------|------------------------------------------------------------------|
| ``in_part``           | every concept in exactly one part; odd ids alone still spread   |
| ``part_of``           | ``"i/N"`` with 0 <= i < N, anything else refused                  |
| ``merge``             | each part's changed entries, accounts, communities and counts   |
|                       | into the report; the part files removed                          |
"""

import json
import shutil

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from rodare_rdm.migration.importer import in_part
from rodare_rdm.migration.parallel import merge, part_of
from rodare_rdm.migration.report import Report

KEEP = {2, 4, 106, 107, 108}
"""A concept with one version, one with three (the middle one deleted in the old RODARE)."""


def _small_dump(legacy_rodare, tmp_path):
    dump = tmp_path / "dump"
    shutil.copytree(legacy_rodare.dump, dump)
    for path in (dump / "records").glob("*.json"):
        if int(path.stem) not in KEEP:
            path.unlink()
    return dump


def test_dry_run_writes_nothing(legacy_rodare, run_migrate, tmp_path):
    """A dry run says what it would do and leaves the repository and the report alone."""
    dump = _small_dump(legacy_rodare, tmp_path)
    result = run_migrate("run", "--source", str(dump), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would import record 106" in result.output
    assert not (tmp_path / "report.json").exists()
    records_service.indexer.refresh()
    assert records_service.search(system_identity, params={"allversions": True}).total == 0


def test_interrupted_run_continues(legacy_rodare, run_migrate, migration_app, tmp_path):
    """A version that fails stops its concept; the next run picks up where it stopped."""
    dump = _small_dump(legacy_rodare, tmp_path)
    missing = dump / "files" / "107" / "README.md"
    kept = missing.read_bytes()
    missing.unlink()
    first = run_migrate("run", "--source", str(dump))
    assert first.exit_code == 1
    report = json.loads((tmp_path / "report.json").read_text())["records"]
    assert report["107"]["status"] == "failed" and "README.md" in report["107"]["error"]
    assert report["108"]["status"] == "failed" and "waits for version 107" in report["108"]["error"]
    assert report["2"]["status"] == report["4"]["status"] == report["106"]["status"] == "imported"
    assert records_service.read_draft(system_identity, "107").id == "107"

    missing.write_bytes(kept)
    second = run_migrate("run", "--source", str(dump))
    assert second.exit_code == 0, second.output
    report = json.loads((tmp_path / "report.json").read_text())["records"]
    assert {e["status"] for e in report.values()} == {"imported"}
    assert "this run: 2 imported, 3 unchanged" in second.output
    client = migration_app.test_client()
    assert client.get("/api/records/106").json["parent"]["id"] == "105"
    assert client.get("/api/records/107").status_code == 410
    assert client.get("/api/records/108").json["versions"]["index"] == 3
    files = records_service.files.list_files(system_identity, "107").to_dict()["entries"]
    assert sorted(f["key"] for f in files) == ["README.md", "data.csv"]
    records_service.indexer.refresh()
    assert records_service.search(system_identity, params={"allversions": True}).total == 4


def test_every_concept_in_exactly_one_part():
    """Concept ids of one parity (the benchmark's, and often the old RODARE's) spread too."""
    concepts = range(1001, 1401, 2)
    for count in (2, 3):
        parts = [{c for c in concepts if in_part(c, index, count)} for index in range(count)]
        assert set().union(*parts) == set(concepts)
        assert sum(len(p) for p in parts) == len(concepts)
        assert min(len(p) for p in parts) > len(concepts) / count / 2


@pytest.mark.parametrize("value", ["2/2", "-1/2", "1", "a/b", "0/0"])
def test_a_bad_part_is_refused(value):
    """``--part`` is internal, but a wrong one must not import a wrong share."""
    with pytest.raises(ValueError):
        part_of(value)


def test_parts_merged_into_the_report(tmp_path):
    """What each part changed lands in the report; what it left alone stays."""
    path = tmp_path / "report.json"
    report = Report(path)
    report.set(2, "imported", concept="1", legacy_modified="a")
    report.data["accounts"]["anna@hzdr.de"] = {"legacy_id": 1, "user_id": 5, "created": True}
    report.save()
    parts = []
    for index, (recid, concept) in enumerate(((4, "3"), (6, "5"))):
        data = json.loads(path.read_text())
        data["records"][str(recid)] = {"status": "imported", "concept": concept, "indexed": True}
        data["accounts"]["anna@hzdr.de"] = {"legacy_id": 1, "user_id": 5}
        data["communities"] = [f"c{index}"]
        data["run"]["counts"] = {"imported": 1, "unchanged": index}
        part = tmp_path / f"report.part{index}.json"
        part.write_text(json.dumps(data))
        (tmp_path / f"report.part{index}.txt").write_text("summary")
        parts.append(part)

    merged = Report(path)
    merge(merged, parts)
    again = json.loads(path.read_text())
    assert set(again["records"]) == {"2", "4", "6"}
    assert again["records"]["6"]["concept"] == "5"
    assert again["accounts"]["anna@hzdr.de"]["created"] is True
    assert again["communities"] == ["c0", "c1"]
    assert dict(merged.counts) == {"imported": 2, "unchanged": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
