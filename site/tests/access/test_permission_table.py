"""Who gets what, at each level, on every channel: the access matrix of issues 4 and 19.

Level (4) x actor (14) x channel (22), each answer asserted exactly: the status a refusal
gets (403 over REST and for signed-in visitors, the login page for those who are not), not
merely "not 200", so a 500 or a routing 404 fails the table.

Every record is shared the way people share: the owner makes view, preview and edit links
and grants over REST while the record is restricted, a requester's access request is
accepted by the owner (request -> accept -> download), and then the owner sets the level
(closed: links and grants made before count for nothing). Each record has an edit draft
open, and a first draft at the same level waits for review in another community. The
records are built once per module; the table is parametrized by level.
"""

import tempfile
from datetime import date, timedelta
from io import BytesIO

import pytest
from invenio_access.models import ActionUsers
from invenio_access.permissions import superuser_access, system_identity
from invenio_accounts.testutils import login_user_via_session
from invenio_cache import current_cache
from invenio_communities.proxies import current_communities
from invenio_files_rest.models import Location
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_users_resources.proxies import current_users_service

LEVELS = ("open", "embargoed", "restricted", "closed")
FILE = "image.png"

SIGNED_IN = ("stranger", "owner", "curator", "member", "admin", "reviewer", "requester",
             "grant_view", "grant_preview", "grant_edit")
LINKS = ("link_view", "link_preview", "link_edit")
ACTORS = ("anonymous", *SIGNED_IN, *LINKS)

GRANTS = {"view": {"grant_view", "link_view", "requester"},
          "preview": {"grant_preview", "link_preview"},
          "edit": {"grant_edit", "link_edit"}}
"""Who holds which share (the requester's view grant comes from an accepted request)."""

MANAGERS = {"owner", "curator", "admin"}
SHARED = GRANTS["view"] | GRANTS["preview"] | GRANTS["edit"]


def files_for(level):
    """Who gets the published files (docs/access-levels.md)."""
    if level == "open":
        return set(ACTORS)
    if level == "closed":
        return MANAGERS
    return MANAGERS | {"member"} | SHARED  # community readers, grants, links


def previewers(level):
    """Who reads the owner's edit draft and its files (upstream's can_preview)."""
    return MANAGERS if level == "closed" else MANAGERS | GRANTS["preview"] | GRANTS["edit"]


def editors(level):
    """Who may open the edit draft (upstream's can_curate)."""
    return MANAGERS if level == "closed" else MANAGERS | GRANTS["edit"]


API = ("list_files", "download", "iiif_info", "iiif_tile", "archive", "media_files")
UI = ("ui_download", "ui_preview")


def expected(level):
    """The whole actor x channel table for one level."""
    files, preview, edit = files_for(level), previewers(level), editors(level)

    def refused(actor, ui=False):
        if ui and actor not in SIGNED_IN:
            return "login"
        return 403

    table = {}
    for actor in ACTORS:
        row = {"read": 200, "search": True, "community_search": True, "oai": True,
               "search_file_entries": actor in files,
               "user_records": (actor in preview) if actor in SIGNED_IN else 403,
               "iiif_manifest": 1 if actor in files else 0}
        for channel in API:
            row[channel] = 200 if actor in files else refused(actor)
        for channel in UI:
            row[channel] = 200 if actor in files else refused(actor, ui=True)
        row["draft_read"] = 200 if actor in preview else refused(actor)
        row["draft_files"] = 200 if actor in preview else refused(actor)
        row["edit"] = 201 if actor in edit else refused(actor)
        review = {"owner", "reviewer", "admin"}
        row["review_draft_read"] = 200 if actor in review else refused(actor)
        row["review_draft_files"] = 200 if actor in review else refused(actor)
        table[actor] = row
    return table


@pytest.fixture(scope="module")
def module_location(database):
    """A file location for the whole module."""
    location = Location(name="matrix", uri=tempfile.mkdtemp(), default=True)
    database.session.add(location)
    database.session.commit()
    return location


