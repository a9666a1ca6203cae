"""Jobs from the administration panel run on the live worker and their logs are readable.

invenio-jobs writes every log line of a run to the search server; upstream declares that
index a data stream, which the embedded search server lacks, so before RODARE's plain-index
template (``rodare_rdm.portable_search.index_templates``) every run failed on its first log line.
"""

import time


def test_job_run_succeeds_and_logs_are_searchable(api, live_stack):
    """Start a run of a registered job over REST; it succeeds and its logs can be read."""
    job = api.post(f"{api.base}/jobs", json={
        "title": "Lift expired embargoes", "task": "update_expired_embargos",
        "queue": "celery", "active": True,
    })
    assert job.status_code == 201, job.text
    job_id = job.json()["id"]
    run = api.post(f"{api.base}/jobs/{job_id}/runs", json={})
    assert run.status_code == 201, run.text
    run_id = run.json()["id"]

    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline:
        runs = api.get(f"{api.base}/jobs/{job_id}/runs").json()["hits"]["hits"]
        status = next(r["status"] for r in runs if r["id"] == run_id)
        if status not in ("QUEUED", "RUNNING"):
            break
        time.sleep(1)
    worker_log = (live_stack.root / "logs" / "worker.log").read_text()[-3000:]
    assert status == "SUCCESS", worker_log

    logs = api.get(f"{api.base}/logs/jobs", params={"q": f'context.run_id:"{run_id}"'}).json()
    messages = [hit["message"] for hit in logs["hits"]["hits"]]
    assert any("Lifted 0 embargoes" in message for message in messages), messages
    assert all(hit["context"]["run_id"] == run_id for hit in logs["hits"]["hits"])
