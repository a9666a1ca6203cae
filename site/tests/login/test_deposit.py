"""Who may deposit (RODARE_LOGIN_DEPOSIT): everyone, or HZDR staff plus approved accounts."""

import pytest
from invenio_accounts.proxies import current_datastore
from invenio_accounts.testutils import login_user_via_session
from invenio_db import db


@pytest.fixture
def depositor(UserFixture, app, db):
    """A function making a logged-in REST client of a new account with the given roles."""
    made = []

    def make(*roles):
        user = UserFixture(email=f"depositor{len(made)}@example.org", password="x-password",
                           active=True, confirmed=True)
        user.create(app, db)
        for role in roles:
            current_datastore.add_role_to_user(user.user, current_datastore.find_or_create_role(role))
        db.session.commit()
        made.append(user)
        client = app.test_client()
        login_user_via_session(client, email=user.email)
        return client

    return make


@pytest.mark.parametrize("setting, roles, allowed", [
    ("everyone", (), True),
    ("staff", (), False),
    ("staff", ("hzdr-staff",), True),
    ("staff", ("rodare-depositor",), True),
])
def test_who_may_create_an_upload(depositor, set_config, minimal_record, running_app,
                                  custom_field_mappings, _fresh_user_per_request,
                                  setting, roles, allowed):
    set_config("RODARE_LOGIN_DEPOSIT", setting)
    answer = depositor(*roles).post("/api/records", json=minimal_record)
    assert answer.status_code == (201 if allowed else 403), answer.get_data(as_text=True)[:300]