@pytest.fixture(scope="module")
def actors(app, database, UserFixture):
    """The signed-in actors; those a owner grants to have public profiles (to be found)."""
    made = {}
    for name in (*SIGNED_IN, "community-owner"):
        user = UserFixture(email=f"{name.replace('_', '-')}@hzdr.de", password=f"{name}-pw",
                           active=True, confirmed=True)
        user.create(app, database)
        if name.startswith("grant_"):
            user.user.preferences = {**(user.user.preferences or {}), "visibility": "public"}
            database.session.add(user.user)
        made[name] = user
    database.session.add(ActionUsers.allow(superuser_access, user=made["admin"].user))
    database.session.commit()
    current_users_service.indexer.process_bulk_queue()
    current_users_service.indexer.refresh()
    return made


def _community(owner, slug, members):
    community = current_communities.service.create(
        owner.identity, {"access": {"visibility": "public"}, "slug": slug,
                         "metadata": {"title": slug.upper()}})
    for user, role in members:
        current_communities.service.members.add(
            system_identity, community.id,
            {"members": [{"type": "user", "id": user.id}], "role": role})
    return community


def _signed_in(app, user):
    client = app.test_client()
    login_user_via_session(client, email=user.email)
    return client


def _ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def _draft_with_file(owner, record_input, png, level):
    """A first draft of the owner at ``level`` with image.png (service calls, as the form)."""
    draft = records_service.create(owner.identity, record_input(level))
    files = records_service.draft_files
    files.init_files(owner.identity, draft.id, [{"key": FILE}])
    image = BytesIO(png(400, 320))  # large enough for the IIIF manifest to list it
    files.set_file_content(owner.identity, draft.id, FILE, image)
    files.commit_file(owner.identity, draft.id, FILE)
    return draft


def _set_level(owner_client, record_id, level):
    """The owner edits the level of the published record and publishes it."""
    draft = _ok(owner_client.post(f"/api/records/{record_id}/draft"), 201)
    draft["custom_fields"]["rodare:access_level"] = level
    if level == "embargoed":
        until = (date.today() + timedelta(days=90)).isoformat()
        draft["access"]["embargo"] = {"active": True, "until": until, "reason": "Paper"}
    _ok(owner_client.put(f"/api/records/{record_id}/draft", json=draft))
    _ok(owner_client.post(f"/api/records/{record_id}/draft/actions/publish"), 202)


def _share(app, actors, owner_client, record_id):
    """Links and grants by the owner; the requester's request, accepted by the owner."""
    tokens = {}
    for permission in ("view", "preview", "edit"):
        link = _ok(owner_client.post(f"/api/records/{record_id}/access/links",
                                     json={"permission": permission}), 201)
        tokens[f"link_{permission}"] = link["token"]
        _ok(owner_client.post(f"/api/records/{record_id}/access/grants", json={"grants": [{
            "subject": {"type": "user", "id": actors[f"grant_{permission}"].id},
            "permission": permission}]}), 201)
    requester = _signed_in(app, actors["requester"])
    request = _ok(requester.post(f"/api/records/{record_id}/access/request", json={
        "email": actors["requester"].email, "full_name": "Requester",
        "consent_to_share_personal_data": "true", "message": "For my thesis"}))
    accepted = _ok(owner_client.post(f"/api/requests/{request['id']}/actions/accept", json={}))
    assert accepted["status"] == "accepted"
    return tokens


@pytest.fixture(scope="module")
def world(app, database, search, vocabularies, module_location, actors, record_input, png):
    """Per level: the published record, its share tokens, its review draft; built once."""
    current_cache.clear()
    owner = actors["owner"]
    community = _community(actors["community-owner"], "fwk",
                           [(actors["curator"], "curator"), (actors["member"], "reader")])
    review = _community(actors["community-owner"], "review", [(actors["reviewer"], "curator")])
    owner_client = _signed_in(app, owner)
    made = {}
    for level in LEVELS:
        first = _draft_with_file(owner, record_input, png, "restricted")
        record = records_service.publish(owner.identity, first.id)
        parent = record._record.parent
        parent.communities.add(community._record, default=True)
        parent.commit()
        database.session.commit()
        tokens = _share(app, actors, owner_client, record.id)
        if level != "restricted":
            _set_level(owner_client, record.id, level)
        _ok(owner_client.post(f"/api/records/{record.id}/draft"), 201)  # an edit draft, open

        pending = _draft_with_file(owner, record_input, png, level)
        _ok(owner_client.put(f"/api/records/{pending.id}/draft/review", json={
            "receiver": {"community": review.id}, "type": "community-submission"}))
        _ok(owner_client.post(f"/api/records/{pending.id}/draft/actions/submit-review",
                              json={}), 202)
        made[level] = {"id": record.id, "tokens": tokens, "review": pending.id,
                       "community": community.id}
    records_service.indexer.process_bulk_queue()
    records_service.indexer.refresh()
    return made


