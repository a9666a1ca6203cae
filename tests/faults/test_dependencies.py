"""A dependency down for a while, a web worker or the DataCite stand-in killed: RODARE answers
503 (or serves), recovers by itself and loses no DOI.

| fault                                   | what the test proves                               |
|-----------------------------------------|----------------------------------------------------|
| PostgreSQL down (kill -9, not restarted | REST and a record's page answer 503 with the       |
| while the test looks)                   | maintenance message and Retry-After, in seconds;   |
|                                         | a publish is refused cleanly; then serving again   |
|                                         | by itself, and the refused draft publishes with    |
|                                         | its DOI                                            |
| Redis (cache, sessions, broker) down    | every answer is a 200 or that 503, never a 500 or  |
|                                         | a hang; a publish completes (its DOI registered    |
|                                         | after recovery) or is refused cleanly              |
| one gunicorn worker (kill -9)           | the master replaces it; every request is served    |
| the DataCite stand-in (kill -9), during | the publication completes; the DOI waits (failed,  |
| a publish                               | retryable) and is registered once it is back       |

They share the faults stack (conftest, session scope) and run before test_supervision.py.
"""

import os
import signal
import time
import uuid

import psutil
import requests

MESSAGE = "RODARE is briefly unavailable"
BOUND = 15
"""Seconds within which a request answers while a dependency is down (never a hang)."""


def _kill(child):
    os.kill(child.proc.pid, signal.SIGKILL)


def _note(supervised, what, text):
    """Keep a measurement in the stack's logs (copied to .rodare/faults-logs at the end)."""
    with open(supervised.stack.root / "logs" / "measurements.txt", "a") as notes:
        notes.write(f"{what}: {text}\n")


def _timed(call):
    start = time.monotonic()
    answer = call()
    return answer, time.monotonic() - start


def _is_maintenance(answer, took):
    assert answer.status_code == 503, answer.text[:500]
    assert int(answer.headers["Retry-After"]) > 0
    assert MESSAGE in answer.text
    assert took < BOUND, f"answered after {took:.1f}s"


def _serves(api):
    try:
        return api.get(f"{api.base}/records", timeout=30).status_code == 200
    except requests.RequestException:
        return False


def _published_or_publish(api, draft_id, wait_until, datacite, publish_answer):
    """After recovery: a refused publish is still a draft (publish it now); a completed one
    is published. Either way its DOI ends up registered at DataCite."""
    if publish_answer.status_code != 202:
        record = api.get(f"{api.base}/records/{draft_id}", timeout=30)
        assert record.status_code == 404, "a refused publish left a published record"
        answer = api.post(f"{api.base}/records/{draft_id}/draft/actions/publish", timeout=60)
        assert answer.status_code == 202, answer.text
    record = api.get(f"{api.base}/records/{draft_id}", timeout=30)
    assert record.status_code == 200, record.text
    doi = record.json()["pids"]["doi"]["identifier"]
    wait_until(lambda: datacite(doi) == "findable", 150, f"{doi} is registered at DataCite")


def test_postgres_down_answers_503_then_recovers(
        supervised, api, publish, draft, datacite, wait_until):
    shown = publish(f"Shown while PostgreSQL is down {uuid.uuid4().hex[:6]}")
    pending = draft(f"Published while PostgreSQL is down {uuid.uuid4().hex[:6]}")
    page = f"{supervised.stack.url}/records/{shown['id']}"
    with supervised.paused():
        _kill(supervised.child("postgres"))
        wait_until(lambda: supervised.child("postgres").proc.poll() is not None, 10,
                   "PostgreSQL is down")
        answer, took = _timed(lambda: api.get(f"{api.base}/records/{shown['id']}", timeout=60))
        _is_maintenance(answer, took)
        assert answer.json() == {"status": 503, "message": answer.json()["message"]}
        _note(supervised, "postgres_down_api", f"{answer.status_code} Retry-After "
                        f"{answer.headers['Retry-After']} in {took:.2f}s")
        browser, took = _timed(lambda: api.get(page, timeout=60, headers={"Accept": "text/html"}))
        _is_maintenance(browser, took)
        assert browser.headers["Content-Type"].startswith("text/html")
        _note(supervised, "postgres_down_page", f"{browser.status_code} in {took:.2f}s")
        refused, took = _timed(lambda: api.post(
            f"{api.base}/records/{pending['id']}/draft/actions/publish", timeout=60))
        _is_maintenance(refused, took)
    supervised.said("postgres restarted")
    wait_until(lambda: _serves(api), 120, "the web app serves again")
    assert api.get(page, timeout=30, headers={"Accept": "text/html"}).status_code == 200
    _published_or_publish(api, pending["id"], wait_until, datacite, refused)


