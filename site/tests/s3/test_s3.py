"""Files on S3 (site/rodare_rdm/s3): REST upload and download, multipart transfer, permission
before the presigned URL, fixity on S3, and the move command local -> S3 -> local.

Every byte goes over HTTP to a real S3 API server process (moto's server mode).
"""

import os
from io import BytesIO

import requests
from invenio_files_rest.models import FileInstance

from rodare_rdm.fixity.tasks import verify_batch
from rodare_rdm.s3.cli import storage as storage_cli
from rodare_rdm.s3.move import s3_location, target_uri

from s3_files import follow, md5, stored

CSV = b"shot,energy\n" + b"".join(b"%d,40.%d\n" % (i, i % 10) for i in range(2000))
MIB = 2**20


def _draft(client, minimal_record):
    data = {**minimal_record, "files": {"enabled": True}}
    res = client.post("/api/records", json=data)
    assert res.status_code == 201, res.json
    return res.json["id"]


def _publish(client, recid):
    res = client.post(f"/api/records/{recid}/draft/actions/publish")
    assert res.status_code == 202, res.json


def test_rest_upload_and_download(on_s3, owner_client, minimal_record, s3):
    recid = _draft(owner_client, minimal_record)
    base = f"/api/records/{recid}/draft/files"
    assert owner_client.post(base, json=[{"key": "shots.csv"}]).status_code == 201
    res = owner_client.put(f"{base}/shots.csv/content", data=CSV,
                           headers={"Content-Type": "application/octet-stream"})
    assert res.status_code == 200, res.json
    res = owner_client.post(f"{base}/shots.csv/commit")
    assert res.status_code == 200 and res.json["checksum"] == md5(CSV)
    _publish(owner_client, recid)

    instance = FileInstance.query.filter_by(checksum=md5(CSV)).one()
    assert instance.uri.startswith(f"{on_s3.uri}/")
    assert s3.cat(instance.uri) == CSV  # the object is on the S3 server, nowhere else
    res = owner_client.get(f"/api/records/{recid}/files/shots.csv/content")
    assert follow(res) == CSV


def test_multipart_upload_in_parts(on_s3, owner_client, minimal_record, s3_endpoint):
    """RDM's multipart transfer: parts go straight to S3 on presigned URLs, the commit joins
    them and the MD5 of the whole file is computed (eagerly here, by a task in production)."""
    data = os.urandom(2 * 5 * MIB + 123_456)  # two parts of S3's minimum size and a short one
    parts = [data[i:i + 5 * MIB] for i in range(0, len(data), 5 * MIB)]
    recid = _draft(owner_client, minimal_record)
    base = f"/api/records/{recid}/draft/files"
    res = owner_client.post(base, json=[{
        "key": "scan.raw", "size": len(data),
        "transfer": {"type": "M", "parts": len(parts), "part_size": 5 * MIB}}])
    assert res.status_code == 201, res.json
    links = res.json["entries"][0]["links"]["parts"]
    assert [link["part"] for link in links] == [1, 2, 3]
    for link, part in zip(links, parts):
        assert link["url"].startswith(f"{s3_endpoint}/rodare-test/")  # to S3, not to us
        assert requests.put(link["url"], data=part, timeout=30).status_code == 200
    res = owner_client.post(f"{base}/scan.raw/commit")
    assert res.status_code == 200, res.json
    _publish(owner_client, recid)

    instance = FileInstance.query.filter_by(size=len(data)).one()
    assert instance.checksum == md5(data)
    assert follow(owner_client.get(f"/api/records/{recid}/files/scan.raw/content")) == data


def test_permission_before_the_presigned_url(on_s3, publish_at_level, as_user, png):
    record = publish_at_level("restricted")
    url = f"/api/records/{record.id}/files/image.png/content"

    refused = as_user("stranger").get(url)
    assert refused.status_code == 403
    assert "Location" not in refused.headers
    assert b"X-Amz" not in refused.data and b"Signature" not in refused.data
    assert as_user("stranger").get(f"/records/{record.id}/files/image.png?download=1"
                                   ).status_code == 403

    allowed = as_user("owner").get(url)
    assert allowed.headers["Cache-Control"] == "no-cache"  # a restricted file's URL is not cached
    assert follow(allowed) == png(64, 48)


def test_fixity_on_s3(on_s3, publish_at_level, as_user, s3, set_config):
    """An object changed (or removed) behind the app's back is caught and never redirected to."""
    set_config("RODARE_FIXITY_MAX_COUNT", 1000)
    changed, removed = publish_at_level("open"), publish_at_level("open")
    s3.pipe(stored(changed, "image.png").uri, b"not the picture")
    s3.rm(stored(removed, "image.png").uri)

    assert verify_batch() == 2
    for record in (changed, removed):
        instance = stored(record, "image.png")
        assert instance.last_check is False
        res = as_user("owner").get(f"/api/records/{record.id}/files/image.png/content")
        assert res.status_code == 503 and "Location" not in res.headers


def _move(cli_runner, *args):
    result = cli_runner(storage_cli, None, "move", *args)
    return result


def test_move_local_to_s3_and_back(running_app, publish_at_level, as_user, cli_runner, s3, png):
    records = [publish_at_level("open"), publish_at_level("restricted")]
    before = {f.id: (f.checksum, f.uri) for f in FileInstance.query}
    assert all(os.path.isfile(uri) for _, uri in before.values())

    dry = _move(cli_runner, "--to", "s3", "--dry-run")
    assert dry.exit_code == 0 and f"{len(before)} file(s)" in dry.output
    assert {f.id: f.uri for f in FileInstance.query} == {k: v[1] for k, v in before.items()}

    result = _move(cli_runner, "--to", "s3")
    assert result.exit_code == 0, result.output
    for instance in FileInstance.query:
        assert instance.uri.startswith("s3://rodare-test/")
        assert instance.checksum == before[instance.id][0]
        assert md5(s3.cat(instance.uri)) == instance.checksum
        assert not os.path.exists(before[instance.id][1])  # moved, not copied
    for record in records:
        assert follow(as_user("owner").get(f"/api/records/{record.id}/files/image.png/content")
                      ) == png(64, 48)
    again = _move(cli_runner, "--to", "s3")
    assert again.exit_code == 0 and "0 file(s), 0 B, to move" in again.output

    back = _move(cli_runner, "--to", "local")
    assert back.exit_code == 0, back.output
    for instance in FileInstance.query:
        assert instance.uri.startswith(running_app.location.uri)
        assert instance.checksum == before[instance.id][0]
        with open(instance.uri, "rb") as stream:
            assert md5(stream.read()) == instance.checksum
    for record in records:
        res = as_user("owner").get(f"/api/records/{record.id}/files/image.png/content")
        assert res.status_code == 200 and res.data == png(64, 48)


def test_a_mismatch_stops_the_move(running_app, publish_at_level, cli_runner, s3):
    good, bad = publish_at_level("open"), publish_at_level("open")
    path = stored(bad, "image.png").uri
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 1
    open(path, "wb").write(bytes(data))

    result = _move(cli_runner, "--to", "s3")
    assert result.exit_code != 0
    bad_instance = stored(bad, "image.png")
    assert f"Checksum mismatch for file {bad_instance.id}" in result.output
    assert "restore it from the backup" in result.output
    assert bad_instance.uri == path  # left where it was
    assert bad_instance.last_check is False  # and refused until restored, as fixity would
    assert not s3.exists(target_uri(bad_instance, s3_location()))  # its copy removed
