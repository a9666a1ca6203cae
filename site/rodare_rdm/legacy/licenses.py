"""``/api/licenses``: InvenioRDM's licences vocabulary in legacy Zenodo's shape.

Legacy clients check a licence before they deposit with it: HERMES takes the last path
segment of the CodeMeta licence URL (``https://spdx.org/licenses/Apache-2.0`` →
``Apache-2.0``), asks ``GET /api/licenses/Apache-2.0`` and sends ``metadata.id`` of the answer
as the deposition's ``license``. Legacy Zenodo served invenio-opendefinition's records there,
whose ids are case-insensitive; the licences vocabulary's ids are SPDX ids in lower case, so
the id is looked up in lower case and answered as the vocabulary writes it (``apache-2.0``),
which the deposit API takes as ``license``.

| request                                    | answer                                          |
|--------------------------------------------|-------------------------------------------------|
| ``GET /api/licenses/<id>``                 | 200 one licence; 404 ``{"status", "message"}``  |
| ``GET /api/licenses/?q=&page=&size=``      | 200 ``{"hits": {"hits", "total"}, "links"}``;   |
|                                            | 400 for a page or size that is not a number     |
|                                            | (size 1 to 100, default 10), or a bad query     |

One licence::

    {"id": "mit", "created": ..., "updated": ...,
     "links": {"self": "<api>/licenses/mit"},
     "metadata": {"id": "mit", "title": "MIT License", "url": "https://opensource.org/license/mit",
                  "status": "active", "osd_conformance": "approved" | "not reviewed",
                  "domain_software": true, "domain_data": false, "domain_content": false}}

Anyone may read them, as the vocabulary (no scope, no login).
"""

from urllib.parse import urlencode

from flask import Blueprint, current_app, g, jsonify, request
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.errors import PIDDoesNotExistError
from invenio_search.engine import search as search_engine
from invenio_records_resources.services.errors import QuerystringValidationError
from invenio_vocabularies.proxies import current_service as vocabularies

LICENSES = "licenses"
DEFAULT_SIZE, MAX_SIZE = 10, 100


def _error(status, message):
    return jsonify({"status": status, "message": str(message)}), status


def _self_link(license_id):
    return f"{current_app.config['SITE_API_URL']}/licenses/{license_id}"


def legacy_license(entry):
    """A vocabulary entry as legacy Zenodo's licence record (invenio-opendefinition's fields
    that have a source here; the domains come from the vocabulary's tags)."""
    props, tags = entry.get("props") or {}, set(entry.get("tags") or [])
    return {
        "id": entry["id"],
        "created": entry.get("created"),
        "updated": entry.get("updated"),
        "links": {"self": _self_link(entry["id"])},
        "metadata": {
            "id": entry["id"],
            "title": (entry.get("title") or {}).get("en", entry["id"]),
            "url": props.get("url", ""),
            "status": "active",
            "osd_conformance": "approved" if props.get("osi_approved") == "y" else "not reviewed",
            "domain_software": "software" in tags,
            "domain_data": "data" in tags,
            "domain_content": "data" in tags,
        },
    }


def _number(name, default, highest=None):
    """A positive integer query argument, or None when it is not one (or above ``highest``)."""
    value = request.args.get(name, str(default))
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        return None
    return None if highest and int(value) > highest else int(value)


def read(license_id):
    """One licence, by its id in any case."""
    try:
        entry = vocabularies.read(g.identity, (LICENSES, license_id.lower())).to_dict()
    except PIDDoesNotExistError:
        return _error(404, _("No licence has the id %(id)s.", id=license_id))
    return jsonify(legacy_license(entry))


def search():
    """Licences matching ``q`` (a query string, as legacy Zenodo's), a page at a time."""
    page, size = _number("page", 1), _number("size", DEFAULT_SIZE, MAX_SIZE)
    if page is None or size is None:
        return _error(400, _("page must be a number from 1, size a number from 1 to %(max)s.", max=MAX_SIZE))
    query = request.args.get("q", "")
    try:
        result = vocabularies.search(g.identity, params={"q": query, "page": page, "size": size},
                                     type=LICENSES).to_dict()
    except (QuerystringValidationError, search_engine.exceptions.RequestError):
        return _error(400, _("The query %(query)s is not a valid query string.", query=query))
    total = result["hits"]["total"]
    base = f"{current_app.config['SITE_API_URL']}/licenses/"

    def link(number):
        return f"{base}?{urlencode({'q': query, 'page': number, 'size': size})}"

    links = {"self": link(page)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page * size < total:
        links["next"] = link(page + 1)
    return jsonify({"hits": {"hits": [legacy_license(e) for e in result["hits"]["hits"]], "total": total},
                    "links": links, "aggregations": {}})


def create_blueprint(app):
    """The licences API, registered on the REST app (``/api``)."""
    blueprint = Blueprint("rodare_legacy_licenses", __name__)
    blueprint.add_url_rule("/licenses/", "search", search, strict_slashes=False)
    blueprint.add_url_rule("/licenses/<license_id>", "read", read)
    return blueprint
