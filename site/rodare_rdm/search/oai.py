"""OAI-PMH set membership from one filters aggregation, the same on every search server.

invenio-oaiserver finds the sets of the records it lists by percolating them against the
sets' stored queries (``invenio_oaiserver.percolator.sets_search_all``); osmem has no
``percolate`` query (G2). Here each set's ``search_pattern`` (from the ``OAISet`` table,
parsed by upstream's ``query_string_parser`` as for its percolators) becomes one bucket of
a ``filters`` aggregation over the OAI records index, restricted to the records asked
about; a ``terms`` sub-aggregation on ``id`` names each bucket's members. OpenSearch 2.x and
osmem answer that request alike, so no backend switch is needed.

| verb                         | upstream's call for sets      | RODARE's hook                     |
|------------------------------|-------------------------------|-----------------------------------|
| GetRecord                    | OAISERVER_RECORD_SETS_FETCHER | :func:`find_sets_for_record`      |
| ListRecords, ListIdentifiers | ``sets_search_all``, direct   | :class:`OAISetsTransport`, the    |
|                              |                               | transport_class in                |
|                              |                               | SEARCH_CLIENT_CONFIG              |

The list verbs call ``sets_search_all`` from ``invenio_oaiserver/response.py`` with no
configuration key in between, so the only supported place that sees their request is the
search client, which invenio-search builds from ``SEARCH_CLIENT_CONFIG``. The transport
recognises exactly upstream's request (``bool.must`` holding one ``percolate`` of
``documents`` on field ``query``) and sends instead, to the same percolator index with the
same scroll parameters, an ``ids`` query for the ``oaiset-<spec>`` documents of the sets the
aggregation found, adding each hit's ``_percolator_document_slot`` as percolate would.
Every other request passes unchanged. Upstream still reads the answer with its own scroll
loop, so a set whose percolator document is missing is left out, exactly as percolate would
leave it out. (The alternatives, replacing the ``/oai2d`` view or ``sets_search_all``, would
mean monkeypatching upstream or copying its ``response`` module.)

Set membership is decided on the indexed records: the documents asked about are the OAI
index's own hits (list verbs) or a published record (GetRecord), identified by ``id``.
If the server refuses the aggregation (one set's pattern does not parse), each set is asked
on its own and the refused set is left out with a warning, as upstream leaves it out: its
percolator could not be stored.
"""

from flask import current_app
from invenio_oaiserver.models import OAISet
from invenio_oaiserver.query import query_string_parser
from invenio_search import RecordsSearch, current_search_client
from invenio_search.engine import search
from invenio_search.utils import prefix_index

PERCOLATOR_ID_PREFIX = "oaiset-"
"""invenio-oaiserver stores a set's percolator query under the id ``oaiset-<spec>``."""


def oai_set_queries():
    """``{spec: query}`` of every set with a search pattern, ordered by spec.

    Sets without a pattern have no percolator upstream either, so they match nothing.
    """
    sets = OAISet.query.filter(OAISet.search_pattern.isnot(None)).order_by(OAISet.spec)
    return {
        oai_set.spec: query_string_parser(search_pattern=oai_set.search_pattern)
        for oai_set in sets
        if oai_set.search_pattern.strip()
    }


def _records(ids):
    """A search of the OAI records index restricted to the records with these ids."""
    index = str(current_app.config["OAISERVER_RECORD_INDEX"])
    return RecordsSearch(index=index).filter("terms", id=sorted(ids))


def set_members(ids, queries):
    """``{spec: ids of the set's members}`` among ``ids``, from one filters aggregation."""
    request = _records(ids).extra(size=0)
    request.aggs.bucket("sets", "filters", filters=queries).bucket(
        "members", "terms", field="id", size=len(ids)
    )
    try:
        buckets = request.execute().aggregations.sets.buckets
    except search.RequestError:
        return _set_members_one_by_one(ids, queries)
    return {spec: {b.key for b in buckets[spec].members.buckets} for spec in queries}


def _set_members_one_by_one(ids, queries):
    """The same from one search per set (a multi-search), after the server refused a query.

    A set query the server refuses (a search pattern with unbalanced brackets, say) fails
    the whole aggregation. Upstream cannot store such a set's percolator either, so it never
    lists the set; here too that set alone is left out, with a warning. Any other error of
    a single search is raised.
    """
    body = []
    for query in queries.values():
        body += [{}, _records(ids).filter(query).source(["id"])[: len(ids)].to_dict()]
    index = prefix_index(str(current_app.config["OAISERVER_RECORD_INDEX"]))
    responses = current_search_client.msearch(index=index, body=body)["responses"]
    members = {}
    for spec, response in zip(queries, responses):
        if "error" not in response:
            members[spec] = {hit["_source"]["id"] for hit in response["hits"]["hits"]}
        elif response.get("status") == 400:
            current_app.logger.warning("OAI set %r left out: %s", spec, response["error"])
        else:
            raise search.TransportError(response.get("status"), "msearch", response["error"])
    return members


def sets_for_documents(documents):
    """The specs of the OAI sets each record document belongs to, in the documents' order.

    Same shape as ``invenio_oaiserver.percolator.sets_search_all``: one list per document.
    """
    if not documents:
        return []
    ids = [document["id"] for document in documents]
    queries = oai_set_queries()
    members = set_members(set(ids), queries) if queries else {}
    return [[spec for spec in members if id_ in members[spec]] for id_ in ids]


def find_sets_for_record(record):
    """``OAISERVER_RECORD_SETS_FETCHER`` for GetRecord: the specs of one record's sets."""
    return sets_for_documents([record])[0]


def percolated_documents(url, body):
    """The documents of invenio-oaiserver's set percolation, or None for any other request.

    Returns ``(documents, other_must_clauses)``; the other clauses (upstream's optional
    ``ids`` of percolators) still restrict which set documents answer.
    """
    if not url.endswith("/_search") or not isinstance(body, dict):
        return None
    must = body.get("query", {}).get("bool", {}).get("must")
    if not isinstance(must, list):
        return None
    percolates = [clause["percolate"] for clause in must if "percolate" in clause]
    if len(percolates) != 1 or percolates[0].get("field") != "query":
        return None
    if "documents" not in percolates[0]:
        return None
    others = [clause for clause in must if "percolate" not in clause]
    return percolates[0]["documents"], others


class OAISetsTransport(search.Transport):
    """Answer upstream's percolation of OAI records with :func:`sets_for_documents`."""

    def perform_request(self, method, url, params=None, body=None, *args, **kwargs):
        """Pass every request through, except the percolation of OAI records."""
        found = percolated_documents(url, body)
        if found is None:
            return super().perform_request(method, url, params, body, *args, **kwargs)

        documents, others = found
        slots = {}
        for slot, specs in enumerate(sets_for_documents(documents)):
            for spec in specs:
                slots.setdefault(f"{PERCOLATOR_ID_PREFIX}{spec}", []).append(slot)

        query = {"bool": {"must": [{"ids": {"values": sorted(slots)}}, *others]}}
        params = dict(params or {})
        # Every matching set on the first page, so no later scroll page lacks its slots.
        params["size"] = max(int(params.get("size", 10)), len(slots))
        response = super().perform_request(
            method, url, params, {**body, "query": query}, *args, **kwargs
        )
        for hit in response["hits"]["hits"]:
            hit.setdefault("fields", {})["_percolator_document_slot"] = slots[hit["_id"]]
        return response
