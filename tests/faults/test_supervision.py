"""kill -9 of one process of a live stack: it comes back, and nothing it held is lost.

| fault (kill -9 of)        | the supervisor                      | what the test proves            |
|---------------------------|-------------------------------------|---------------------------------|
| the Celery worker         | kills its orphaned pool, restarts it | a DOI queued meanwhile is sent |
| beat                      | restarts it                          | periodic tasks are sent again  |
| the search server         | restarts it, refills it             | 503 with Retry-After meanwhile, |
|                           |                                      | never 500, never a missing hit |
| Redis, PostgreSQL         | restarts it (data kept on disk)      | serving again, a DOI is sent    |
| one child, again and again | gives up on it after the limit      | the web app keeps serving      |
| (stop)                    | stops every process group           | no process is left             |

The tests run in this order on one stack (module scope); each leaves it whole.
"""

import os
import signal
import uuid

import psutil
import pytest
import requests


def _kill(child):
    os.kill(child.proc.pid, signal.SIGKILL)


def test_a_killed_worker_comes_back_without_orphans_and_sends_the_doi(
        supervised, publish, datacite, wait_until, group_of):
    worker = supervised.child("worker")
    pool = [process for process in group_of(worker) if process.pid != worker.proc.pid]
    assert pool, "the worker runs a pool of processes"
    _kill(worker)
    # Published while the worker is down: the DOI registration waits in Redis.
    record = publish(f"Published while the worker was down {uuid.uuid4().hex[:6]}")
    supervised.said("worker exited (-9); restarting it")
    wait_until(lambda: not any(process.is_running() for process in pool), 10,
               "the dead worker's pool processes are gone")
    supervised.said("worker restarted")
    doi = record["pids"]["doi"]["identifier"]
    wait_until(lambda: datacite(doi) == "findable", 120, f"{doi} is registered at DataCite")


def test_a_killed_beat_comes_back_and_sends_periodic_tasks_again(supervised, wait_until):
    beat = supervised.child("beat")
    _kill(beat)
    supervised.said("beat exited (-9); restarting it")
    supervised.said("beat restarted")
    restarted = beat.log_path.stat().st_size

    def sent_again():
        with open(beat.log_path, "rb") as log:
            log.seek(restarted)
            return b"Sending due task" in log.read()

    wait_until(sent_again, 90, "the restarted beat sends a periodic task")


def test_a_killed_search_server_is_refilled_and_answers_503_meanwhile(
        supervised, api, publish, wait_until):
    title = f"Found again after a search restart {uuid.uuid4().hex[:6]}"
    record = publish(title)
    query = {"q": f'id:"{record["id"]}"'}
    wait_until(lambda: api.get(f"{api.base}/records", params=query).json()["hits"]["total"], 60,
               "the record is found before the fault")
    _kill(supervised.child("search"))
    answers = []

    def found_again():
        answer = api.get(f"{api.base}/records", params=query, timeout=30)
        answers.append(answer.status_code)
        if answer.status_code == 503:
            assert answer.headers["Retry-After"]
            assert "Search is being rebuilt" in answer.json()["message"]
            return False
        assert answer.status_code == 200, answer.text[:500]  # never a 500
        # A 200 only once everything is back: never an empty or partial answer.
        assert answer.json()["hits"]["total"] == 1, "search answered before the refill ended"
        return True

    wait_until(found_again, 300, "search finds the record again")
    assert 503 in answers, "search never said it was being rebuilt"
    supervised.said("search: refilled")
    communities = api.get(f"{api.base}/communities", timeout=30)
    assert communities.status_code == 200


@pytest.mark.parametrize("server", ["redis", "postgres"])
def test_a_killed_server_comes_back_and_the_repository_is_whole_again(
        server, supervised, api, publish, datacite, wait_until):
    """Redis (cache, sessions, broker) and PostgreSQL keep their data on disk: restarted,
    the web app serves again by itself, and a publication gets its DOI."""
    _kill(supervised.child(server))
    supervised.said(f"{server} exited (-9); restarting it")
    supervised.said(f"{server} restarted")

    def serves():
        try:
            return api.get(f"{api.base}/records", timeout=30).status_code == 200
        except requests.RequestException:
            return False

    wait_until(serves, 120, "the web app serves again")
    record = publish(f"Published after {server} came back {uuid.uuid4().hex[:6]}")
    doi = record["pids"]["doi"]["identifier"]
    wait_until(lambda: datacite(doi) == "findable", 120, f"{doi} is registered at DataCite")


def test_a_child_that_keeps_crashing_is_given_up_and_the_rest_serves(
        supervised, api, wait_until):
    orcid = supervised.child("orcid")

    def logged(text):
        return any(text in line for line in supervised.log().splitlines()
                   if line.split(" ", 3)[2:3] == ["orcid"])

    for crash in (1, 2):
        pid = orcid.proc.pid
        _kill(orcid)
        wait_until(lambda: logged(f"(crash {crash} of 3 allowed"), 30, f"orcid's crash {crash}")
        wait_until(lambda: orcid.proc.pid != pid and orcid.proc.poll() is None, 30,
                   "orcid restarted")
    _kill(orcid)
    wait_until(lambda: logged("GIVING UP on orcid; the rest keeps serving"), 30,
               "the supervisor gives up on orcid")
    assert "orcid" in supervised.stack.given_up
    assert orcid.proc.poll() is not None
    assert api.get(f"{api.base}/records", timeout=30).status_code == 200
    assert api.get(f"{supervised.stack.url}/", timeout=30).status_code == 200


def test_stop_leaves_no_process_behind(supervised, group_of):
    children = supervised.stack.children()
    groups = {child.name: child.proc.pid for child in children}
    pids = {process.pid for child in children for process in group_of(child)}
    assert len(pids) > len(children)  # pools, gunicorn workers, PostgreSQL backends
    supervised.stop()
    left = [process for process in psutil.process_iter(["pid", "cmdline"])
            if process.pid in pids or _pgid(process.pid) in groups.values()]
    assert not left, f"left running: {[(p.pid, p.info['cmdline']) for p in left]}"


def _pgid(pid):
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None
