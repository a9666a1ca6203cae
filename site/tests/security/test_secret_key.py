"""The app refuses to start with a guessable SECRET_KEY, outside debug mode and tests.

The real factories with the real invenio.cfg (its SECRET_KEY is the placeholder CHANGE_ME),
the key coming from INVENIO_SECRET_KEY as on the Docker path.
"""

import secrets

import pytest
from invenio_app.factory import create_api, create_ui

from rodare_rdm.security.secret_key import InsecureSecretKeyError

GOOD = secrets.token_urlsafe(48)


@pytest.fixture
def production(instance_path, monkeypatch):
    """Neither debug mode nor tests; the key from INVENIO_SECRET_KEY (None: unset)."""
    monkeypatch.setenv("FLASK_DEBUG", "0")

    def _env(key):
        if key is None:
            monkeypatch.delenv("INVENIO_SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("INVENIO_SECRET_KEY", key)

    return _env


@pytest.mark.parametrize("key, reason", [
    (None, "placeholder 'CHANGE_ME'"),  # invenio.cfg's
    ("CHANGE_ME", "placeholder 'CHANGE_ME'"),
    ("change-me", "placeholder"),
    ("CHANGE_ME_to_a_long_random_string_please_0123456789", "placeholder"),
    ("secret", "placeholder"),
    ("", "placeholder 'CHANGE_ME'"),  # invenio-config ignores an empty variable
    ("x7Qk2pL9", "8 characters, fewer than 32"),
])
@pytest.mark.parametrize("factory", [create_api, create_ui])
def test_no_start_without_a_real_secret(production, factory, key, reason):
    production(key)
    with pytest.raises(InsecureSecretKeyError) as refused:
        factory()
    assert reason in str(refused.value)
    assert "INVENIO_SECRET_KEY" in str(refused.value)  # says what to set


def test_a_real_secret_starts(production):
    production(GOOD)
    assert create_api().config["SECRET_KEY"] == GOOD


def test_debug_mode_only_warns(production):
    production("CHANGE_ME")
    with pytest.warns(UserWarning, match="SECRET_KEY is not a secret"):
        app = create_api(DEBUG=True)
    assert app.config["SECRET_KEY"] == "CHANGE_ME"


def test_tests_start_with_any_key(production):
    production("CHANGE_ME")
    assert create_api(TESTING=True).config["SECRET_KEY"] == "CHANGE_ME"
