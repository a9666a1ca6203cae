"""The nightly deletion of old job logs, on an instance where no job has logged yet.

Job logs go to a plain index (``index_templates/``), which the search server creates with the
first log line of the first job run. Until then it does not exist, and upstream's nightly task
(``invenio_jobs.logging.tasks.delete_logs``, beat entry ``delete-job-logs``) fails with
``index_not_found_exception`` every night: a failed task in the worker log of every new
instance, seen in a CI run that crossed 00:05. Upstream's data-stream template has the same
gap on OpenSearch (no data stream before the first write). With no index there is nothing
to delete, so this task asks first and otherwise runs upstream's unchanged.
"""

from celery import shared_task
from flask import current_app
from invenio_jobs.logging.tasks import delete_logs
from invenio_search import current_search_client
from invenio_search.utils import prefix_index


@shared_task(ignore_result=True)
def delete_old_job_logs():
    """Delete job logs past their retention, if any job has ever logged."""
    index = prefix_index(current_app.config["JOBS_LOGGING_INDEX"])
    if not current_search_client.indices.exists(index=index):
        return
    delete_logs()
