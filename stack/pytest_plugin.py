"""pytest plugin: the embedded services for a test run, started and stopped by the run.

Loaded with ``-p stack.pytest_plugin`` (see pytest.ini). It starts PostgreSQL, Redis and the
search server once per test session in a temporary folder, and exports the variables that
pytest-invenio's fixtures read (SQLALCHEMY_DATABASE_URI, SEARCH_HOSTS, CACHE_REDIS_URL,
BROKER_URL), so the tests run against real servers, never SQLite or mocks.
"""

import os
import shutil
import tempfile

from .services import Services

_services = None


def pytest_configure(config):
    """Start the services before any fixture reads its environment."""
    global _services
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
