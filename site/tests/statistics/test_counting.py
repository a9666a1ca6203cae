"""What counts: a visitor's views and downloads, per version and over all versions, within
one run of the beat's statistics task; robots never, a double click once.

The numbers are read where visitors see them: the records service (landing page), the REST
API and search results, all of which read the ``stats`` dumped into the record index.
"""

from invenio_access.permissions import system_identity
from invenio_base import invenio_url_for
from invenio_rdm_records.proxies import current_rdm_records_service as service

from rodare_rdm.statistics.cli import statistics

DATA_VOLUME = 8
"""One download of the conftest's data.csv."""


def _stats(record):
    return service.read(system_identity, record.id).to_dict()["stats"]


def test_views_and_downloads_show_after_one_run(publish_with_file, visit, run_pipeline, client,
                                               double_click_window):
    """One run of the task takes a view from the queue to the record, REST and search."""
    first = publish_with_file("Version one")
    second = publish_with_file("Version two", previous=first)
    assert _stats(first)["this_version"]["views"] == 0

    double_click_window()
    visit(first)
    visit(first)  # a double click: the same visitor, the same page, within 30 s
    visit(first, download=True)
    visit(second, agent="other browser")
    visit(first, agent="robot")
    visit(first, agent="robot", download=True)
    run_pipeline()

    one, two = _stats(first), _stats(second)
    assert one["this_version"] == {"views": 1, "unique_views": 1, "downloads": 1,
                                   "unique_downloads": 1, "data_volume": DATA_VOLUME}
    assert two["this_version"] == {"views": 1, "unique_views": 1, "downloads": 0,
                                   "unique_downloads": 0, "data_volume": 0}
    everything = {"views": 2, "unique_views": 2, "downloads": 1, "unique_downloads": 1,
                  "data_volume": DATA_VOLUME}
    assert one["all_versions"] == two["all_versions"] == everything

    rest = client.get(f"/api/records/{first.id}").json["stats"]
    assert rest == one
    hits = {hit["id"]: hit["stats"] for hit in service.search(
        system_identity, params={"allversions": True}).hits}
    assert hits == {first.id: one, second.id: two}


def test_numbers_grow_with_later_runs(publish_with_file, visit, run_pipeline):
    """A later run adds the visits since the last one (the task's bookmarks move on)."""
    record = publish_with_file("Visited twice")
    visit(record)
    run_pipeline()
    assert _stats(record)["this_version"]["unique_views"] == 1

    visit(record, agent="other browser")
    visit(record, agent="other browser", download=True)
    run_pipeline()
    assert _stats(record)["this_version"]["unique_views"] == 2
    assert _stats(record)["this_version"]["downloads"] == 1


def test_rest_reads_are_not_views(publish_with_file, run_pipeline, client):
    """Reading a record over REST is no view (upstream drops API record views)."""
    record = publish_with_file("Read by a script")
    assert client.get(f"/api/records/{record.id}").status_code == 200
    run_pipeline()
    assert _stats(record)["this_version"]["views"] == 0


def test_the_previewer_loading_a_file_is_no_download(publish_with_file, visit, run_pipeline):
    """The landing page's previewer fetches the file from the preview page: not a download."""
    record = publish_with_file("Previewed")
    preview = invenio_url_for("invenio_app_rdm_records.record_file_preview",
                              pid_value=record.id, filename="data.csv")
    visit(record, download=True, referrer=preview)
    run_pipeline()
    assert _stats(record)["this_version"]["downloads"] == 0


def test_a_run_with_nothing_to_do_succeeds(running_app, stats_queues, run_pipeline):
    """On a fresh instance (no events, no statistics indices yet) the task does not fail."""
    assert run_pipeline() == "0 documents reindexed"


def test_the_command_runs_the_pipeline(publish_with_file, visit, app):
    """``invenio rodare-statistics update`` is the beat's task, run by hand."""
    record = publish_with_file("Updated by hand")
    visit(record)
    result = app.test_cli_runner().invoke(statistics, ["update"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 documents reindexed"
