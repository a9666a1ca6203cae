"""Password login for administrators and service accounts only, on the form and the REST API."""

import re

import pytest
from invenio_accounts.proxies import current_datastore
from invenio_db import db
from .accounts import logged_in_as


@pytest.fixture
def local_login_for_administrators(set_config):
    set_config("RODARE_LOGIN_LOCAL", "administrators")


@pytest.fixture(params=["confirmed", "unconfirmed"])
def researcher(UserFixture, app, db, request):
    user = UserFixture(email="r.forscher@hzdr.de", password="forscher-password", active=True,
                       confirmed=request.param == "confirmed")
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


def test_everyone_may_use_the_password_by_default(visitor, UserFixture, app, db):
    researcher = UserFixture(email="r.forscher@hzdr.de", password="forscher-password",
                             active=True, confirmed=True)
    researcher.create(app, db)
    form_login(visitor, researcher.email, "forscher-password")
    assert logged_in_as(visitor) == researcher.email


def same_page(answer):
    """The page without what differs on every request (CSRF token, script nonces)."""
    page = answer.get_data(as_text=True)
    page = re.sub(r'(name="csrf_token" type="hidden" value=)"[^"]*"', r"\1", page)
    return re.sub(r'nonce="[^"]*"', "", page)


def test_form_answers_a_researcher_as_a_wrong_password(new_visitor, researcher,
                                                       local_login_for_administrators):
    """Otherwise the answer tells whether a guessed password is right."""
    right, wrong = new_visitor(), new_visitor()
    right_answer = form_login(right, researcher.email, "forscher-password")
    wrong_answer = form_login(wrong, researcher.email, "not-the-password")
    assert right_answer.status_code == wrong_answer.status_code == 200
    assert same_page(right_answer) == same_page(wrong_answer)
    assert "Invalid password" in right_answer.get_data(as_text=True)
    assert logged_in_as(right) is None and logged_in_as(wrong) is None


def test_form_admits_an_administrator(visitor, administrator, local_login_for_administrators):
    form_login(visitor, administrator.email, "root-password")
    assert logged_in_as(visitor) == administrator.email


def test_login_page_folds_the_form_away(visitor, local_login_for_administrators):
    page = visitor.get("/login/").get_data(as_text=True)
    assert "Administrators and service accounts" in page and "Sign up" not in page


def test_rest_login_answers_a_researcher_as_a_wrong_password(
        new_visitor, researcher, local_login_for_administrators):
    right, wrong = new_visitor(), new_visitor()
    answers = [visitor.post("/api/login", data={"email": researcher.email, "password": password})
               for visitor, password in ((right, "forscher-password"), (wrong, "not-the-password"))]
    assert [answer.status_code for answer in answers] == [400, 400]
    assert answers[0].json == answers[1].json
    assert answers[0].json["errors"] == [{"field": "password", "message": "Invalid password"}]
    assert logged_in_as(right) is None and logged_in_as(wrong) is None


def test_rest_login_admits_an_administrator(visitor, administrator, local_login_for_administrators):
    answer = visitor.post("/api/login", data={"email": administrator.email,
                                              "password": "root-password"})
    assert answer.status_code == 200
    assert logged_in_as(visitor) == administrator.email
