"""pytest plugin: the embedded services for a test run, started and stopped by the run.

Loaded with ``-p stack.pytest_plugin`` (see pytest.ini). It starts PostgreSQL, Redis and the
search server once per test session in a temporary folder, and exports the variables that
pytest-invenio's fixtures read (SQLALCHEMY_DATABASE_URI, SEARCH_HOSTS, CACHE_REDIS_URL,
BROKER_URL), so the tests run against real servers, never SQLite or mocks.

``./rodare test`` runs the suite in two pytest-xdist workers (pytest.ini). Each worker is a
session of its own and starts its own three servers, so no two tests ever share a database,
an index or a Redis; the controlling process runs no test and starts none. The work is shared
out by :class:`LiveStacksFirst`: every test that drives a live stack (``tests/e2e``,
``tests/faults``) is one unit for one worker, started first because it is the longest; the
other worker takes the rest module by module, and so does the first once its stacks are done.
``-n 0`` runs everything in one process as before.
"""

import os
import shutil
import tempfile

import pytest
from xdist.scheduler import LoadScopeScheduling

from .services import Services

_services = None

# Test folders whose tests share session-wide live stacks (web app, worker, stand-ins): they
# run in one worker, one after another, so that a single live stack serves them all and two
# stacks never compete for the two cores.
LIVE_STACK_FOLDERS = ("tests/e2e/", "tests/faults/")
LIVE_STACKS = "live stacks"


def _controls_workers(config):
    """True in the process that hands tests to xdist workers (it runs none itself)."""
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")


def pytest_configure(config):
    """Start the services before any fixture reads its environment."""
    global _services
    if _controls_workers(config):
        return
    root = tempfile.mkdtemp(prefix="rodare-test-")
    _services = Services(root).start()
    env = _services.env()
    os.environ.update(
        {
            "SQLALCHEMY_DATABASE_URI": env["INVENIO_SQLALCHEMY_DATABASE_URI"],
            "SEARCH_HOSTS": env["INVENIO_SEARCH_HOSTS"],
            "CACHE_REDIS_URL": env["INVENIO_CACHE_REDIS_URL"],
            "BROKER_URL": env["INVENIO_BROKER_URL"],
        }
    )
    # Every other Redis default points at localhost:6379; move them all. Celery keeps
    # pytest-invenio's eager, in-memory result backend.
    env.pop("INVENIO_CELERY_RESULT_BACKEND")
    os.environ.update(env)
    config.rodare_services = _services


def pytest_unconfigure(config):
    """Stop the services and drop their data."""
    if _services is not None:
        _services.stop()
        shutil.rmtree(_services.root, ignore_errors=True)


def _scope(nodeid):
    """The work unit of a test: all live-stack tests together, else its module."""
    if nodeid.startswith(LIVE_STACK_FOLDERS):
        return LIVE_STACKS
    return nodeid.split("::", 1)[0]


class LiveStacksFirst(LoadScopeScheduling):
    """xdist's loadscope, with the live-stack tests as one unit, handed out first.

    It is by far the longest unit, so it starts at once on one worker while the other works
    through the modules (xdist alone would order the units by their number of tests).
    """

    def _split_scope(self, nodeid):
        return _scope(nodeid)

    def _assign_work_unit(self, node):
        if LIVE_STACKS in self.workqueue:
            self.workqueue.move_to_end(LIVE_STACKS, last=False)
        super()._assign_work_unit(node)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With ``--dist loadscope`` (pytest.ini): :class:`LiveStacksFirst`."""
    if config.getoption("dist") != "loadscope":
        return None
    return LiveStacksFirst(config, log)
