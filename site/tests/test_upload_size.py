"""Files may be far larger than other request bodies (FILES_REST_DEFAULT_MAX_FILE_SIZE).

The file-content PUT takes its limit from FILES_REST_DEFAULT_MAX_FILE_SIZE; every other body
(JSON, forms) stays under MAX_CONTENT_LENGTH (100 MiB). Here MAX_CONTENT_LENGTH is cut to
1 MiB so that a 2 MiB body shows the difference cheaply.
"""

MIB = 1024 * 1024


def test_a_file_may_exceed_the_request_body_limit(owner_client, minimal_record, set_config,
                                                   running_app):
    set_config("MAX_CONTENT_LENGTH", 1 * MIB)
    draft = owner_client.post("/api/records", json={**minimal_record, "files": {"enabled": True}})
    assert draft.status_code == 201, draft.json
    files = f"/api/records/{draft.json['id']}/draft/files"
    assert owner_client.post(files, json=[{"key": "big.bin"}]).status_code == 201
    put = owner_client.put(f"{files}/big.bin/content", data=b"\0" * (2 * MIB),
                           headers={"Content-Type": "application/octet-stream"})
    assert put.status_code == 200, put.get_data(as_text=True)[:300]
    assert owner_client.post(f"{files}/big.bin/commit").json["size"] == 2 * MIB

    too_big = {**minimal_record, "metadata": {**minimal_record["metadata"],
                                              "description": "x" * (2 * MIB)}}
    assert owner_client.post("/api/records", json=too_big).status_code == 413
