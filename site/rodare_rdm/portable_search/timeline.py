"""Reply previews of the request timeline without ``inner_hits`` (gap G3).

invenio-requests asks for each top-level comment's newest replies with ``has_child`` +
``inner_hits`` (``replies_preview``) in ``RequestEventsService.search`` and ``focused_list``.
osmem answers ``inner_hits`` inside ``has_child`` with a 400, so the request timeline (community
review, comments) fails in the UI and REST. Here the same request goes out without
``inner_hits``, and the previews of the page's comments come from one more search: a ``filters``
aggregation with one ``parent_id`` query per comment and a ``top_hits`` carrying the
``inner_hits``' own size and sort (REQUESTS_COMMENT_PREVIEW_LIMIT, newest first). Bucket counts
and top hits are exact on OpenSearch 2.x and on osmem. The previews are put where OpenSearch
puts ``inner_hits``, so upstream's result list, REST resource and UI read them unchanged.

| request                              | sent as                                        |
|--------------------------------------|------------------------------------------------|
| search with has_child + inner_hits   | the search without inner_hits, then one search |
|                                      | for the previews of the returned parents       |
| count with has_child + inner_hits    | the count without inner_hits                   |
| anything else                        | unchanged                                      |

The events service takes neither its result list nor its search options from config; its
components do come from config (REQUESTS_EVENTS_SERVICE_COMPONENTS), and a component's
``search`` hook sees every search the service sends. It hands the search a client wrapper
(``Search.using``; opensearch-py accepts wrapped clients for this).
"""

from copy import deepcopy

from invenio_records_resources.services.records.components import ServiceComponent
from invenio_search import current_search_client


def pop_child_previews(node):
    """Remove ``inner_hits`` from every ``has_child`` in a request body; return what was removed.

    Returns ``(has_child, inner_hits)`` pairs; the body is changed in place.
    """
    found = []
    if isinstance(node, dict):
        has_child = node.get("has_child")
        if isinstance(has_child, dict) and "inner_hits" in has_child:
            found.append((has_child, has_child.pop("inner_hits")))
        nested = node.values()
    else:
        nested = node if isinstance(node, list) else []
    for value in nested:
        found += pop_child_previews(value)
    return found


def child_previews_request(parent_ids, has_child, inner_hits):
    """The search for what ``has_child``'s ``inner_hits`` would return for each parent."""
    top_hits = {k: v for k, v in inner_hits.items() if k not in ("name", "ignore_unmapped")}
    children_of = {id_: {"parent_id": {"type": has_child["type"], "id": id_}} for id_ in parent_ids}
    return {
        "size": 0,
        "query": {
            "bool": {
                "filter": [has_child.get("query", {"match_all": {}})],
                "should": list(children_of.values()),
                "minimum_should_match": 1,
            }
        },
        "aggs": {
            "parents": {
                "filters": {"filters": children_of},
                "aggs": {"preview": {"top_hits": top_hits}},
            }
        },
    }


class ChildPreviewClient:
    """A search client that sends ``has_child`` previews as a second search, not ``inner_hits``."""

    def __init__(self, client):
        """Wrap ``client``; everything but search and count goes to it unchanged."""
        self._client = client

    def __getattr__(self, name):
        """Delegate the rest of the client API."""
        return getattr(self._client, name)

    def count(self, body=None, **kwargs):
        """Count without ``inner_hits``, which a count never returns anyway."""
        body = deepcopy(body)
        pop_child_previews(body)
        return self._client.count(body=body, **kwargs)

    def search(self, body=None, index=None, **kwargs):
        """Search without ``inner_hits``, then add the previews to the hits as ``inner_hits``."""
        body = deepcopy(body)
        previews = pop_child_previews(body)
        response = self._client.search(body=body, index=index, **kwargs)
        hits = response["hits"]["hits"]
        if not hits:
            return response
        for has_child, inner_hits in previews:
            request = child_previews_request([hit["_id"] for hit in hits], has_child, inner_hits)
            parents = self._client.search(body=request, index=index)["aggregations"]["parents"]
            name = inner_hits.get("name", has_child["type"])
            for hit in hits:
                preview = parents["buckets"][hit["_id"]]["preview"]
                hit.setdefault("inner_hits", {})[name] = preview
        return response


class ChildPreviewComponent(ServiceComponent):
    """Send the request events service's searches through :class:`ChildPreviewClient`."""

    def search(self, identity, search, params, **kwargs):
        """The same search, on a client that answers ``has_child`` previews portably."""
        return search.using(ChildPreviewClient(current_search_client))
