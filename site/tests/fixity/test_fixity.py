"""Fixity: a flipped byte or a missing file is found by the scheduled check, reported to the
administrators once (e-mail, administration page) and refused on every channel with 503."""

from datetime import timedelta

import pytest
from flask_babel import refresh
from fixity_files import TEXT, file_instance

from rodare_rdm.fixity.errors import FileIntegrityError
from rodare_rdm.fixity.tasks import batch_size

FAILED = "failed its integrity check"
MISSING = "missing from the storage"


def channels(record):
    """Every URL that hands out the bytes of ``beam.png`` or ``notes.txt`` (UI and API)."""
    api = "/api/records/" + record.id
    return {
        "ui download": (f"/records/{record.id}/files/beam.png?download=1", "text/html"),
        "ui preview": (f"/records/{record.id}/preview/notes.txt", "text/html"),
        "ui image preview": (f"/records/{record.id}/preview/beam.png", "text/html"),
        "rest content": (f"{api}/files/notes.txt/content", "application/json"),
        "iiif": (f"/api/iiif/record:{record.id}:beam.png/full/^32,/0/default.png", "*/*"),
        "download all": (f"{api}/files-archive", "*/*"),
    }


def assert_refused(client, record, text):
    """Each channel answers 503 with ``text``; a person gets a page, a client JSON."""
    for name, (url, accept) in channels(record).items():
        res = client.get(url, headers={"Accept": accept})
        assert res.status_code == 503, name
        body = res.get_data(as_text=True)
        assert text in body and "administrators have been told" in body, name
        if url.startswith("/api"):
            assert res.json["status"] == 503, name
        else:
            assert 'id="rodare-fixity-failed"' in body, name


def test_flipped_byte_is_found_reported_once_and_refused(
        app, people, stored, flip_byte, check_all, outbox, as_user):
    """Flip a byte of each file: the check marks both failed, one e-mail, 503 everywhere."""
    record = stored()
    intact = stored("Intact data")
    assert set(check_all().values()) == {True}
    assert outbox == []

    flip_byte(record, "beam.png")
    flip_byte(record, "notes.txt")
    results = check_all()
    assert results[str(file_instance(record, "beam.png").id)] is False
    assert results[str(file_instance(record, "notes.txt").id)] is False
    assert results[str(file_instance(intact, "notes.txt").id)] is True

    assert [m.recipients for m in outbox] == [[people["admin"].email]]
    assert "checksum mismatch" in outbox[0].body
    assert f"/records/{record.id}" in outbox[0].body and "notes.txt" in outbox[0].body
    check_all()  # still failed: no news, no second e-mail
    assert len(outbox) == 1

    client = as_user("stranger")
    assert_refused(client, record, FAILED)
    # the legacy JSON's download link leads to the same answer
    legacy = client.get(f"/api/records/{record.id}",
                        headers={"Accept": "application/vnd.zenodo.v1+json"}).json
    link = next(f["links"]["download"] for f in legacy["files"] if f["filename"] == "notes.txt")
    res = client.get(link.split("127.0.0.1:5000", 1)[1])
    assert res.status_code == 503 and FAILED in res.json["message"]

    # positive control: the other record's files still serve their bytes
    res = client.get(f"/api/records/{intact.id}/files/notes.txt/content")
    assert res.status_code == 200 and res.data == TEXT
    res = client.get(f"/records/{intact.id}/files/beam.png?download=1")
    assert res.status_code == 200
    assert client.get(f"/records/{intact.id}/preview/beam.png").status_code == 200
    res = client.get(f"/api/records/{intact.id}/files-archive")
    assert res.status_code == 200 and TEXT in res.data


def test_missing_file_is_reported_and_refused(app, people, stored, on_disk, check_all, outbox,
                                              as_user):
    """A file deleted on disk: failed (not "unchecked"), e-mailed as missing, 503 saying so."""
    record = stored()
    for key in ("beam.png", "notes.txt"):
        on_disk(record, key).unlink()
    # a download before the scheduled check: checked at once, the administrators told
    res = as_user("stranger").get(f"/api/records/{record.id}/files/notes.txt/content")
    assert res.status_code == 503 and MISSING in res.json["message"]
    assert len(outbox) == 1 and "missing on disk" in outbox[0].body
    results = check_all()
    assert results[str(file_instance(record, "notes.txt").id)] is False
    assert len(outbox) == 2  # beam.png, which no download found first
    assert_refused(as_user("stranger"), record, MISSING)
    assert len(outbox) == 2  # refusing an already failed file tells no one again


