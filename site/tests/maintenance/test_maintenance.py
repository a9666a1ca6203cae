"""A service that is down answers 503 with the maintenance message and Retry-After, not 500.

The errors are the drivers' own, raised by connecting to a port where nothing listens (a
dead PostgreSQL, Redis, broker or search server), inside a view of the UI or the REST API,
or after it (as a session saved to a dead Redis would):

| where                          | answer                                             |
|--------------------------------|----------------------------------------------------|
| REST API (any Accept)          | 503 JSON {"status": 503, "message"}, Retry-After   |
| UI page, browser               | 503 page with the message, Retry-After             |
| UI, a client without HTML      | 503 JSON                                           |
| outside the view (Flask's 500) | the same 503; any other 500 stays upstream's 500   |
| many requests in one outage    | one log line                                       |
"""

import logging

import pytest
import redis
import sqlalchemy
from flask import after_this_request
from kombu import Connection
from opensearchpy import OpenSearch

from stack.services import free_port

MESSAGE = "RODARE is briefly unavailable"


def _dead_port():
    return free_port()  # nothing listens on it


def _database():
    engine = sqlalchemy.create_engine(f"postgresql+psycopg2://rodare@127.0.0.1:{_dead_port()}/x",
                                      connect_args={"connect_timeout": 2})
    engine.connect()


def _redis():
    redis.from_url(f"redis://127.0.0.1:{_dead_port()}/0?socket_connect_timeout=2").ping()


def _broker():
    Connection(f"redis://127.0.0.1:{_dead_port()}/5").ensure_connection(max_retries=1, interval_start=0, interval_step=0)


def _search():
    OpenSearch(hosts=[f"127.0.0.1:{_dead_port()}"], max_retries=0, timeout=2).info()


SERVICES = {"database": _database, "redis": _redis, "broker": _broker, "search": _search}


def _after(service):
    """A view whose response then needs the dead service (as saving a session does)."""
    @after_this_request
    def _save(response):
        SERVICES[service]()
        return response
    return "served"


def _broken():
    raise RuntimeError("a real bug")


@pytest.fixture(scope="module")
def routes(app):
    """Views on the UI and the API application that need a dead service."""
    api_app = app.wsgi_app.mounts["/api"]
    for flask_app in (app, api_app):
        flask_app.add_url_rule("/_down/<service>", "down",
                               lambda service: SERVICES[service]())
        flask_app.add_url_rule("/_after/<service>", "after", _after)
        flask_app.add_url_rule("/_broken", "broken", _broken)
    return app


def _is_maintenance(response):
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"] == "30"
    assert MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("service", SERVICES)
def test_rest_api_answers_503_json(routes, api, service):
    response = api.get(f"/api/_down/{service}", headers={"Accept": "text/html"})
    _is_maintenance(response)
    assert response.json["status"] == 503


@pytest.mark.parametrize("service", ["database", "redis", "broker"])
def test_ui_answers_a_503_page_to_a_browser_and_json_to_a_client(routes, api, service):
    page = api.get(f"/_down/{service}", headers={"Accept": "text/html"})
    _is_maintenance(page)
    assert page.mimetype == "text/html"
    assert 'id="rodare-maintenance"' in page.get_data(as_text=True)
    client = api.get(f"/_down/{service}", headers={"Accept": "application/json"})
    _is_maintenance(client)
    assert client.json["status"] == 503


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_an_error_outside_the_view_answers_503_too(routes, api, monkeypatch, prefix):
    for flask_app in (routes, routes.wsgi_app.mounts["/api"]):
        monkeypatch.setitem(flask_app.config, "PROPAGATE_EXCEPTIONS", False)
    _is_maintenance(api.get(f"{prefix}/_after/redis", headers={"Accept": "text/html"}))
    bug = api.get(f"{prefix}/_broken", headers={"Accept": "text/html"})
    assert bug.status_code == 500  # a bug stays a bug
    assert "Retry-After" not in bug.headers


def test_a_session_in_a_dead_redis_answers_503(routes, api, monkeypatch, caplog):
    """A browser with a session cookie while the session store is down: Flask cannot open the
    session before the view; the answer is the 503 page (in the person's language, which is
    read from the session: a null one here), not Flask's bare 500."""
    from simplekv.memory.redisstore import RedisStore

    monkeypatch.setitem(routes.config, "PROPAGATE_EXCEPTIONS", False)
    dead = RedisStore(redis.from_url(f"redis://127.0.0.1:{_dead_port()}/1"))
    monkeypatch.setattr(routes, "kvsession_store", dead)
    api.set_cookie(routes.config["SESSION_COOKIE_NAME"], _signed_session_id(routes))
    caplog.set_level(logging.WARNING)
    for _ in range(2):
        page = api.get("/_down/none", headers={"Accept": "text/html"})
        _is_maintenance(page)
        assert page.mimetype == "text/html"
    # No traceback per request: the outage is one warning, not Flask's "Exception on ...".
    assert not [r for r in caplog.records if r.getMessage().startswith("Exception on")]


def _signed_session_id(app):
    from flask_kvsession import SessionID
    from itsdangerous import Signer

    return Signer(app.secret_key).sign(SessionID(1).serialize().encode()).decode()


def test_one_outage_is_logged_once(routes, api, caplog):
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        _is_maintenance(api.get("/api/_down/database"))
    said = [r for r in caplog.records if "unreachable: answering 503" in r.getMessage()]
    assert len(said) <= 1  # an earlier test may have opened this outage already


def test_the_page_speaks_german(routes, api):
    from flask import g

    g.pop("_flask_babel", None)  # see search_ready's test of the same: one app context
    page = api.get("/_down/database?ln=de", headers={"Accept": "text/html"})
    assert page.status_code == 503
    assert "RODARE ist kurz nicht erreichbar" in page.get_data(as_text=True)
