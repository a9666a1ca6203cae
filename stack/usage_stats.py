"""Usage statistics across restarts of the embedded stack.

invenio-stats keeps its events, aggregations and bookmarks only in the search server, and
osmem-server keeps nothing on disk: without this, every ``./rodare up`` would start the
statistics at 0. The supervisor saves those indices to ``<root>/stats/usage.jsonl`` when it
stops the stack (app processes already stopped, so nothing writes meanwhile), and
``stack.instance`` puts them back right after it re-creates the indices and before it indexes
the records, whose ``stats`` are computed from them. A stack that is killed instead of
stopped loses the visits since its last stop. Production keeps these indices in OpenSearch.
"""

import json
import os

PATTERN = "*events-stats-*,*stats-*"
"""The indices of invenio-stats (``stats-*`` includes its bookmarks), whatever the prefix."""


def save(client, path):
    """Write every document of the statistics indices to ``path`` (JSON lines); replace the
    previous file only once the new one is complete. Returns the number of documents."""
    from opensearchpy import helpers

    tmp = f"{path}.tmp"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    count = 0
    with open(tmp, "w") as out:
        for hit in helpers.scan(client, index=PATTERN, query={"query": {"match_all": {}}},
                                allow_no_indices=True, ignore_unavailable=True):
            out.write(json.dumps({"_index": hit["_index"], "_id": hit["_id"],
                                  "_source": hit["_source"]}) + "\n")
            count += 1
    os.replace(tmp, path)
    return count


def restore(client, path):
    """Index the documents ``save`` wrote (their indices come from invenio-stats' templates).
    Returns the number of documents; 0 without a file."""
    from opensearchpy import helpers

    if not os.path.exists(path):
        return 0

    def actions():
        with open(path) as lines:
            for line in lines:
                yield {"_op_type": "index", **json.loads(line)}

    indexed, _ = helpers.bulk(client, actions(), chunk_size=500, refresh=True)
    return indexed
