"""E-mails about quota requests: to the administrators when one arrives, to the depositor
when it is decided. Sent by Celery after the commit; their text is plain (no markup to escape,
the record's title is the depositor's own)."""

from flask import current_app, render_template
from invenio_accounts.models import User
from invenio_db import db
from invenio_i18n import lazy_gettext as _
from invenio_mail.tasks import send_email
from invenio_records_resources.services.uow import TaskOp

SUBJECTS = {
    "submitted": _("RODARE: a depositor asks for more space"),
    "accepted": _("RODARE: more space for your upload"),
    "declined": _("RODARE: your request for more space was declined"),
}


def _send(uow, recipients, template, **context):
    """Queue one e-mail rendered from ``rodare_rdm/quota/mail/<template>.txt``."""
    if not recipients:
        return
    body = render_template(f"rodare_rdm/quota/mail/{template}.txt",
                           site=current_app.config["SITE_UI_URL"], **context)
    uow.register(TaskOp(send_email, {
        "subject": str(SUBJECTS[template]), "recipients": recipients, "body": body,
        "sender": current_app.config["MAIL_DEFAULT_SENDER"],
    }))


def _context(request):
    """What the e-mails say: the record's id, the size asked for, the request's page."""
    return {"record_id": request["topic"]["record"], "size": request["payload"]["quota_size"],
            "title": request.get("title", ""), "request_id": str(request.id)}


def queue_submitted(uow, request):
    """Tell the administrators (APP_RDM_ADMIN_EMAIL_RECIPIENT) that a request waits."""
    recipient = current_app.config.get("APP_RDM_ADMIN_EMAIL_RECIPIENT")
    _send(uow, [recipient] if recipient else [], "submitted", **_context(request))


def queue_decision(uow, request, decision):
    """Tell the request's creator that it was ``accepted`` or ``declined``."""
    user_id = (request.get("created_by") or {}).get("user")
    user = db.session.get(User, int(user_id)) if user_id else None
    _send(uow, [user.email] if user is not None and user.email else [], decision,
          **_context(request))
