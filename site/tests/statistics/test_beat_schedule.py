"""When the numbers change: the beat runs the whole pipeline every RODARE_STATISTICS_INTERVAL
(5 minutes unless a deployment sets it), in place of upstream's three hourly steps."""

from datetime import timedelta

from celery import Celery
from celery import current_app as current_celery_app
from celery.beat import PersistentScheduler
from flask_celeryext.app import create_celery_app

from rodare_rdm.statistics.schedules import ConfiguredInterval


def test_the_beat_runs_the_pipeline_instead_of_upstreams_steps(app):
    """One entry runs the pipeline; upstream's separate steps would race its bookmarks."""
    schedule = app.config["CELERY_BEAT_SCHEDULE"]
    tasks = {entry["task"] for entry in schedule.values()}
    assert "rodare_rdm.statistics.tasks.update_statistics" in tasks
    assert not tasks & {"invenio_stats.tasks.process_events",
                        "invenio_stats.tasks.aggregate_events",
                        "invenio_rdm_records.services.tasks.reindex_stats"}
    assert schedule["rodare_statistics"]["schedule"].run_every <= timedelta(minutes=10)


def test_a_deployment_sets_the_interval_with_one_setting():
    """invenio.cfg or INVENIO_RODARE_STATISTICS_INTERVAL (seconds) reach beat's schedule."""
    interval = ConfiguredInterval("RODARE_STATISTICS_INTERVAL", timedelta(minutes=5))
    interval.app = Celery(set_as_current=False)
    assert interval.run_every == timedelta(minutes=5)
    interval.app.conf["RODARE_STATISTICS_INTERVAL"] = 3600
    assert interval.run_every == timedelta(hours=1)
    interval.app.conf["RODARE_STATISTICS_INTERVAL"] = timedelta(minutes=1)
    assert interval.run_every == timedelta(minutes=1)


def test_beats_schedule_file_keeps_the_setting_not_a_fixed_interval(tmp_path):
    """Beat (as the stack's beat process runs it) stores its entries in a shelve file and reads
    them back on every tick, unpickled without their app: the entry still follows the
    setting of the app beat runs."""
    beat = Celery(set_as_current=False)
    beat.conf["RODARE_STATISTICS_INTERVAL"] = 20
    beat.conf.beat_schedule = {"rodare_statistics": {
        "task": "rodare_rdm.statistics.tasks.update_statistics",
        "schedule": ConfiguredInterval("RODARE_STATISTICS_INTERVAL", 300)}}
    previous = current_celery_app._get_current_object()
    beat.set_current()
    try:
        scheduler = PersistentScheduler(app=beat, schedule_filename=str(tmp_path / "beat"))
        scheduler.sync()
        scheduler.close()
        scheduler = PersistentScheduler(app=beat, schedule_filename=str(tmp_path / "beat"))
        entry = scheduler.schedule["rodare_statistics"]
        assert entry.schedule.run_every == timedelta(seconds=20)
        scheduler.close()
    finally:
        previous.set_current()


def test_the_celery_app_sees_the_flask_setting(app, base_app, monkeypatch):
    """flask-celeryext copies the whole Flask configuration into Celery's."""
    monkeypatch.setitem(base_app.config, "RODARE_STATISTICS_INTERVAL", 42)
    celery = create_celery_app(base_app)
    interval = ConfiguredInterval("RODARE_STATISTICS_INTERVAL", 300, app=celery)
    assert interval.run_every == timedelta(seconds=42)
