"""``invenio rodare-migrate verify``: identical records pass, every kind of difference is named."""

import json

from .test_resume import _small_dump


def test_verify_names_each_difference(legacy_rodare, run_migrate, migration_app, tmp_path):
    """After the import all agree; a changed access right or checksum is a difference."""
    dump = _small_dump(legacy_rodare, tmp_path)
    assert run_migrate("run", "--source", str(dump)).exit_code == 0
    report = tmp_path / "verification.json"
    ok = run_migrate("verify", "--source", str(dump), "--report", str(report))
    assert ok.exit_code == 0, ok.output
    assert "5 of 5 records identical on every channel, 0 with differences" in ok.output
    assert json.loads(report.read_text()) == {r: [] for r in ("2", "4", "106", "107", "108")}

    path = dump / "records" / "4.json"
    entry = json.loads(path.read_text())
    entry["deposit"]["metadata"]["access_right"] = "closed"
    entry["deposit"]["files"][0]["checksum"] = "0" * 32
    entry["deposit"]["metadata"]["communities"] = [{"identifier": "fwk"}]
    path.write_text(json.dumps(entry))
    bad = run_migrate("verify", "--source", str(dump), "--report", str(report))
    assert bad.exit_code == 1
    problems = json.loads(report.read_text())["4"]
    assert [p.split(":")[0] for p in problems] == ["files", "access", "OAI sets"]
    assert "4 of 5 records identical" in bad.output
