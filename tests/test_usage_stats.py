"""Usage statistics survive a restart of the embedded stack's in-memory search server."""

import pytest

from stack import usage_stats
from stack.services import free_port
from stack.supervisor import Stack

STATS = {
    "rodare-events-stats-record-view-2026-12": {"a": {"recid": "10002", "unique_id": "ui_10002"}},
    "rodare-stats-record-view-2026-12": {"ui_10002-2026-12-04": {"recid": "10002", "count": 3}},
    "rodare-stats-bookmarks": {"b": {"date": "2026-12-04T22:45:00+00:00",
                                     "aggregation_type": "record-view-agg"}},
}


def _documents(client, index):
    client.indices.refresh(index=index)
    hits = client.search(index=index, body={"size": 100})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def test_saved_statistics_come_back_in_a_new_server(search_server, tmp_path):
    """Events, aggregations and bookmarks are saved and restored; other indices are not."""
    before = search_server()
    for index, documents in STATS.items():
        for doc_id, source in documents.items():
            before.index(index=index, id=doc_id, body=source)
    before.index(index="rodare-rdmrecords-records-record-v7.0.0", id="x", body={"id": "x"})
    path = str(tmp_path / "stats" / "usage.jsonl")

    assert usage_stats.save(before, path) == 3

    after = search_server()  # a restart: an empty server
    assert usage_stats.restore(after, path) == 3
    for index, documents in STATS.items():
        assert _documents(after, index) == documents
    assert not after.indices.exists(index="rodare-rdmrecords-records-record-v7.0.0")


def test_nothing_saved_yet_restores_nothing(search_server, tmp_path):
    """The first start of a stack finds no file."""
    assert usage_stats.restore(search_server(), str(tmp_path / "none.jsonl")) == 0


def test_a_stack_that_did_not_come_up_keeps_the_saved_file(tmp_path):
    """A failed start (nothing restored yet) must not replace the saved statistics."""
    stack = Stack(tmp_path, ports={"search": free_port()})
    stack.usage_stats_file.parent.mkdir(parents=True)
    stack.usage_stats_file.write_text('{"_index": "rodare-stats-x", "_id": "1", "_source": {}}\n')
    stack.services = type("Stopped", (), {"stop": lambda self: None})()
    stack.stop()
    assert stack.usage_stats_file.read_text().startswith('{"_index": "rodare-stats-x"')


def test_the_app_processes_know_where_the_file_is(tmp_path):
    """stack.instance restores from the file the supervisor saves to."""
    stack = Stack(tmp_path, ports={"search": 3})
    assert stack.env()["RODARE_USAGE_STATS_FILE"] == str(stack.usage_stats_file)
