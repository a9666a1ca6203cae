"""E-mails to a record's owners about its embargo, sent by Celery after the commit."""

from flask import current_app, render_template
from invenio_mail.tasks import send_email
from invenio_records_resources.services.uow import TaskOp


def owner_emails(record):
    """E-mail addresses of the record's owner (a user; communities own no records here)."""
    owner = record.parent.access.owner
    user = owner.resolve() if owner else None
    return [user.email] if getattr(user, "email", None) else []


def queue(uow, record, template, subject, **context):
    """Queue one e-mail per owner, rendered from ``rodare_rdm/embargo/mail/<template>``."""
    recipients = owner_emails(record)
    if not recipients:
        return
    url = f"{current_app.config['SITE_UI_URL']}/records/{record.pid.pid_value}"
    body = render_template(f"rodare_rdm/embargo/mail/{template}", record=record, url=url,
                           title=record["metadata"].get("title"), **context)
    uow.register(TaskOp(send_email, {
        "subject": str(subject), "recipients": recipients, "body": body,
        "sender": current_app.config["MAIL_DEFAULT_SENDER"],
    }))