def test_redis_down_answers_503_or_serves_never_500(
        supervised, api, publish, draft, datacite, wait_until):
    shown = publish(f"Shown while Redis is down {uuid.uuid4().hex[:6]}")
    pending = draft(f"Published while Redis is down {uuid.uuid4().hex[:6]}")
    page = f"{supervised.stack.url}/records/{shown['id']}"
    with supervised.paused():
        _kill(supervised.child("redis"))
        wait_until(lambda: supervised.child("redis").proc.poll() is not None, 10, "Redis is down")
        answers = []
        for url, headers in ((f"{api.base}/records/{shown['id']}", {}),
                             (f"{api.base}/records", {}),
                             (page, {"Accept": "text/html"})):
            answer, took = _timed(lambda: api.get(url, timeout=60, headers=headers))
            assert answer.status_code in (200, 503), answer.text[:500]
            if answer.status_code == 503:
                _is_maintenance(answer, took)
            assert took < BOUND
            answers.append(f"{url.rsplit('/', 1)[-1]}: {answer.status_code} in {took:.2f}s")
        publish_answer, took = _timed(lambda: api.post(
            f"{api.base}/records/{pending['id']}/draft/actions/publish", timeout=60))
        assert publish_answer.status_code in (202, 503), publish_answer.text[:500]
        answers.append(f"publish: {publish_answer.status_code} in {took:.2f}s")
        _note(supervised, "redis_down", "; ".join(answers))
    supervised.said("redis restarted")
    wait_until(lambda: _serves(api), 120, "the web app serves again")
    _published_or_publish(api, pending["id"], wait_until, datacite, publish_answer)


def test_a_killed_web_worker_is_replaced_and_requests_are_served(supervised, api, wait_until):
    master = psutil.Process(supervised.child("web").proc.pid)
    workers = master.children()
    assert workers, "gunicorn runs workers"
    victim = workers[0]
    victim.send_signal(signal.SIGKILL)
    for _ in range(10):  # served meanwhile, by the other workers or the replacement
        # A new connection each time: the session's kept-alive one may have been the dead
        # worker's (a browser opens a new one when that happens).
        with requests.Session() as fresh:
            fresh.trust_env, fresh.verify = False, api.verify
            answer = fresh.get(f"{api.base}/records", timeout=60, headers=api.headers)
        assert answer.status_code == 200, answer.text[:300]
    api.close()  # its pooled connections too
    wait_until(lambda: len(master.children()) == len(workers)
               and victim.pid not in [worker.pid for worker in master.children()], 60,
               "gunicorn's master replaced the killed worker")
    assert supervised.child("web").proc.poll() is None  # the master itself lives on
    assert "web exited" not in supervised.log()[supervised.mark:]


def test_a_killed_datacite_during_a_publish_registers_the_doi_once_back(
        supervised, api, publish, datacite, wait_until):
    worker_log = supervised.child("worker").log_path
    with supervised.paused():
        _kill(supervised.child("datacite"))
        record = publish(f"Published while DataCite was down {uuid.uuid4().hex[:6]}")
        doi = record["pids"]["doi"]["identifier"]
        assert api.get(f"{api.base}/records/{record['id']}", timeout=30).status_code == 200
        # The registration failed and waits for its retry (state "failed", retryable).
        wait_until(lambda: f"DOI {doi}: DataCite unreachable" in worker_log.read_text(), 60,
                   f"the worker says {doi} waits for DataCite")
    supervised.said("datacite restarted")
    wait_until(lambda: datacite(doi) == "findable", 150, f"{doi} is registered at DataCite")
