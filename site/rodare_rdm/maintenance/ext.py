"""Flask extension of the maintenance feature: the 503 for a service that is down.

Two ways an error reaches us, both on the UI and the API application:

- raised by a view or a request hook: an error handler per driver class (errors.ERRORS);
- raised while Flask opens or saves the session (Redis) or anywhere else outside the view:
  Flask turns it into a 500 and calls the 500 handler, which :func:`finalize_app` wraps so
  that it answers the 503 when the 500's original error says a service is down, and hands
  everything else to the handler it had (invenio-theme's page, the REST JSON).
"""

from flask import current_app, jsonify, render_template, request
from flask.globals import request_ctx
from invenio_i18n import gettext as _
from markupsafe import escape
from werkzeug.exceptions import InternalServerError

from ..extension import FeatureExtension
from . import config
from .errors import SERVICES, ServiceDownFilter, log_outage, service_down

OAI_ENDPOINT = "invenio_oaiserver.response"


def message():
    """What a person or a client is told (translated at request time)."""
    return _("RODARE is briefly unavailable because one of the services it needs is being "
             "restarted. Nothing you saved is lost. Please try again in a minute.")


def _plain_page(text):
    """The page without the theme: its base template reads the session and the database."""
    title = escape(_("RODARE is briefly unavailable"))
    again = escape(_("Try again"))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>RODARE · {title}</title>'
            f'</head><body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">'
            f'<h1>{title}</h1><p id="rodare-maintenance">{escape(text)}</p>'
            f'<p><a href="{escape(request.full_path)}">{again}</a></p></body></html>')


def _session_for_the_answer():
    """A session that could not be opened (its store, Redis, is down) is a null one while we
    answer: the language selector and the page read it."""
    ctx = request_ctx._get_current_object()
    try:
        ctx.session  # noqa: B018 (Flask asserts that it was opened)
    except AssertionError:  # Flask 3.1 keeps it there and has no setter
        ctx._session = current_app.session_interface.make_null_session(current_app)


def unavailable(service, error):
    """The 503: JSON for the REST API and clients, text for OAI-PMH, a page for a browser."""
    log_outage(service, error)
    _session_for_the_answer()
    text = message()
    headers = {"Retry-After": str(current_app.config["RODARE_MAINTENANCE_RETRY_AFTER"])}
    if request.script_root.endswith("/api") or not request.accept_mimetypes.accept_html:
        return jsonify({"status": 503, "message": text}), 503, headers
    if request.endpoint == OAI_ENDPOINT:  # a harvester: HTTP's own 503 is its protocol
        return text, 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}
    try:
        body = render_template("rodare_rdm/maintenance/unavailable.html", message=text)
    except Exception:  # the theme itself needs the service that is down
        body = _plain_page(text)
    return body, 503, {**headers, "Content-Type": "text/html; charset=utf-8"}


def service_error(error):
    """Error handler of the drivers' connection errors."""
    return unavailable(service_down(error), error)


def wrap_server_error(previous):
    """A 500 handler that answers the 503 when a service is down, else calls ``previous``."""
    def server_error(error):
        original = getattr(error, "original_exception", None)
        service = service_down(original) if original is not None else None
        if service is not None:
            return unavailable(service, original)
        if previous is not None:
            return previous(error)
        return error

    server_error.wrapped = previous
    return server_error


def finalize_app(app):
    """Entry points ``invenio_base.(api_)finalize_app``: every other 500 handler is registered
    by now, so ours goes in front of it (not in place of it)."""
    handlers = app.error_handler_spec.setdefault(None, {}).setdefault(500, {})
    previous = handlers.get(InternalServerError)
    if getattr(previous, "wrapped", False) is not False:
        return  # finalized already
    app.register_error_handler(InternalServerError, wrap_server_error(previous))


class RodareMaintenance(FeatureExtension):
    """The defaults and the error handlers of the drivers' connection errors."""

    name = "maintenance"
    config = config

    def init_feature(self, app):
        """One handler per driver class; opensearch-py's ConnectionError and ConnectionTimeout
        are search_ready's (a search answers that search is down or busy; any other page gets
        our 503 from there)."""
        for service, classes in SERVICES:
            for cls in classes:
                if service != "search":
                    app.register_error_handler(cls, service_error)
        app.logger.addFilter(ServiceDownFilter())
