"""The records OAI-PMH disseminates, read from the records index.

Every published record with an OAI identifier and public metadata is listed, whatever its
access level; a deleted one (its tombstone stays in the index) is listed with
``status="deleted"``. The datestamp is the record's ``updated`` (OAISERVER_LAST_UPDATE_KEY),
which moves on every commit of the record: edits, new access levels, lifted embargoes,
deletion, and community changes (``datestamps.py``). Lists are sorted by record id and paged
with ``search_after``, so a page depends only on the last id sent, not on server state.
"""

import re

from flask import current_app
from invenio_oaiserver.proxies import current_oaiserver
from invenio_search import RecordsSearch

from .arguments import date_range
from .errors import IdDoesNotExist

IDENTIFIER_SYNTAX = re.compile(r"oai:[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+:[a-zA-Z0-9\-_.!~*'();/?:@&=+$,%]+")
"""The oai-identifier syntax (http://www.openarchives.org/OAI/2.0/guidelines-oai-identifier.htm)."""

SORT_KEY = "id"


def datestamp_key():
    """The index field holding a record's datestamp."""
    return current_app.config["OAISERVER_LAST_UPDATE_KEY"]


def disseminated():
    """A search of every record OAI-PMH speaks about, deleted ones included."""
    return (
        RecordsSearch(index=str(current_app.config["OAISERVER_RECORD_INDEX"]))
        .filter("exists", field="pids.oai.identifier")
        .filter("term", **{"access.record": "public"})
    )


def is_deleted(source):
    """Whether a record document is a tombstone."""
    return bool(source.get("is_deleted")) or source.get("deletion_status", "P") != "P"


def find(identifier):
    """The index document of the record with this OAI identifier, or idDoesNotExist."""
    prefix = f"oai:{current_app.config['OAISERVER_ID_PREFIX']}:"
    if not identifier.startswith(prefix) or not IDENTIFIER_SYNTAX.fullmatch(identifier):
        raise IdDoesNotExist(f"{identifier!r} is not an identifier of this repository.")
    search = disseminated().filter("term", **{"pids.oai.identifier.keyword": identifier})[:1]
    hits = search.execute().to_dict()["hits"]["hits"]
    if not hits:
        raise IdDoesNotExist(f"No record has the identifier {identifier!r}.")
    return hits[0]


def selection(arguments):
    """The records selected by a list request's ``set``, ``from`` and ``until``."""
    search = disseminated()
    if "set" in arguments:
        search = search.filter(current_oaiserver.set_records_query_fetcher(arguments["set"]))
    bounds = {
        bound: value.strftime("%Y-%m-%dT%H:%M:%SZ")
        for bound, value in date_range(arguments).items()
    }
    if bounds:
        search = search.filter("range", **{datestamp_key(): bounds})
    return search


def page(arguments, after, size):
    """``(documents, total, has_next)``: up to ``size`` records after sort key ``after``."""
    search = selection(arguments).sort({SORT_KEY: {"order": "asc"}}).extra(track_total_hits=True)
    if after is not None:
        search = search.extra(search_after=[after])
    hits = search[: size + 1].execute().to_dict()["hits"]
    return hits["hits"][:size], hits["total"]["value"], len(hits["hits"]) > size


def earliest_datestamp():
    """The oldest datestamp of any disseminated record, or None."""
    search = disseminated().sort({datestamp_key(): {"order": "asc"}})[:1]
    hits = search.execute().to_dict()["hits"]["hits"]
    return hits[0]["_source"][datestamp_key()] if hits else None

