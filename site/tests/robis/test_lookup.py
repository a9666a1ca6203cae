"""The ROBIS lookup behind ``pub_id`` (``rodare_rdm.robis.lookup``), against the local ROBIS
over real HTTP: a known publication, an unknown one, malformed ids, and every way ROBIS can
fail to answer, which must raise rather than read as "unknown" or "known"."""

import time

import pytest
import requests

from rodare_rdm.robis.lookup import RobisUnavailable, verify_publication
from stack.services import free_port


@pytest.fixture
def robis_at(set_config):
    """A function pointing RODARE_ROBIS_LOOKUP_URL somewhere."""
    return lambda url: set_config("RODARE_ROBIS_LOOKUP_URL", url)


@pytest.mark.parametrize("pub_id", ["27151", 27151, " 30001 ", 31000])
def test_a_publication_robis_knows(app, local_robis, robis_at, pub_id):
    """HERMES sends ``robis_pub_id`` as a string; other clients send a number."""
    robis_at(local_robis.lookup_url)
    assert verify_publication(pub_id) is True


@pytest.mark.parametrize("pub_id", ["99999", 123456789])
def test_a_publication_robis_does_not_know(app, local_robis, robis_at, pub_id):
    robis_at(local_robis.lookup_url)
    assert verify_publication(pub_id) is False


@pytest.mark.parametrize("pub_id", [
    "Publ-27151", "27151a", "", "0", "-27151", "1" * 10, "27151/../1", True, 27151.0, None, ["27151"],
])
def test_what_is_not_a_robis_id_is_refused_without_asking(app, robis_at, pub_id):
    """ROBIS is not even asked (its address here accepts no connection, which would raise)."""
    robis_at(f"http://127.0.0.1:{free_port()}/robis/api/publications")
    assert verify_publication(pub_id) is False


def test_robis_down_is_an_outage_not_an_unknown_id(app, robis_at):
    robis_at(f"http://127.0.0.1:{free_port()}/robis/api/publications")
    with pytest.raises(RobisUnavailable, match="did not answer"):
        verify_publication("27151")


def test_a_slow_robis_is_an_outage_soon(app, slow_robis, robis_at, set_config):
    """The deposit request waits on the lookup: it gives up after the timeout."""
    robis_at(slow_robis.lookup_url)
    set_config("RODARE_ROBIS_LOOKUP_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(RobisUnavailable):
        verify_publication("27151")
    assert time.monotonic() - started < 2.5


def test_a_wrong_lookup_url_is_an_outage_not_an_unknown_id(app, local_robis, robis_at):
    """A web server's 404 page (not ROBIS's JSON 404) for every id is a misconfiguration."""
    robis_at(f"{local_robis.url}/no/such/api")
    with pytest.raises(RobisUnavailable, match="404"):
        verify_publication("27151")


def test_an_answer_that_is_not_a_publication_is_an_outage(app, local_robis, robis_at):
    """A 200 that is not the publication asked for (a portal's start page) does not count."""
    robis_at(f"{local_robis.url}/?page=")
    with pytest.raises(RobisUnavailable):
        verify_publication("27151")


# The stand-in answers as strictly as a real server would
# -------------------------------------------------------


def test_the_stand_in_answers_a_publication_in_json(local_robis):
    res = requests.get(f"{local_robis.lookup_url}/27151", headers={"Accept": "application/json"}, timeout=5)
    assert res.status_code == 200
    assert res.headers["Content-Type"] == "application/json"
    assert res.json() == {"id": "27151", "title": res.json()["title"], "type": "Software",
                          "url": "https://www.hzdr.de/publications/Publ-27151"}


@pytest.mark.parametrize("method, path, accept, status", [
    ("GET", "/99999", "application/json", 404),
    ("GET", "/Publ-27151", "application/json", 400),
    ("GET", "/27151", "text/html", 406),
    ("POST", "/27151", "application/json", 405),
    ("DELETE", "/27151", "application/json", 405),
])
def test_the_stand_in_refuses(local_robis, method, path, accept, status):
    res = requests.request(method, f"{local_robis.lookup_url}{path}", headers={"Accept": accept}, timeout=5)
    assert res.status_code == status
    assert res.json()["status"] == status


def test_the_stand_in_knows_what_it_registered(local_robis):
    """An id the registration assigned (kept as ``<id>.json`` in its folder) is found too."""
    (local_robis.folder / "90001.json").write_text(
        '{"received": {"title": "Registered draft", "resource_type": "dataset"}}')
    res = requests.get(f"{local_robis.lookup_url}/90001", headers={"Accept": "application/json"}, timeout=5)
    assert res.json()["title"] == "Registered draft"
