"""Factories for the search readiness tests: a published record, the refill marker held for
one test, a search server too busy to answer (clients and the published-record factory:
site/tests/conftest.py)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opensearchpy import OpenSearch

from rodare_rdm.search_ready.marker import end_refill, start_refill


@pytest.fixture
def published(publish):
    """One public record, indexed."""
    return publish("A record found by search")


@pytest.fixture
def refill_under_way(app):
    """The refill marker set, as a refill sets it; removed afterwards whatever the test did."""
    start_refill()
    yield
    end_refill()


class _Slow(BaseHTTPRequestHandler):
    """A search server too busy to answer a search: HEAD (does this index exist?) is
    answered "no" at once when ``answers_head``, everything else never within the timeout."""

    def do_HEAD(self):
        if not self.server.answers_head:
            self.server.released.wait()
            return
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.server.released.wait()

    do_POST = do_PUT = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(params=["search", "everything"], ids=["search-too-slow", "marker-check-too-slow"])
def busy_search(request, app, monkeypatch):
    """The app's search client talking to a local HTTP server that takes connections and
    does not answer searches (or, ``everything``, any request) within the client's timeout of
    half a second: a search server busy with other searches."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    server.answers_head = request.param == "search"
    server.released = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = OpenSearch(hosts=[f"127.0.0.1:{server.server_port}"], timeout=0.5, max_retries=0)
    for flask_app in (app, app.wsgi_app.mounts["/api"]):  # the UI and the REST application
        monkeypatch.setattr(flask_app.extensions["invenio-search"], "_client", client)
    yield request.param
    server.released.set()
    server.shutdown()
    server.server_close()
