"""Owners: a legacy account becomes the RODARE-RDM account with the same e-mail.

================================= ==========================================================
legacy account (by e-mail)        RODARE-RDM
================================= ==========================================================
an account with that e-mail       owns the records (nothing of the account changes)
none                              created: active, confirmed (the old RODARE knew the address
                                  from HZDR's login), no password; the first HZDR login with
                                  that address links to it (``login/linking.py``)
personal tokens with scopes       carried over with the same secret and scopes, once
================================= ==========================================================
"""

from datetime import UTC, datetime

from invenio_accounts.models import User
from invenio_accounts.proxies import current_datastore
from invenio_db import db
from invenio_oauth2server.models import Token


def owner(legacy, report):
    """The RODARE-RDM account of a legacy account ``{id, email, tokens}``; made if missing."""
    email = legacy["email"].strip().lower()
    user = User.query.filter(User.email == email).one_or_none()
    created = user is None
    if created:
        user = current_datastore.create_user(
            email=email, active=True, password=None,
            confirmed_at=datetime.now(UTC).replace(tzinfo=None))
        db.session.flush()
    carried = 0
    for token in legacy.get("tokens") or []:
        if not token.get("token") or Token.query.filter_by(access_token=token["token"]).first():
            continue
        new = Token.create_personal(token.get("name") or "legacy", user.id,
                                    scopes=list(token.get("scopes") or []), is_internal=False)
        new.access_token = token["token"]
        carried += 1
    db.session.commit()
    account = report.data["accounts"].setdefault(email, {"legacy_id": legacy.get("id")})
    account.update(user_id=user.id)
    if created:
        account["created"] = True
    if carried:
        account["tokens"] = account.get("tokens", 0) + carried
    return user


class Owners:
    """Legacy user id → RODARE-RDM account, made on first use.

    It keeps the account's id, not the account: the importer empties the database session
    after each record (``importer.py``), which would leave a kept account detached."""

    def __init__(self, users, report):
        """``users``: the legacy accounts (``source.users()`` or ``--users``)."""
        self.legacy = {str(u["id"]): u for u in users}
        self.report, self.cache = report, {}

    def __call__(self, legacy_id):
        """The account of a legacy user id, or None when the old accounts do not list it."""
        key = str(legacy_id)
        if key not in self.cache:
            legacy = self.legacy.get(key)
            self.cache[key] = owner(legacy, self.report).id if legacy else None
        return None if self.cache[key] is None else db.session.get(User, self.cache[key])
