"""What the login tests look at: an account, its roles, who a visitor is logged in as."""

from invenio_accounts.models import User
from invenio_db import db

STAFF = "hzdr-staff"


def user(email):
    """The account with that e-mail, read afresh (requests commit in other sessions' eyes)."""
    db.session.expire_all()
    return User.query.filter_by(email=email).one_or_none()


def roles(account):
    """The names of the account's roles, read afresh."""
    db.session.refresh(account)
    return {role.name for role in account.roles}


def logged_in_as(visitor):
    """The e-mail of the account the visitor is logged in as (the REST API's view)."""
    answer = visitor.get("/api/me")
    return answer.json.get("email") if answer.status_code == 200 else None