def _status(response, ui=False):
    """The answer as the table writes it: a status, or "login" for the login redirect."""
    if ui and response.status_code == 302 and "/login/" in response.headers.get("Location", ""):
        return "login"
    return response.status_code


def manifest_images(response):
    """How many images a IIIF manifest shows (its status if it is refused)."""
    if response.status_code != 200:
        return response.status_code
    canvases = [c for seq in response.json.get("sequences", []) for c in seq.get("canvases", [])]
    canvases += response.json.get("items", [])
    return len(canvases)


def observe(client, built, token):
    """What one client gets through each channel."""
    rid, q = built["id"], ({"token": token} if token else {})

    def get(url, ui=False, **extra):
        return _status(client.get(url, query_string={**q, **extra}), ui=ui)

    def hits(url):
        response = client.get(url, query_string={"q": f"id:{rid}", **q})
        if response.status_code != 200:
            return response.status_code, []
        return 200, [h for h in response.json["hits"]["hits"] if h["id"] == rid]

    _, found = hits("/api/records")
    _, in_community = hits(f"/api/communities/{built['community']}/records")
    user_status, mine = hits("/api/user/records")
    oai = client.get("/oai2d", query_string={
        "verb": "GetRecord", "metadataPrefix": "oai_dc",
        "identifier": f"oai:rodare.hzdr.de:{rid}"})
    review = built["review"]
    return {
        "read": get(f"/api/records/{rid}"),
        "search": bool(found),
        "community_search": bool(in_community),
        "oai": oai.status_code == 200 and b"<error" not in oai.data,
        "search_file_entries": bool(found) and "entries" in (found[0].get("files") or {}),
        "user_records": bool(mine) if user_status == 200 else user_status,
        "list_files": get(f"/api/records/{rid}/files"),
        "download": get(f"/api/records/{rid}/files/{FILE}/content"),
        "iiif_info": get(f"/api/iiif/record:{rid}:{FILE}/info.json"),
        "iiif_tile": get(f"/api/iiif/record:{rid}:{FILE}/full/16,/0/default.png"),
        "iiif_manifest": manifest_images(client.get(f"/api/iiif/record:{rid}/manifest",
                                                    query_string=q)),
        "archive": get(f"/api/records/{rid}/files-archive"),
        "media_files": get(f"/api/records/{rid}/media-files"),
        "ui_download": get(f"/records/{rid}/files/{FILE}", ui=True, download=1),
        "ui_preview": get(f"/records/{rid}/preview/{FILE}", ui=True),
        "draft_read": get(f"/api/records/{rid}/draft"),
        "draft_files": get(f"/api/records/{rid}/draft/files/{FILE}/content"),
        "edit": _status(client.post(f"/api/records/{rid}/draft", query_string=q)),
        "review_draft_read": get(f"/api/records/{review}/draft"),
        "review_draft_files": get(f"/api/records/{review}/draft/files/{FILE}/content"),
    }


@pytest.mark.parametrize("level", LEVELS)
def test_permission_table(app, actors, world, level):
    """Every actor gets exactly what the level allows, on every channel."""
    built = world[level]
    seen = {}
    for actor in ACTORS:
        client = app.test_client()
        if actor in SIGNED_IN:
            login_user_via_session(client, email=actors[actor].email)
        seen[actor] = observe(client, built, built["tokens"].get(actor))
    want = expected(level)
    wrong = [f"{actor} {channel}: got {seen[actor][channel]!r}, want {want[actor][channel]!r}"
             for actor in ACTORS for channel in want[actor]
             if seen[actor][channel] != want[actor][channel]]
    assert not wrong, "\n".join(wrong)


def test_the_requesters_grant_came_from_the_request(world, actors):
    """The requester's access is the grant the accepted request made (origin: the request)."""
    for level in LEVELS:
        parent = records_service.record_cls.pid.resolve(world[level]["id"]).parent
        grants = {(g.subject_id, g.permission) for g in parent.access.grants}
        assert (actors["requester"].id, "view") in grants
