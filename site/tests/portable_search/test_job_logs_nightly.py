"""The nightly deletion of old job logs: nothing to do before the first job, upstream's after."""

import datetime

from invenio_app_rdm import config as app_rdm_config
from invenio_jobs.logging.tasks import delete_logs
from invenio_search import current_search_client
from invenio_search.utils import prefix_index

from rodare_rdm.portable_search.job_logs import delete_old_job_logs


def _index(app):
    return prefix_index(app.config["JOBS_LOGGING_INDEX"])


def test_no_job_has_logged_yet(running_app, index_templates):
    """A new instance: upstream's task fails (the positive control), ours does nothing."""
    app = running_app.app
    assert not current_search_client.indices.exists(index=_index(app))
    try:
        delete_logs()
    except Exception as error:  # noqa: BLE001 - the exact class is the client's
        assert "index_not_found" in str(error)
    else:
        raise AssertionError("upstream's task no longer fails without the index: drop ours")
    delete_old_job_logs()  # no exception


def test_old_logs_go_and_recent_ones_stay(running_app, index_templates):
    """Once a job has logged, the retention applies as upstream's task applies it."""
    app = running_app.app
    index = _index(app)
    days = app.config["JOBS_LOGGING_RETENTION_DAYS"]
    for doc_id, timestamp in (("old", f"now-{days + 2}d"), ("new", "now")):
        current_search_client.index(index=index, id=doc_id, refresh=True, body={
            "@timestamp": _resolve(timestamp), "message": doc_id, "level": "INFO"})
    delete_old_job_logs()
    current_search_client.indices.refresh(index=index)
    left = current_search_client.search(index=index, body={"query": {"match_all": {}}})
    assert [hit["_id"] for hit in left["hits"]["hits"]] == ["new"]


def test_the_beat_runs_ours_at_upstreams_time(running_app):
    """Same schedule as upstream's entry, our task."""
    entry = running_app.app.config["CELERY_BEAT_SCHEDULE"]["delete-job-logs"]
    upstream = app_rdm_config.CELERY_BEAT_SCHEDULE["delete-job-logs"]
    assert entry["task"] == "rodare_rdm.portable_search.job_logs.delete_old_job_logs"
    assert entry["schedule"] == upstream["schedule"]


def _resolve(expression):
    """``now`` or ``now-Nd`` as an ISO timestamp."""
    now = datetime.datetime.now(datetime.timezone.utc)
    if expression == "now":
        return now.isoformat()
    return (now - datetime.timedelta(days=int(expression[4:-1]))).isoformat()
