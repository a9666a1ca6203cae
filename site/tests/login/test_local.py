"""Password login for administrators and service accounts only, on the form and the REST API."""

import pytest
from invenio_accounts.proxies import current_datastore
from invenio_db import db
from .accounts import logged_in_as


@pytest.fixture
def local_login_for_administrators(set_config):
    set_config("RODARE_LOGIN_LOCAL", "administrators")


@pytest.fixture
def researcher(UserFixture, app, db):
    user = UserFixture(email="r.forscher@hzdr.de", password="forscher-password", active=True,
                       confirmed=True)
    user.create(app, db)
    return user


@pytest.fixture
def administrator(UserFixture, app, db):
    user = UserFixture(email="root@hzdr.de", password="root-password", active=True, confirmed=True)
    user.create(app, db)
    current_datastore.add_role_to_user(user.user, current_datastore.find_or_create_role("admin"))
    db.session.commit()
    return user


def form_login(visitor, email, password):
    page = visitor.get("/login/").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0] \
        if 'name="csrf_token"' in page else ""
    return visitor.post("/login/", data={"email": email, "password": password,
                                         "csrf_token": token})


def test_everyone_may_use_the_password_by_default(visitor, researcher):
    form_login(visitor, researcher.email, "forscher-password")
    assert logged_in_as(visitor) == researcher.email


def test_form_refuses_a_researcher(visitor, researcher, local_login_for_administrators):
    page = form_login(visitor, researcher.email, "forscher-password").get_data(as_text=True)
    assert "the password login is for administrators and service accounts" in page
    assert logged_in_as(visitor) is None


def test_form_admits_an_administrator(visitor, administrator, local_login_for_administrators):
    form_login(visitor, administrator.email, "root-password")
    assert logged_in_as(visitor) == administrator.email


def test_login_page_folds_the_form_away(visitor, local_login_for_administrators):
    page = visitor.get("/login/").get_data(as_text=True)
    assert "Administrators and service accounts" in page and "Sign up" not in page


def test_rest_login_refuses_a_researcher(visitor, researcher, local_login_for_administrators):
    answer = visitor.post("/api/login", data={"email": researcher.email,
                                              "password": "forscher-password"})
    assert answer.status_code == 400
    assert "administrators and service accounts" in answer.get_data(as_text=True)
    assert logged_in_as(visitor) is None


def test_rest_login_admits_an_administrator(visitor, administrator, local_login_for_administrators):
    answer = visitor.post("/api/login", data={"email": administrator.email,
                                              "password": "root-password"})
    assert answer.status_code == 200
    assert logged_in_as(visitor) == administrator.email
