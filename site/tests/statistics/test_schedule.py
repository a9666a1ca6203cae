"""When the numbers change: the beat runs the whole pipeline every RODARE_STATISTICS_INTERVAL
(5 minutes unless a deployment sets it), in place of upstream's three hourly steps."""

import pickle
from datetime import timedelta

from celery import Celery
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


def test_beats_schedule_file_keeps_the_setting_not_a_fixed_interval():
    """Beat pickles its schedule; a restored entry still follows the setting."""
    restored = pickle.loads(pickle.dumps(ConfiguredInterval("RODARE_STATISTICS_INTERVAL", 300)))
    restored.app = Celery(set_as_current=False)
    restored.app.conf["RODARE_STATISTICS_INTERVAL"] = 60
    assert restored.run_every == timedelta(seconds=60)


def test_the_celery_app_sees_the_flask_setting(app, base_app, monkeypatch):
    """flask-celeryext copies the whole Flask configuration into Celery's."""
    monkeypatch.setitem(base_app.config, "RODARE_STATISTICS_INTERVAL", 42)
    celery = create_celery_app(base_app)
    interval = ConfiguredInterval("RODARE_STATISTICS_INTERVAL", 300, app=celery)
    assert interval.run_every == timedelta(seconds=42)
