"""Fixtures shared by the tests of the stack's own parts (tests/*.py)."""

import pytest
from opensearchpy import OpenSearch

from stack.services import Search, free_port


@pytest.fixture
def search_server(tmp_path):
    """A function starting an osmem-server (in memory, as the stack's) on a free port and
    returning a client of it; a second call is a restart: a new, empty server."""
    servers = []

    def _start():
        server = Search(tmp_path, free_port()).start()
        servers.append(server)
        return OpenSearch(hosts=server.hosts)

    yield _start
    for server in servers:
        server.stop()
