"""The action cache: a per-process copy of invenio-access's action needs, fresh for a TTL."""

import time

import pytest
from cachelib import SimpleCache
from flask_principal import Identity, UserNeed
from invenio_access.models import ActionUsers
from invenio_access.permissions import Permission, superuser_access

from rodare_rdm.caching.actions import action_cache

shared = SimpleCache()
"""Stands for Redis: what every process of the stack reads and writes."""


@pytest.fixture
def cache_config(running_app):
    """The local layer switched on (the test settings switch it off) over ``shared``."""
    config = running_app.app.config
    before = {k: config[k] for k in ("RODARE_CACHING_ACTIONS_TTL", "RODARE_CACHING_ACTIONS_BACKEND")}
    config.update(RODARE_CACHING_ACTIONS_TTL=60, RODARE_CACHING_ACTIONS_BACKEND=shared)
    running_app.app.extensions["rodare-caching"].actions.clear()
    shared.clear()
    yield config
    config.update(before)
    running_app.app.extensions["rodare-caching"].actions.clear()


def test_access_uses_the_layered_cache(running_app):
    """invenio.cfg points invenio-access at this cache."""
    assert running_app.app.config["ACCESS_CACHE"] == "rodare_rdm.caching.actions:action_cache"


def test_local_copy_answers_until_the_ttl(cache_config, monkeypatch):
    """Another process's write reaches this one only when the local copy is stale."""
    shared.set("action::x", {"needs": 1})
    assert action_cache.get("action::x") == {"needs": 1}
    shared.set("action::x", {"needs": 2})  # another process changed the grant
    assert action_cache.get("action::x") == {"needs": 1}
    clock = time.monotonic() + 61
    monkeypatch.setattr("rodare_rdm.caching.actions.time.monotonic", lambda: clock)
    assert action_cache.get("action::x") == {"needs": 2}


def test_this_process_sees_its_own_changes_at_once(cache_config):
    """set and delete go through to the shared cache and drop the local copy."""
    shared.set("action::y", "old")
    assert action_cache.get("action::y") == "old"
    action_cache.set("action::y", "new")
    assert shared.get("action::y") == "new"
    assert action_cache.get("action::y") == "new"
    action_cache.delete("action::y")
    assert shared.get("action::y") is None
    assert action_cache.get("action::y") is None


def test_ttl_zero_reads_the_shared_cache_every_time(cache_config):
    """With the local layer off every read goes to the shared cache."""
    cache_config["RODARE_CACHING_ACTIONS_TTL"] = 0
    shared.set("action::z", 1)
    assert action_cache.get("action::z") == 1
    shared.set("action::z", 2)
    assert action_cache.get("action::z") == 2


def test_a_grant_is_honoured_at_once_in_the_granting_process(cache_config, db, uploader):
    """A permission denied (and cached) is allowed right after the grant in this process."""
    user = uploader.user
    identity = Identity(user.id)
    identity.provides.add(UserNeed(user.id))
    assert not Permission(superuser_access).allows(identity)
    db.session.add(ActionUsers.allow(superuser_access, user=user))
    db.session.commit()
    assert Permission(superuser_access).allows(identity)
