"""Flask extension of the search readiness feature: the check before a search, the 503.

| search server                               | a search (REST, search page, OAI-PMH)     |
|---------------------------------------------|-------------------------------------------|
| refilling, restarted empty, unreachable     | 503 "being rebuilt", Retry-After 30       |
| too busy to answer within the client's      | 503 "busy", Retry-After 5                 |
| timeout (``SEARCH_CLIENT_CONFIG``)          |                                           |

Any other page that meets a search server that is unreachable or does not answer in time
(a record's page reading a vocabulary) answers maintenance/'s 503.
"""

from flask import current_app, jsonify, render_template, request
from invenio_i18n import gettext as _
from opensearchpy.exceptions import ConnectionError as SearchUnreachable
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, TransportError

from ..extension import FeatureExtension
from ..maintenance.ext import unavailable
from . import config
from .marker import refilling


def answers_from_search(endpoint):
    """Whether the view behind ``endpoint`` answers from the search indices.

    UI pages are listed (RODARE_SEARCH_READY_PAGES); a REST view counts when its name begins
    with ``search`` and its blueprint lists search hits, not database rows. (Upstream's UI
    blueprints are all named ``invenio_*``; their ``*search*`` views that are not listed
    render no hits themselves: help pages, statics.)
    """
    if not endpoint:
        return False
    if endpoint in current_app.config["RODARE_SEARCH_READY_PAGES"]:
        return True
    blueprint, _dot, view = endpoint.rpartition(".")
    return (view.startswith("search") and not blueprint.startswith("invenio_")
            and blueprint not in current_app.config["RODARE_SEARCH_READY_DATABASE_RESOURCES"])


def not_ready():
    """The 503 while the indices are refilled or missing: a page for a person, JSON for a
    client, both with Retry-After."""
    message = _("Search is being rebuilt after a restart and answers again in a few minutes. "
                "Nothing is lost: every record is kept and will be found again.")
    return _unavailable(message, current_app.config["RODARE_SEARCH_READY_RETRY_AFTER"])


def busy():
    """The 503 of a search the search server did not answer in time (many searches at
    once): the same page or JSON, asking to come back in a few seconds."""
    message = _("Search is very busy and could not answer in time. Please try again in a few "
                "seconds.")
    return _unavailable(message, current_app.config["RODARE_SEARCH_READY_BUSY_RETRY_AFTER"])


def _unavailable(message, retry_after):
    retry = str(retry_after)
    if request.endpoint in current_app.config["RODARE_SEARCH_READY_PAGES"] and \
            request.accept_mimetypes.accept_html:
        body = render_template("rodare_rdm/search_ready/unavailable.html", message=message)
        return body, 503, {"Retry-After": retry}
    return jsonify({"status": 503, "message": message}), 503, {"Retry-After": retry}


def check_ready():
    """Before a search: 503 while the indices are refilled or the server is unreachable."""
    if not answers_from_search(request.endpoint):
        return None
    try:
        under_way = refilling()
    except ConnectionTimeout:  # reachable, but not answering in time
        return busy()
    except TransportError:  # unreachable, or answering errors
        under_way = True
    return not_ready() if under_way else None


def search_error(error):
    """A search that found its index missing or its server gone: 503, not 500.

    A view that is no search (a record's page reading a vocabulary, say) answers the
    maintenance 503 instead: "search is being rebuilt" would not be what it needs."""
    missing_index = isinstance(error, NotFoundError) and error.error == "index_not_found_exception"
    if isinstance(error, SearchUnreachable) and not answers_from_search(request.endpoint):
        return unavailable("search", error)  # a page that is no search: maintenance/'s 503
    if isinstance(error, SearchUnreachable) or missing_index:
        current_app.logger.warning("search not ready: %r", error)
        return not_ready()
    raise error


def search_timeout(error):
    """A search the search server did not answer within the client's timeout: the busy 503.
    A view that is no search answers the maintenance 503, as for an unreachable server."""
    if not answers_from_search(request.endpoint):
        return unavailable("search", error)
    current_app.logger.warning("search busy: %r", error)
    return busy()


class RodareSearchReady(FeatureExtension):
    """The defaults, the check before each search view and the 503 for a missing index."""

    name = "search_ready"
    config = config

    def init_feature(self, app):
        """A request hook and three error handlers on the whole application."""
        app.before_request(check_ready)
        app.register_error_handler(NotFoundError, search_error)
        app.register_error_handler(SearchUnreachable, search_error)
        app.register_error_handler(ConnectionTimeout, search_timeout)
