"""A search's aggregations, kept apart from its hits (``transport.py``).

The facets of a search (its aggregations) are most of what the embedded search server
computes: at 10,000 records the search page's empty query takes it about 300 ms with its
facets and about 50 ms without them. Yet the aggregations of a request do not depend on
which page of hits it asks, in which order, nor on the selected facet values, which
upstream sends as a ``post_filter`` (applied to the hits after aggregating, so that a
facet still shows the other values' counts). Paging, re-sorting and clicking a facet value
therefore ask the server for the same aggregations again.

So the answer cache keeps each answer's aggregations under a second key: the request
without the parts that only choose or shape the hits (:data:`HIT_ONLY`, keyed as answers
are: ``transport.aggregations_key``). A request whose
aggregations are kept at the index's current generation is sent without them, and its
answer gets the kept ones: exactly what the server would have counted, on OpenSearch as on
osmem, since the same query over the same documents counts the same. Nothing else is
asked of the server, and what was never answered completely (timed out, a shard failed)
is not kept.
"""

import json

HIT_ONLY = frozenset({
    "from", "size", "sort", "search_after", "post_filter", "_source", "highlight",
    "track_total_hits", "track_scores", "explain", "version", "seq_no_primary_term",
    "stored_fields", "docvalue_fields", "script_fields",
})
"""Parts of a search body that choose or shape the hits, never what is aggregated.

``post_filter`` above all: OpenSearch applies it after the aggregations. ``query``,
``min_score`` (which drops documents before they are aggregated), ``aggs`` and anything
not named here stay in the key."""

AGGREGATIONS = ("aggs", "aggregations")


def as_dict(body):
    """The body as a dict, or None when it is not a JSON object."""
    if isinstance(body, dict):
        return body
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except ValueError:
            return None
        return body if isinstance(body, dict) else None
    return None


def counted_part(body):
    """What of a request body decides its aggregations, or None when it asks none."""
    body = as_dict(body)
    if not body or not any(body.get(name) for name in AGGREGATIONS):
        return None
    return {k: v for k, v in body.items() if k not in HIT_ONLY}


def without_aggregations(body):
    """The request for the hits alone."""
    return {k: v for k, v in as_dict(body).items() if k not in AGGREGATIONS}


def complete(response):
    """Whether an answer's aggregations counted every document: not timed out, no shard
    failed, and there are aggregations."""
    return (isinstance(response, dict) and "aggregations" in response
            and not response.get("timed_out")
            and not (response.get("_shards") or {}).get("failed"))
