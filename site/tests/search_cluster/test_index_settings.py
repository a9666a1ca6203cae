"""The shard and replica template covers every index the app creates, and nothing else."""

import json
from fnmatch import fnmatch
from importlib.resources import files

from invenio_search import current_search, current_search_client

TEMPLATE = "rodare-indices-v1.0.0"


def _ours():
    path = files("rodare_rdm.search_cluster.index_templates") / "os-v2" / f"{TEMPLATE}.json"
    return json.loads(path.read_text())


def _patterns(body, prefix=""):
    return [p.replace("__SEARCH_INDEX_PREFIX__", prefix) for p in body.get("index_patterns", [])]


def test_every_index_of_the_app_is_covered(running_app):
    """A new upstream index (a new alias root) must get the settings too: add its pattern."""
    patterns = _patterns(_ours())
    uncovered = [name for name in current_search.mappings
                 if not any(fnmatch(f"{name}-1700000000", p) for p in patterns)]
    assert not uncovered


def test_other_templates_keep_their_indices(running_app):
    """A composable template that matched the statistics indices would set invenio-stats'
    legacy templates aside (OpenSearch applies legacy ones only when no composable one
    matches); the job and audit logs have composable templates of their own."""
    ours = _patterns(_ours())
    others = {name: json.loads(open(path).read())
              for kind in ("templates", "index_templates")
              for name, path in getattr(current_search, kind).items() if name != TEMPLATE}
    assert others, "the app registers other templates"
    for name, body in others.items():
        for pattern in _patterns(body):
            sample = pattern.replace("*", "2026-12")
            assert not any(fnmatch(sample, p) for p in ours), f"{TEMPLATE} would match {name}'s {pattern}"


def test_settings(running_app):
    """One primary shard; replicas follow the number of nodes, at most two (docstring of
    rodare_rdm.search_cluster)."""
    body = _ours()
    assert body["template"]["settings"] == {
        "index": {"number_of_shards": 1, "auto_expand_replicas": "0-2"}}
    assert set(body) == {"index_patterns", "priority", "template"}, "settings only, no mappings"


def test_the_search_server_takes_the_template(running_app, index_templates):
    """`invenio index init` puts it (the fixture does the same), and an index created after
    it gets its settings."""
    prefix = running_app.app.config["SEARCH_INDEX_PREFIX"]
    name = f"{prefix}{TEMPLATE}"
    stored = current_search_client.indices.get_index_template(name=name)["index_templates"]
    assert stored and stored[0]["index_template"]["index_patterns"] == _patterns(_ours(), prefix)
    index = f"{prefix}subjects-subject-v1.0.0-template-probe"
    try:
        current_search_client.indices.create(index=index, body={"mappings": {"properties": {}}})
        assert current_search_client.indices.exists(index=index)
        settings = current_search_client.indices.get_settings(index=index)[index]["settings"]["index"]
        assert settings["auto_expand_replicas"] == "0-2"
        assert str(settings["number_of_shards"]) == "1"
    finally:
        current_search_client.indices.delete(index=index, ignore=[404])
