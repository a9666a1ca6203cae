"""A beat interval that a deployment sets with one setting, not by rebuilding the schedule.

``CELERY_BEAT_SCHEDULE`` is built in ``rodare_rdm/config.py``, before ``invenio.cfg`` and the
environment are read, so a value there cannot come from a deployment's setting. The Celery
app's configuration is a copy of the whole Flask configuration (flask-celeryext), taken
after ``invenio.cfg`` and ``INVENIO_*``: this schedule reads its interval from there when
beat asks, and falls back to the feature's default.
"""

from celery.schedules import schedule
from celery.utils.time import maybe_timedelta


class ConfiguredInterval(schedule):
    """Run every ``app.conf[setting]`` (seconds or ``timedelta``), else every ``default``."""

    def __init__(self, setting, default, relative=False, nowfun=None, app=None):
        """Which setting, and the interval when it is not set."""
        self.setting, self.default = setting, maybe_timedelta(default)
        super().__init__(self.default, relative=relative, nowfun=nowfun, app=app)

    @property
    def run_every(self):
        """The configured interval, read each time beat asks (it is cheap).

        Beat keeps its entries in a shelve file and unpickles them on every tick, without
        their app: ``self.app`` then is Celery's current app, the one beat runs.
        """
        value = self.app.conf.get(self.setting)
        return maybe_timedelta(value) if value else self.default

    @run_every.setter
    def run_every(self, value):
        """Ignore the fixed interval celery's constructor stores: the setting decides."""

    def __reduce__(self):
        """Beat's schedule file stores the setting's name, not a fixed interval."""
        return self.__class__, (self.setting, self.default, self.relative, self.nowfun)
