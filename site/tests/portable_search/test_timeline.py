"""The request timeline shows each comment with its newest replies (gap G3, timeline.py)."""

import pytest
from invenio_requests.proxies import current_events_service


@pytest.fixture
def conversation(comment, running_app):
    """A comment with one reply more than the preview limit, and a comment without replies."""
    limit = running_app.app.config["REQUESTS_COMMENT_PREVIEW_LIMIT"]
    question = comment("Which beamline?")
    replies = [comment(f"ELBE, run {run}", parent=question["id"]) for run in range(limit + 1)]
    thanks = comment("Thanks, accepted.")
    return question, replies, thanks


def ids(events):
    """The ids of events, in order."""
    return [event["id"] for event in events]


@pytest.mark.parametrize(
    "endpoint",
    ["timeline", "timeline_focused?focus_event_id={focus}&size=10"],
    ids=["timeline", "timeline_focused"],
)
def test_timeline_previews_newest_replies(
    client_with_login, review_request, conversation, endpoint
):
    """Each comment carries its reply count and its newest replies, up to the preview limit."""
    question, replies, thanks = conversation
    url = f"/api/requests/{review_request.id}/" + endpoint.format(focus=replies[0]["id"])

    response = client_with_login.get(url)

    assert response.status_code == 200, response.json
    hits = {hit["id"]: hit for hit in response.json["hits"]["hits"]}
    assert not set(ids(replies)) & hits.keys()
    assert hits[question["id"]]["children_count"] == len(replies)
    newest = hits[question["id"]]["children"]
    assert ids(newest) == ids(reversed(replies[1:]))
    assert newest[0]["payload"]["content"] == replies[-1]["payload"]["content"]
    assert (hits[thanks["id"]]["children_count"], hits[thanks["id"]]["children"]) == (0, [])


def test_timeline_preview_limit_is_configurable(
    running_app, review_request, conversation, uploader, monkeypatch
):
    """REQUESTS_COMMENT_PREVIEW_LIMIT bounds the preview, not the count."""
    question, replies, _ = conversation
    monkeypatch.setitem(running_app.app.config, "REQUESTS_COMMENT_PREVIEW_LIMIT", 1)

    timeline = current_events_service.search(uploader.identity, review_request.id).to_dict()

    preview = next(hit for hit in timeline["hits"]["hits"] if hit["id"] == question["id"])
    assert preview["children_count"] == len(replies)
    assert ids(preview["children"]) == [replies[-1]["id"]]
