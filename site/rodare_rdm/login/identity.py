"""What a provider says about a person, and what RODARE makes of it.

Both protocols (saml.py, oidc.py) turn their answer into a ``Login``: who (provider and its
id for the person), the profile for a first login, whether the person is HZDR staff and the
ORCID iD. The provider's own module stores it in ``g`` before upstream logs the account in;
``on_logged_in`` (Flask-Login's ``user_logged_in`` signal, sent on every login) then applies
it to the account:

=============================== ===========================================================
the identity says                the account
=============================== ===========================================================
HZDR staff (HZDR IdP, Helmholtz) gets RODARE_HZDR_STAFF_ROLE (at every login)
not staff (HZDR IdP, Helmholtz)  loses RODARE_HZDR_STAFF_ROLE
nothing about HZDR (ORCID)       keeps its roles
an ORCID iD with proof           the iD is linked (ORCID login) unless another account has it
=============================== ===========================================================

Staff are those the HZDR IdP calls member, staff or employee (eduPersonScopedAffiliation,
scoped by the IdP itself), or those Helmholtz AAI puts in the HZDR group or a subgroup, as an
entitlement whose authority is Helmholtz AAI (``...#login.helmholtz.de``). An affiliation a
home IdP or a guest states through Helmholtz AAI (voperson_external_affiliation) is not
HZDR's word and does not count.

An ORCID iD has proof when ORCID itself signed the person in, or when the HZDR IdP releases it
(eduPersonOrcid, which HZDR's identity management takes from ORCID's own sign-in;
RODARE_LOGIN_SAML_ORCID_VERIFIED). An ``orcid`` claim of Helmholtz AAI may be typed in by the
person and is not linked.

Which account the answer signs in, and when it is refused, is ``linking.py``'s.

A password login carries no ``Login``: roles an administrator gave stay as they are.
"""

import re
from dataclasses import dataclass, field

from flask import current_app, g
from invenio_accounts.models import User, UserIdentity
from invenio_accounts.proxies import current_datastore
from invenio_db import db

ORCID_ID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


class LoginRefused(Exception):
    """A sign-in that ends on a page saying what went wrong; no account is touched."""

    def __init__(self, message, provider=None, status=400):
        """``message`` is for the person; ``provider`` the provider's title."""
        super().__init__(str(message))
        self.message = message
        self.provider = provider
        self.status = status


@dataclass
class Login:
    """A provider's answer, reduced to what RODARE uses."""

    provider: str
    external_id: str
    email: str | None
    given_name: str = ""
    family_name: str = ""
    affiliations: list = field(default_factory=list)
    entitlements: list = field(default_factory=list)
    orcid: str | None = None
    """An ORCID iD with proof (see above), else None."""
    speaks_for_hzdr: bool = True
    """False for providers that say nothing about HZDR membership (ORCID)."""
    title: str = ""
    """The provider's name for the person (refusal pages)."""

    @property
    def full_name(self):
        """The name for the profile."""
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def is_staff(self):
        """HZDR staff by the HZDR IdP's scoped affiliation or by a Helmholtz AAI entitlement
        of the HZDR group (or a subgroup) that Helmholtz AAI itself vouches for."""
        config = current_app.config
        if set(self.affiliations) & set(config["RODARE_LOGIN_STAFF_AFFILIATIONS"]):
            return True
        group = config["RODARE_LOGIN_STAFF_ENTITLEMENT"]
        authority = config["RODARE_LOGIN_ENTITLEMENT_AUTHORITY"]
        for entitlement in self.entitlements:
            name, _sep, issued_by = entitlement.partition("#")
            if issued_by == authority and (name == group or name.startswith(group + ":")):
                return True
        return False

    def account_info(self):
        """The account info upstream's registration form and lookups read."""
        affiliation = current_app.config["RODARE_LOGIN_HZDR_AFFILIATION"] if self.is_staff else ""
        return {
            "user": {
                "email": self.email,
                "profile": {
                    "username": username_for(self.email or self.external_id),
                    "full_name": self.full_name,
                    "affiliations": affiliation,
                },
            },
            "external_id": self.external_id,
            "external_method": self.provider,
            "active": True,
        }

    def remember(self):
        """Keep the answer for ``on_logged_in`` (same request)."""
        g.rodare_login = self


def as_list(value):
    """Claims and attributes come as a list, a string or not at all."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def orcid_of(value):
    """The bare ORCID iD of ``https://orcid.org/0000-...`` or ``0000-...``, else None."""
    match = ORCID_ID.search((value or "").strip())
    return match.group(1) if match else None


def username_for(seed):
    """A free username that upstream's ACCOUNTS_USERNAME_REGEX accepts.

    An ePPN or e-mail like ``j.doe@hzdr.de`` is not one (the dot): without this, upstream
    refuses the first login of most HZDR people.
    """
    base = re.sub(r"[^a-zA-Z0-9_-]", "-", (seed or "").split("@")[0]).strip("-_")
    if not base or not base[0].isalpha():
        base = "user-" + base
    base = base[:40].ljust(3, "0")
    candidate, number = base, 1
    while User.query.filter(User.username == candidate).first() is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def sync_staff_role(user, staff):
    """Give or take the HZDR staff role; True when it changed."""
    name = current_app.config["RODARE_HZDR_STAFF_ROLE"]
    has = any(role.name == name for role in user.roles)
    if staff and not has:
        current_datastore.add_role_to_user(user, current_datastore.find_or_create_role(name))
        return True
    if not staff and has:
        current_datastore.remove_role_from_user(user, name)
        return True
    return False


def link_orcid(user, orcid):
    """Link an ORCID iD the HZDR IdP or Helmholtz AAI released, if no one else has it."""
    if not orcid:
        return
    owner = UserIdentity.get_user("orcid", orcid)
    if owner is None:
        UserIdentity.create(user, "orcid", orcid)


def apply_login(user, login):
    """Roles and ORCID iD from the provider's answer (a login, or a link made while signed in)."""
    if login.speaks_for_hzdr:
        if sync_staff_role(user, login.is_staff):
            current_app.logger.info(
                "login: %s staff role of user %s from %s", "gave" if login.is_staff else
                "withdrew", user.id, login.provider)
        link_orcid(user, login.orcid)


def on_logged_in(sender, user, **kwargs):
    """Apply the provider's answer to the account that just logged in."""
    login = g.pop("rodare_login", None)
    if login is None:
        return
    apply_login(user, login)
    db.session.commit()
