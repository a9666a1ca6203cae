"""Who gets what, at each level, on every channel: the table of the access-levels issue.

Level (4) x actor (7) x action (9), asserted exactly over REST, the UI preview, IIIF and
OAI-PMH. Metadata, search and OAI-PMH are public at every level; the six file actions
follow ``FILES`` below.
"""

import pytest
from invenio_accounts.testutils import login_user_via_session

ACTORS = ("anonymous", "stranger", "owner", "curator", "admin", "grantee", "link")
ACTIONS = ("read", "search", "oai", "list_files", "download", "preview", "iiif", "archive",
           "search_file_entries")
FILE_ACTIONS = ("list_files", "download", "preview", "iiif", "archive", "search_file_entries")

FILES = {
    "open": set(ACTORS),
    "embargoed": {"owner", "curator", "admin", "grantee", "link"},
    "restricted": {"owner", "curator", "admin", "grantee", "link"},
    "closed": {"owner", "curator", "admin"},
}
"""Who gets the files at each level (the issue's semantics table)."""


def expected(level):
    """The full actor x action table for one level."""
    return {
        actor: {a: (a not in FILE_ACTIONS or actor in FILES[level]) for a in ACTIONS}
        for actor in ACTORS
    }


def observe(client, record_id, token):
    """What one client can do with the record, through each channel."""
    q = {"token": token} if token else {}

    def ok(url):
        return client.get(url, query_string=q).status_code == 200

    found = client.get("/api/records", query_string={"q": f"id:{record_id}", **q})
    assert found.status_code == 200, found.data
    hits = found.json
    hit = (hits["hits"]["hits"] or [{}])[0]
    oai = client.get("/oai2d", query_string={
        "verb": "GetRecord", "metadataPrefix": "oai_dc",
        "identifier": f"oai:rodare.hzdr.de:{record_id}"})
    return {
        "read": ok(f"/api/records/{record_id}"),
        "search": hit.get("id") == record_id,
        "oai": oai.status_code == 200 and b"<error" not in oai.data,
        "list_files": ok(f"/api/records/{record_id}/files"),
        "download": ok(f"/api/records/{record_id}/files/image.png/content"),
        "preview": ok(f"/records/{record_id}/preview/image.png"),
        "iiif": ok(f"/api/iiif/record:{record_id}:image.png/info.json"),
        "archive": ok(f"/api/records/{record_id}/files-archive"),
        "search_file_entries": "entries" in (hit.get("files") or {}),
    }


@pytest.mark.parametrize("level", ["open", "embargoed", "restricted", "closed"])
def test_permission_table(level, app, people, curated_community, publish_at_level,
                          grant_and_link, search_clear):
    """Every actor gets exactly what the level allows, on every channel."""
    record = publish_at_level(level, community=curated_community)
    link = grant_and_link(record)
    seen = {}
    for actor in ACTORS:
        client = app.test_client()
        if actor in people:
            login_user_via_session(client, email=people[actor].email)
        seen[actor] = observe(client, record.id, link["token"] if actor == "link" else None)
    want = expected(level)
    wrong = [f"{actor} {action}: got {seen[actor][action]}, want {want[actor][action]}"
             for actor in ACTORS for action in ACTIONS if seen[actor][action] != want[actor][action]]
    assert not wrong, "\n".join(wrong)
