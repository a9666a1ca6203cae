"""A broker that can be killed, and a fallback, each a Redis process of its own."""

import shutil
import tempfile
from pathlib import Path

import pytest

from stack.services import Redis, free_port


class Broker:
    """A Redis process as a broker: stopped and started again on the same port and data."""

    def __init__(self, root):
        """Pick a port; :meth:`start` starts it."""
        self.server = Redis(Path(root), free_port())

    @property
    def url(self):
        """The broker URL (database 0)."""
        return f"{self.server.url}/0"

    def start(self):
        """Up (again)."""
        self.server.start()
        return self

    def stop(self):
        """Down: connections are refused."""
        self.server.stop()


@pytest.fixture(scope="module")
def _redis_folder():
    folder = tempfile.mkdtemp(prefix="rodare-broker-")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def fallback(_redis_folder):
    """The fallback Redis, up for the module."""
    broker = Broker(Path(_redis_folder) / "fallback").start()
    yield broker
    broker.stop()


@pytest.fixture
def broker(_redis_folder):
    """The broker of one test: down when the test starts, started by the test."""
    broker = Broker(Path(_redis_folder) / f"broker-{free_port()}")
    yield broker
    broker.stop()


@pytest.fixture(scope="module")
def app_config(app_config, fallback):
    """The fallback as the Docker path sets it."""
    app_config["RODARE_BROKER_FALLBACK_URL"] = fallback.url
    return app_config
