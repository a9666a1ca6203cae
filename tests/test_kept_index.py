"""The embedded stack's search index kept from a clean stop to the next start
(stack/kept_index.py): used only while the database and the code are what made it."""

import json
import signal

import pytest
from opensearchpy.exceptions import ConflictError

from stack import kept_index
from stack.services import Postgres, Search, free_port
from stack.supervisor import Stack

RECORDS = "rodare-rdmrecords-records-record-v7.0.0"


def _init(client, stamp):
    """What ``invenio index init`` makes: ``<alias>-<timestamp>`` behind its aliases."""
    client.indices.create(index=f"{RECORDS}-{stamp}", body={
        "aliases": {RECORDS: {}, "rodare-rdmrecords": {}},
        "mappings": {"properties": {"title": {"type": "text"}}}})


def _documents(client, index):
    client.indices.refresh(index=index)
    hits = client.search(index=index, body={"size": 100}, version=True)["hits"]["hits"]
    return {hit["_id"]: (hit["_version"], hit["_source"]) for hit in hits}


def test_the_documents_come_back_with_their_versions(search_server, tmp_path):
    """Every document of the indices ``index init`` made comes back under its alias with
    its version; the statistics' own indices are not part of it (usage_stats.py)."""
    before = search_server()
    _init(before, 1796481351)
    before.index(index=RECORDS, id="a", body={"title": "Neutron data"},
                 version=3, version_type="external_gte")
    before.index(index=RECORDS, id="b", body={"title": "Beamline"},
                 version=7, version_type="external_gte")
    before.index(index="rodare-stats-record-view-2026-12", id="s", body={"count": 3})
    folder = tmp_path / "search"

    assert kept_index.save(before, folder) == 2
    assert kept_index.seal(folder, "7715/0/11A8A9F8", "code")

    after = search_server()  # the next start: an empty server, indices made anew
    _init(after, 1796499999)
    taken = kept_index.take(folder, "7715/0/11A8A9F8", "code")
    assert kept_index.restore(after, taken) == 2
    assert _documents(after, RECORDS) == {"a": (3, {"title": "Neutron data"}),
                                          "b": (7, {"title": "Beamline"})}
    assert not after.indices.exists(index="rodare-stats-record-view-2026-12")
    # A late write of an older version is refused, as it was before the stop.
    with pytest.raises(ConflictError):
        after.index(index=RECORDS, id="b", body={"title": "stale"},
                    version=6, version_type="external_gte")
    assert not taken.exists()  # used once


@pytest.mark.parametrize("checkpoint, code", [
    ("7715/0/11A8B000", "code"),  # the database wrote after the documents were saved
    (None, "code"),               # the database was not shut down cleanly
    ("7715/0/11A8A9F8", "new"),   # other code, mappings, vocabularies or settings
])
def test_a_changed_database_or_code_rebuilds(tmp_path, checkpoint, code):
    """Any doubt: no documents, and the kept files are gone."""
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / kept_index.DOCUMENTS).write_text(json.dumps({"_index": RECORDS, "_id": "a"}))
    assert kept_index.seal(folder, "7715/0/11A8A9F8", "code")

    assert kept_index.take(folder, checkpoint, code) is None
    assert list(folder.iterdir()) == []


def test_documents_without_a_seal_are_not_used(tmp_path):
    """Saved, but the stop did not finish (the database did not stop cleanly)."""
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / kept_index.DOCUMENTS).write_text("")
    assert not kept_index.seal(folder, None, "code")
    assert kept_index.take(folder, "7715/0/11A8A9F8", "code") is None
    assert kept_index.take(folder, None, "code") is None  # nothing saved at all


def test_the_checkpoint_moves_with_every_write_and_needs_a_clean_stop(tmp_path):
    """A real PostgreSQL: running or killed gives none; a write between two clean stops
    gives another."""
    postgres = Postgres(tmp_path, free_port())
    tool = Postgres._bin("pg_controldata")
    postgres.start()
    assert kept_index.checkpoint(tool, postgres.datadir) is None  # running
    postgres.stop()
    first = kept_index.checkpoint(tool, postgres.datadir)
    assert first is not None

    postgres.start()
    postgres.stop()
    assert kept_index.checkpoint(tool, postgres.datadir) is not None  # no write: may move

    postgres.start()
    postgres.psql("CREATE TABLE written (id int); INSERT INTO written VALUES (1);")
    postgres.stop()
    second = kept_index.checkpoint(tool, postgres.datadir)
    assert second not in (None, first)

    postgres.start()
    postgres.stop(sig=signal.SIGKILL)  # a crash: not "shut down"
    assert kept_index.checkpoint(tool, postgres.datadir) is None
    postgres.start()  # recovers
    postgres.stop()


def test_the_fingerprint_follows_code_vocabularies_and_settings(tmp_path):
    """The site package, app_data and INVENIO_* settings; not other variables."""
    (tmp_path / "site" / "rodare_rdm").mkdir(parents=True)
    (tmp_path / "app_data").mkdir()
    (tmp_path / "invenio.cfg").write_text("X = 1\n")
    dumper = tmp_path / "site" / "rodare_rdm" / "dumper.py"
    dumper.write_text("A = 1\n")
    env = {"INVENIO_SEARCH_INDEX_PREFIX": "rodare-", "HOME": "/root"}
    first = kept_index.code_fingerprint(tmp_path, env)

    assert kept_index.code_fingerprint(tmp_path, {**env, "HOME": "/tmp"}) == first
    assert kept_index.code_fingerprint(tmp_path, {**env, "INVENIO_X": "1"}) != first
    (tmp_path / "app_data" / "hzdr_institutes.yaml").write_text("- id: fwk\n")
    second = kept_index.code_fingerprint(tmp_path, env)
    assert second != first
    dumper.write_text("A = 2\n")
    assert kept_index.code_fingerprint(tmp_path, env) != second


class _Services:
    """The running services as ``Stack.stop`` sees them: a real search server, no database
    (so nothing is sealed: there is no clean shutdown to read)."""

    def __init__(self, search):
        self.search = search

    def stop(self):
        pass


class _Child:
    name, log_path = "search", "logs/search.log"

    def kill_group(self):
        pass


def test_only_a_complete_index_is_saved(search_server, tmp_path):
    """A stop while a refill fills the search server, or after it crashed, saves nothing;
    a complete index is saved even if a later step of the start failed."""
    client = search_server()
    _init(client, 1796481351)
    client.index(index=RECORDS, id="a", body={"title": "Neutron data"})
    search = Search(tmp_path, client.transport.hosts[0]["port"])
    stack = Stack(tmp_path / "root", ports={"search": search.port})
    documents = stack.kept_index_folder / kept_index.DOCUMENTS

    stack.services, stack.index_complete = _Services(search), False  # up, but refilling
    stack.up = True
    stack.stop()
    assert not documents.exists()

    stack.services, stack.index_complete = _Services(search), True
    stack._crashed(_Child(), "exited", 0.0)  # not the search server: still complete
    assert stack.index_complete
    stack.services.search = child = _Child()
    stack._crashed(child, "exited", 0.0)  # the search server: its documents are gone
    assert not stack.index_complete

    stack.services, stack.index_complete = _Services(search), True  # up, or failed later
    stack.stop()
    assert documents.read_text().count("\n") == 1
    assert not (stack.kept_index_folder / kept_index.MANIFEST).exists()  # not sealed
