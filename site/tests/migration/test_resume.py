"""The offline path (a dump folder), the dry run, and a run that stops half-way.

| run                                   | outcome                                        |
|---------------------------------------|------------------------------------------------|
| ``--dry-run``                         | "would import" per record; nothing written     |
| a file missing from the dump          | that version fails (its draft stays), the      |
|                                       | later versions of its concept wait; exit 1     |
| the same run again, file back         | continues: the draft is finished, the waiting  |
|                                       | versions follow, the rest is unchanged         |
"""

import json
import shutil

from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

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
