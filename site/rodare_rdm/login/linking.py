"""Which account a provider's answer signs in: linked, created, or refused.

Upstream (invenio-saml, invenio-oauthclient) signs in any account whose e-mail matches the
provider's, and links the identity to it. Anyone who got a colleague's address into an
account before the colleague's first sign-in would then own the colleague's identity and
roles. RODARE decides first (``account_for``), and upstream's own lookup then finds the same
account or none:

=========================================== ===============================================
the account                                  outcome
=========================================== ===============================================
linked to this identity                      signed in, whatever its e-mail now is
none with that e-mail                        created, if the provider is trusted for the
                                             address (below); refused otherwise
same e-mail: confirmed, no identity linked,  linked, then signed in
no administrator or service role, no access
action of its own or through a role
same e-mail, any other state                 refused: the person signs in as before and
                                             connects the provider in Linked accounts
=========================================== ===============================================

Trusted addresses: the HZDR IdP speaks for every address it releases. Helmholtz AAI and
ORCID speak for a verified address outside HZDR's domains (RODARE_LOGIN_HZDR_EMAIL_DOMAINS).
An HZDR address from Helmholtz AAI counts only with the HZDR centre VO entitlement
(``RODARE_LOGIN_HZDR_IDP_ENTITLEMENT``): Helmholtz AAI fills that group only from a login at
HZDR's IdP, whereas the address itself may come from any home IdP it proxies (or be typed
in by a guest).
"""

from flask import current_app
from invenio_access.models import ActionRoles, ActionUsers
from invenio_accounts.models import User, UserIdentity
from invenio_i18n import lazy_gettext as _

from .identity import LoginRefused


def in_hzdr_domain(email):
    """Whether ``email`` is an address of HZDR (the domain or one of its subdomains)."""
    domain = email.rsplit("@", 1)[-1].lower()
    return any(domain == own or domain.endswith("." + own)
               for own in current_app.config["RODARE_LOGIN_HZDR_EMAIL_DOMAINS"])


def email_trusted(login):
    """Whether the provider may speak for ``login.email`` (create or link an account by it)."""
    if login.provider == "hzdr" or not in_hzdr_domain(login.email):
        return True
    return current_app.config["RODARE_LOGIN_HZDR_IDP_ENTITLEMENT"] in login.entitlements


def privileged(user):
    """Administrators and service accounts: a role of RODARE_LOGIN_LOCAL_ROLES, or any access
    action (superuser-access, administration-access, ...) given to the account or its roles."""
    if {role.name for role in user.roles} & set(current_app.config["RODARE_LOGIN_LOCAL_ROLES"]):
        return True
    if ActionUsers.query.filter_by(user_id=user.id, exclude=False).first() is not None:
        return True
    role_ids = [role.id for role in user.roles]
    return bool(role_ids) and ActionRoles.query.filter(
        ActionRoles.role_id.in_(role_ids), ActionRoles.exclude.is_(False)).first() is not None


def why_not_linked(user):
    """None when the provider's identity may be linked to ``user`` by e-mail, else the reason."""
    if user.confirmed_at is None:
        return "unconfirmed"
    if UserIdentity.query.filter_by(id_user=user.id).first() is not None:
        return "linked to another identity"
    if privileged(user):
        return "administrator or service account"
    return None


def account_for(login):
    """The account ``login`` signs in, or None (a new one is made); ``LoginRefused`` otherwise."""
    linked = UserIdentity.get_user(login.provider, login.external_id)
    if linked is not None or not login.email:
        return linked
    if not email_trusted(login):
        current_app.logger.warning("login: %s address %s of %s not trusted for linking",
                                   login.provider, login.email, login.external_id)
        raise LoginRefused(
            _("%(provider)s did not confirm that your HZDR address comes from HZDR's own "
              "login. Please sign in with your HZDR account.", provider=login.title),
            provider=login.title, status=403)
    user = User.query.filter(User.email == login.email.lower()).one_or_none()
    if user is None:
        return None
    reason = why_not_linked(user)
    if reason is None:
        return user
    current_app.logger.warning("login: %s identity %s not linked to user %s by e-mail: %s",
                               login.provider, login.external_id, user.id, reason)
    raise LoginRefused(
        _("RODARE has an account with your e-mail address already, but cannot connect it to "
          "your %(provider)s sign-in by itself. Please sign in to it the way you did before "
          "and connect %(provider)s under Account settings, Linked accounts, or ask "
          "rodare@hzdr.de for help.", provider=login.title),
        provider=login.title, status=409)