def test_restored_file_serves_again(app, stored, on_disk, flip_byte, check_all, as_user):
    """Restoring the bytes (the backup) and the next check: served again."""
    record = stored()
    original = on_disk(record, "notes.txt").read_bytes()
    flip_byte(record, "notes.txt")
    check_all()
    on_disk(record, "notes.txt").write_bytes(original)
    check_all()
    res = as_user("stranger").get(f"/api/records/{record.id}/files/notes.txt/content")
    assert res.status_code == 200 and res.data == TEXT


def test_admin_page_lists_failed_files(app, stored, flip_byte, on_disk, check_all, as_user):
    """Administrators see each failed file with its problem and record; others get 403."""
    record = stored()
    flip_byte(record, "notes.txt")
    on_disk(record, "beam.png").unlink()
    check_all()
    page = as_user("admin").get("/administration/fixity")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert str(file_instance(record, "notes.txt").id) in body
    assert "Checksum mismatch" in body and "Missing on disk" in body
    assert f'href="/records/{record.id}"' in body
    assert as_user("stranger").get("/administration/fixity").status_code == 403


def test_admin_page_without_failures(app, stored, check_all, as_user):
    """Nothing failed: the page says so."""
    stored()
    check_all()
    assert "No file failed" in as_user("admin").get("/administration/fixity").get_data(True)


@pytest.mark.parametrize("total, period, interval, max_count, expected", [
    (7200, timedelta(days=30), timedelta(hours=1), 0, 10),  # 720 runs
    (7201, timedelta(days=30), timedelta(hours=1), 0, 11),  # rounded up: the period holds
    (5, timedelta(days=30), 3600, 0, 1),
    (7200, timedelta(days=30), timedelta(hours=1), 50, 50),  # more than needed: allowed
    (7200, 86400, 86400, 0, 7200),  # one run a period: everything
])
def test_batch_covers_the_store_within_the_period(set_config, total, period, interval,
                                                  max_count, expected):
    """ceil(files / runs per period), at least RODARE_FIXITY_MAX_COUNT."""
    set_config("RODARE_FIXITY_PERIOD", period)
    set_config("RODARE_FIXITY_INTERVAL", interval)
    set_config("RODARE_FIXITY_MAX_COUNT", max_count)
    assert batch_size(total) == expected


def test_error_is_503():
    """The documented status."""
    assert FileIntegrityError().code == 503


@pytest.mark.parametrize("configured", [["data@hzdr.de", "it@hzdr.de"], "data@hzdr.de, it@hzdr.de"])
def test_configured_recipients(set_config, stored, flip_byte, check_all, outbox, configured):
    """RODARE_FIXITY_RECIPIENTS (a list, or comma-separated from the environment) replaces
    the administrators."""
    set_config("RODARE_FIXITY_RECIPIENTS", configured)
    record = stored()
    flip_byte(record, "notes.txt")
    check_all()
    assert [m.recipients for m in outbox] == [["data@hzdr.de", "it@hzdr.de"]]


def test_page_in_german(stored, flip_byte, check_all, as_user):
    """The 503 page speaks the visitor's language."""
    record = stored()
    flip_byte(record, "notes.txt")
    check_all()
    refresh()  # the test's app context outlives a request: forget the last one's locale
    res = as_user("stranger").get(f"/records/{record.id}/files/notes.txt?download=1&ln=de",
                                  headers={"Accept": "text/html"})
    refresh()
    assert res.status_code == 503
    assert "Integritätsprüfung nicht bestanden" in res.get_data(as_text=True)


def test_cli_checks_every_file(app, stored, flip_byte, outbox):
    """``invenio rodare-fixity check --all``: every file at once, the e-mail as the beat's."""
    from rodare_rdm.fixity.cli import fixity

    record = stored()
    flip_byte(record, "beam.png")
    result = app.test_cli_runner().invoke(fixity, ["check", "--all"])
    assert result.exit_code == 0 and "1 file(s) newly failed" in result.output
    assert file_instance(record, "beam.png").last_check is False
    assert len(outbox) == 1
