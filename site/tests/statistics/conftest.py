"""Factories for the statistics tests: records with a file and their new versions, visits as a
browser or a robot, the event queues, the pipeline run as the beat runs it."""

import time
from io import BytesIO

import pytest
from invenio_access.permissions import system_identity
from invenio_queues.proxies import current_queues
from invenio_rdm_records.proxies import current_rdm_records_service as service

from rodare_rdm.statistics.events import COUNTER_DOUBLE_CLICK_SECONDS
from rodare_rdm.statistics.tasks import update_statistics

AGENTS = {
    "browser": ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/131.0 Safari/537.36"),
    "other browser": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "robot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
}
"""User agents: two visitors (no session, so the agent tells them apart) and a COUNTER robot."""
CONTENT = b"a,b\n1,2\n"
"""Each record's data.csv: 8 bytes, the data volume of one download."""


@pytest.fixture
def stats_queues(running_app, index_templates):
    """The event queues on the broker, as ``invenio queues declare`` leaves them, empty."""
    current_queues.declare()
    for queue in current_queues.queues.values():
        queue.queue.purge()


def _add_file_and_publish(draft):
    service.draft_files.init_files(system_identity, draft.id, [{"key": "data.csv"}])
    service.draft_files.set_file_content(system_identity, draft.id, "data.csv", BytesIO(CONTENT))
    service.draft_files.commit_file(system_identity, draft.id, "data.csv")
    return service.publish(system_identity, draft.id)


@pytest.fixture
def publish_with_file(running_app, minimal_record, stats_queues):
    """A factory: a public record with ``data.csv``; with ``previous``, its new version."""

    def _publish(title, previous=None):
        if previous is None:
            data = {**minimal_record, "files": {"enabled": True},
                    "metadata": {**minimal_record["metadata"], "title": title}}
            return _add_file_and_publish(service.create(system_identity, data))
        draft = service.new_version(system_identity, previous.id)
        data = {**draft.data, "metadata": {**draft.data["metadata"], "title": title,
                                           "publication_date": "2024-01-01"}}
        draft = service.update_draft(system_identity, draft.id, data)
        return _add_file_and_publish(draft)

    return _publish


@pytest.fixture
def visit(client):
    """A function: open a record's landing page (or ``download`` its file) as ``agent``,
    coming from ``referrer``."""

    def _visit(record, agent="browser", download=False, referrer=None):
        path = f"/records/{record.id}" + ("/files/data.csv?download=1" if download else "")
        headers = {"User-Agent": AGENTS[agent], **({"Referer": referrer} if referrer else {})}
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.status_code
        return response

    return _visit


@pytest.fixture
def double_click_window():
    """A function: wait until at least ``margin`` seconds of the current 30-s window are left, so that
    two clicks made now fall into one window (invenio-stats aligns the windows to it)."""

    def _wait(margin=10):
        while COUNTER_DOUBLE_CLICK_SECONDS - time.time() % COUNTER_DOUBLE_CLICK_SECONDS < margin:
            time.sleep(0.5)

    return _wait


@pytest.fixture
def run_pipeline(running_app):
    """Run the beat's statistics task, then drain the records' queue as the indexer beat does."""

    def _run():
        result = update_statistics()
        service.indexer.process_bulk_queue()
        service.indexer.refresh()
        return result

    return _run
