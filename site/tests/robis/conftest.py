"""Factories of the ROBIS tests: the gate on, ROBIS's service account, its token, drafts."""

import pytest
from flask import g
from invenio_accounts.proxies import current_datastore
from invenio_accounts.testutils import login_user_via_session
from invenio_db import db
from invenio_oauth2server.models import Token
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from rodare_rdm.robis.ids import make_token


@pytest.fixture(scope="module")
def app_config(app_config):
    """The gate as HZDR runs it."""
    app_config["RODARE_ROBIS_ENABLED"] = True
    return app_config


@pytest.fixture(scope="module")
def _fresh_user_per_request(app):
    """Load the user anew for each request, as a real server does.

    The test's app context outlives each test request, so Flask-Login's per-context cache
    (``g._login_user``) would hand ROBIS's account to the owner's next request.
    """
    def forget(exc):
        g.pop("_login_user", None)

    for flask_app in (app, app.wsgi_app.mounts["/api"]):
        # After the first request Flask refuses teardown_request(); the list takes it.
        flask_app.teardown_request_funcs.setdefault(None, []).append(forget)


@pytest.fixture
def robis(app, UserFixture, people, _fresh_user_per_request):
    """ROBIS's service account: a user with the service role and a personal access token."""
    user = UserFixture(email="robis@hzdr.de", password="robis-password", active=True, confirmed=True)
    user.create(app, db)
    role = current_datastore.find_or_create_role(app.config["RODARE_ROBIS_SERVICE_ROLE"])
    current_datastore.add_role_to_user(user.user, role)
    token = Token.create_personal("robis", user.id, scopes=[], is_internal=False)
    db.session.commit()
    return {"Authorization": f"Bearer {token.access_token}"}


@pytest.fixture
def draft(running_app, minimal_record, people, custom_field_mappings):
    """A draft of the owner."""
    return records_service.create(people["owner"].identity, minimal_record)


@pytest.fixture
def token():
    """A function making the token the deposit form gives the browser for a draft."""
    return make_token


@pytest.fixture
def admin_client(app, people, custom_field_mappings):
    """A REST client logged in as an administrator."""
    client = app.test_client()
    login_user_via_session(client, email=people["admin"].email)
    return client


@pytest.fixture
def set_config(app, monkeypatch):
    """Change a setting in the UI and the API app alike (they have a config each)."""

    def _set(key, value):
        for flask_app in (app, app.wsgi_app.mounts["/api"]):
            monkeypatch.setitem(flask_app.config, key, value)

    return _set
