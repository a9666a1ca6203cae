"""E-mail notifications: upstream's backend, with the HTML body sanitised before it is sent.

Upstream renders its notification templates (``invenio_notifications/*.jinja``) without
autoescape, and puts record titles, request titles, names and messages into the HTML body
as they are (some explicitly ``| safe``): a record titled ``<img onerror=...>`` reaches its
owner's mailbox as live markup. Sanitising the rendered body with upstream's sanitiser is
the one place that covers every template, today's and an upgrade's. The allowed list is
upstream's, plus what the templates' own layout uses (the table's inline styles, the
``button`` class of links).
"""

from flask import current_app
from invenio_notifications.backends import EmailNotificationBackend
from marshmallow_utils.html import ALLOWED_CSS_STYLES, sanitize_html

MAIL_ATTRS = {"a": ["class"], "table": ["style"], "td": ["style"]}
"""Attributes the notification templates use, on top of ALLOWED_HTML_ATTRS."""

MAIL_CSS = ["font-family", "font-size", "border-spacing"]
"""Inline styles the notification templates use, on top of upstream's allowed styles."""


def sanitised_mail_html(html):
    """``html`` with only upstream's allowed tags and attributes, and the mail layout's."""
    attrs = {**current_app.config["ALLOWED_HTML_ATTRS"]}
    for tag, extra in MAIL_ATTRS.items():
        attrs[tag] = [*attrs.get(tag, []), *extra]
    return sanitize_html(html, tags=current_app.config["ALLOWED_HTML_TAGS"], attrs=attrs,
                         css_styles=[*ALLOWED_CSS_STYLES, *MAIL_CSS])


class SanitisingEmailBackend(EmailNotificationBackend):
    """Upstream's e-mail backend; what it renders as HTML is sanitised."""

    def render_template(self, notification, recipient):
        """Upstream's blocks, the ``html_body`` sanitised."""
        content = super().render_template(notification, recipient)
        if content.get("html_body"):
            content = {**content, "html_body": sanitised_mail_html(content["html_body"])}
        return content
