"""OAI-PMH set membership from one filters aggregation, the same on every search server.

invenio-oaiserver finds the sets of the records it lists by percolating them against the
sets' stored queries; osmem has no ``percolate`` query (G2 in ``rodare_rdm.portable_search``).
RODARE's OAI-PMH layer (``rodare_rdm.oaipmh``, which answers every ``/oai2d`` request) asks
:func:`sets_for_documents` instead: each set's ``search_pattern`` (from the ``OAISet``
table, parsed by upstream's ``query_string_parser`` as for its percolators) becomes one
bucket of a ``filters`` aggregation over the OAI records index, restricted to the records
asked about; a ``terms`` sub-aggregation on ``id`` names each bucket's members. OpenSearch
2.x and osmem answer that request alike, so no backend switch is needed.

Set membership is decided on the indexed records, identified by ``id``. If the server
refuses the aggregation (one set's pattern does not parse), each set is asked on its own and
the refused set is left out with a warning, as upstream leaves it out: its percolator could
not be stored.
"""

from flask import current_app
from invenio_oaiserver.models import OAISet
from invenio_oaiserver.query import query_string_parser
from invenio_search import RecordsSearch, current_search_client
from invenio_search.engine import search
from invenio_search.utils import prefix_index


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

