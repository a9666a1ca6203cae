"""The e-mail to the administrators about files that newly failed their check."""

from flask import current_app, render_template
from invenio_access.models import ActionRoles, ActionUsers
from invenio_accounts.models import User
from invenio_i18n import gettext as _
from invenio_mail.tasks import send_email

from .failures import holders

ADMIN_ACTIONS = ("administration-access", "superuser-access")


def recipients():
    """RODARE_FIXITY_RECIPIENTS, else every account that may open the administration."""
    configured = current_app.config["RODARE_FIXITY_RECIPIENTS"]
    if isinstance(configured, str):  # INVENIO_RODARE_FIXITY_RECIPIENTS=a@hzdr.de,b@hzdr.de
        configured = [a.strip() for a in configured.split(",") if a.strip()]
    if configured:
        return list(configured)
    users = {u.user for u in ActionUsers.query.filter(ActionUsers.action.in_(ADMIN_ACTIONS),
                                                      ActionUsers.exclude.is_(False))}
    for grant in ActionRoles.query.filter(ActionRoles.action.in_(ADMIN_ACTIONS),
                                          ActionRoles.exclude.is_(False)):
        users.update(grant.role.users)
    return sorted({u.email for u in users if isinstance(u, User) and u.active and u.email})


def report_failures(files):
    """One e-mail listing ``files`` (each newly failed), sent by Celery."""
    to = recipients()
    if not to:
        current_app.logger.error("fixity: %d files failed, nobody to tell", len(files))
        return
    site = current_app.config["SITE_UI_URL"]
    body = render_template(
        "rodare_rdm/fixity/mail.txt", site=site,
        files=[(f, f.storage().exists(), holders(f)) for f in files])
    send_email.delay({
        "subject": str(_("RODARE: %(count)s file(s) failed the integrity check",
                         count=len(files))),
        "recipients": to, "body": body,
        "sender": current_app.config["MAIL_DEFAULT_SENDER"],
    })
