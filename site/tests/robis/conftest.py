"""Factories of the ROBIS tests: the gate on, ROBIS's service account, its token, drafts."""

import pytest
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
