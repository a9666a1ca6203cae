"""Old RODARE (Zenodo) page URLs that scripts, bookmarks and citations hold: 301 to the page or
file that answers them now.

| old URL                                        | 301 to                                                   |
|------------------------------------------------|----------------------------------------------------------|
| ``/deposit``, ``/deposit?page=2``              | ``/me/uploads`` (``?page=2``)                            |
| ``/deposit/new``, ``?c=<community>``           | ``/uploads/new``, ``?community=<community>``             |
| ``/deposit/<id>``                              | ``/uploads/<id>`` while a draft is open (a new deposit,  |
|                                                | or a record being edited), else ``/records/<id>``;       |
|                                                | 404 for an id that was never given                       |
| ``/record/<id>/export/<format>``               | ``/records/<id>/export/<RDM format>`` (``LEGACY_EXPORTS``);|
|                                                | 410 for the formats legacy Zenodo had dropped already    |
|                                                | (``xe``, ``xn``, ``xw``), 404 for any other              |
| ``/collection/user-<c>``, ``/communities/about/<c>/`` | ``/communities/<c>/records``                      |
| ``/communities/<c>/search?q=``                 | ``/communities/<c>/records?q=``                          |
| ``/search?communities=<c>&q=&page=&size=``     | ``/communities/<c>/records?q=&page=&size=``; with more   |
|                                                | than one community ``/search?q=(...) AND                 |
|                                                | parent.communities.entries.slug:(a OR b)``               |

``/communities/<c>/`` needs no rule: InvenioRDM serves the community's home page there (or
sends to its records). ``/record/<id>`` and ``/record/<id>/files/<name>`` are the DOI
feature's (``rodare_rdm/doi/views.py``): the landing pages DOIs resolve to.

Ids are old RODARE record ids, ASCII digits only. Which page answers ``/deposit/<id>`` is
decided as the system (whether a draft is open), so that the depositor lands on the form and
everyone else on the landing page; that page then checks who may see it, as it always does.
"""

import re

from flask import abort, redirect, request, url_for
from invenio_access.permissions import system_identity
from invenio_app_rdm.redirector.resource import RedirectorConfig, RedirectorResource
from invenio_pidstore.errors import PIDDeletedError, PIDDoesNotExistError
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from sqlalchemy.orm.exc import NoResultFound

LEGACY_ID = re.compile(r"[0-9]{1,18}")

LEGACY_EXPORTS = {
    "json": "json", "hjson": "json",
    "csl": "csl",
    "hx": "bibtex", "bibtex": "bibtex",
    "xd": "dublincore", "dc": "dublincore",
    "dcite": "datacite-xml", "dcite3": "datacite-xml", "dcite4": "datacite-xml",
    "hm": "marcxml", "xm": "marcxml",
    "schemaorg_jsonld": "json-ld",
    "geojson": "geojson",
    "dcat": "dcat-ap",
}
"""Legacy Zenodo's export codes (``ZENODO_RECORDS_EXPORTFORMATS``, the export menu's
``/record/<id>/export/<code>``) and the InvenioRDM export that gives the same format."""

GONE_EXPORTS = {"xe", "xn", "xw"}
"""Export codes legacy Zenodo answered 410 already (unsupported formats)."""


def _legacy_id(name="pid_value"):
    value = request.view_args[name]
    if not LEGACY_ID.fullmatch(value):
        abort(404)
    return str(int(value))


def _args(**renamed):
    """The query arguments to keep, under their new names: ``_args(page="page")``."""
    return {new: request.args[old] for old, new in renamed.items() if request.args.get(old)}


def my_uploads():
    """``/deposit``: the depositor's list of uploads, at the same page."""
    return url_for("invenio_app_rdm_users.uploads", **_args(page="page", size="size"))


def new_upload():
    """``/deposit/new?c=``: the deposit form, for the community given."""
    return url_for("invenio_app_rdm_records.deposit_create", **_args(c="community"))


def _draft_open(recid):
    try:
        records_service.read_draft(system_identity, recid)
    except (PIDDoesNotExistError, PIDDeletedError, NoResultFound):
        return False
    return True


def _record_given(recid):
    try:
        records_service.record_cls.pid.resolve(recid)
    except PIDDoesNotExistError:
        return False
    except PIDDeletedError:
        return True  # the landing page shows its tombstone
    return True


def deposit():
    """``/deposit/<id>``: the edit form while a draft is open, else the landing page."""
    recid = _legacy_id()
    if _draft_open(recid):
        return url_for("invenio_app_rdm_records.deposit_edit", pid_value=recid)
    if _record_given(recid):
        return url_for("invenio_app_rdm_records.record_detail", pid_value=recid)
    abort(404)


def record_export():
    """``/record/<id>/export/<code>``: InvenioRDM's export of the same format."""
    recid, code = _legacy_id(), request.view_args["export_format"]
    if code in GONE_EXPORTS:
        abort(410)
    if code not in LEGACY_EXPORTS:
        abort(404)
    return url_for("invenio_app_rdm_records.record_export", pid_value=recid,
                   export_format=LEGACY_EXPORTS[code])


def community_records():
    """A community's old pages: its records (with the old search's ``q``)."""
    return url_for("invenio_app_rdm_communities.communities_detail",
                   pid_value=request.view_args["community"], **_args(q="q"))


def legacy_search():
    """``/search?communities=...``: old Zenodo's search filtered by communities (answered
    before InvenioRDM's search page, which would ignore the argument)."""
    if request.path.rstrip("/") != "/search" or not request.args.get("communities"):
        return None
    slugs = [slug for value in request.args.getlist("communities") for slug in value.split(",") if slug]
    kept = _args(page="page", size="size")
    query = request.args.get("q", "").strip()
    if len(slugs) == 1:
        return redirect(url_for("invenio_app_rdm_communities.communities_detail", pid_value=slugs[0],
                                **_args(q="q"), **kept), 301)
    in_communities = "parent.communities.entries.slug:({})".format(
        " OR ".join(f'"{slug}"' for slug in slugs))
    full = f"({query}) AND {in_communities}" if query else in_communities
    return redirect(url_for("invenio_search_ui.search", q=full, **kept), 301)


LEGACY_REDIRECTS = {
    "deposits": {"source": "/deposit", "target": my_uploads, "rule_options": {"strict_slashes": False}},
    "deposit_new": {"source": "/deposit/new", "target": new_upload,
                    "rule_options": {"strict_slashes": False}},
    "deposit": {"source": "/deposit/<pid_value>", "target": deposit,
                "rule_options": {"strict_slashes": False}},
    "record_export": {"source": "/record/<pid_value>/export/<export_format>", "target": record_export,
                      "rule_options": {"strict_slashes": False}},
    "collection": {"source": "/collection/user-<community>", "target": community_records,
                   "rule_options": {"strict_slashes": False}},
    "community_about": {"source": "/communities/about/<community>", "target": community_records,
                        "rule_options": {"strict_slashes": False}},
    "community_search": {"source": "/communities/<community>/search", "target": community_records,
                         "rule_options": {"strict_slashes": False}},
}
"""invenio-app-rdm's redirector rules (source route, target callable): each answers 301."""


class LegacyRedirectorConfig(RedirectorConfig):
    """invenio-app-rdm's redirector with our rules, on a blueprint of its own."""

    blueprint_name = "rodare_legacy_redirects"
    rules = LEGACY_REDIRECTS


def create_blueprint(app):
    """The old URLs' redirects (UI app)."""
    blueprint = RedirectorResource(LegacyRedirectorConfig.build(app)).as_blueprint()
    blueprint.before_app_request(legacy_search)
    return blueprint
