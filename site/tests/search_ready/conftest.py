"""Factories for the search readiness tests: a published record, the refill marker held for
one test (clients and the published-record factory: site/tests/conftest.py)."""

import pytest

from rodare_rdm.search_ready.marker import end_refill, start_refill


@pytest.fixture
def published(publish):
    """One public record, indexed."""
    return publish("A record found by search")


@pytest.fixture
def refill_under_way(app):
    """The refill marker set, as a refill sets it; removed afterwards whatever the test did."""
    start_refill()
    yield
    end_refill()
