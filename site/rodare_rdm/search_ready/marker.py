"""The refill marker: an index that exists exactly while the search indices are refilled.

A marker in the search server, not a flag in the app or a check of the backend's kind, so
the same rule holds on osmem (which forgets everything when it restarts) and on a real
OpenSearch 2.x cluster (where an operator rebuilds the indices):

| search server state                        | marker  | search answers       |
|--------------------------------------------|---------|----------------------|
| unreachable                                | unknown | 503                  |
| (re)started empty, refill not yet begun    | absent  | 503 (index missing)  |
| refill under way                           | present | 503                  |
| refilled                                   | absent  | the hits             |
"""

from flask import current_app
from invenio_search.proxies import current_search_client
from invenio_search.utils import build_alias_name


def marker_index():
    """The marker's index name, with the instance's index prefix."""
    return build_alias_name(current_app.config["RODARE_SEARCH_READY_MARKER"])


def start_refill():
    """Say that the indices are being refilled (before the first index is destroyed)."""
    current_search_client.indices.create(index=marker_index(), ignore=400)


def end_refill():
    """Say that the indices hold everything again (after the last document is indexed)."""
    current_search_client.indices.delete(index=marker_index(), ignore=404)


def refilling():
    """True while a refill is under way."""
    return bool(current_search_client.indices.exists(index=marker_index()))
