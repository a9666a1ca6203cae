"""Clean what was stored before the descriptions of requests were sanitised."""

from invenio_db import db
from invenio_requests.proxies import current_requests_service
from invenio_requests.records.api import Request

from .html import sanitised_html


def clean_request_descriptions():
    """Sanitise every stored request description, re-index the changed requests, list their ids.

    A second run finds nothing: the sanitiser's output is a fixed point.
    """
    model = Request.model_cls
    changed = []
    for row in model.query.filter(model.json["description"].as_string().isnot(None)):
        request = Request(row.data, model=row)
        clean = sanitised_html(request["description"])
        if clean != request["description"]:
            request["description"] = clean
            request.commit()
            changed.append(request)
    db.session.commit()
    for request in changed:
        current_requests_service.indexer.index(request)
    return [str(request.id) for request in changed]
