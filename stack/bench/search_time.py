"""The time a search takes when no timeout cuts it: what the search server and the service
need for one ``/api/records`` query at the corpus's size.

Over HTTP the app gives the search server ``SEARCH_CLIENT_CONFIG``'s timeout (10 s) and then
answers 503 (``rodare_rdm.search_ready``), so a search that needs longer shows only as an
error. This runs the same query through the records service in the app (anonymous, as a
visitor's front page and search page), with the timeout lifted, and times it. Each sample
adds to the query the ``NOT`` of another word no record holds (the same records found), so
that neither the answer nor its facets come from the answer cache
(``rodare_rdm.portable_search.transport``): every one is computed.

Run inside the app's environment: ``python -m stack.bench.search_time SAMPLES`` prints one
JSON line: p50/p95 in ms of a text query and of the empty query.
"""

import json
import sys
import time
import uuid

from .scenarios import TEXT
from .stats import percentile


def main(samples):
    """Time ``samples`` text and empty queries; print their p50/p95 in ms."""
    from invenio_access.permissions import any_user
    from invenio_app.factory import create_api
    from invenio_rdm_records.proxies import current_rdm_records_service as service
    from flask_principal import AnonymousIdentity

    app = create_api()
    # Before the first search, which makes the client from this setting.
    app.config["SEARCH_CLIENT_CONFIG"] = {**app.config["SEARCH_CLIENT_CONFIG"], "timeout": 600}
    identity = AnonymousIdentity()
    identity.provides.add(any_user)
    figures = {}
    with app.app_context():
        for name, query in (("text", TEXT), ("empty", "")):
            times = []
            for _ in range(samples):
                start = time.perf_counter()
                params = {"q": f"{query} NOT rodarebench{uuid.uuid4().hex}".strip(), "size": 10}
                service.search(identity, params=params).to_dict()
                times.append((time.perf_counter() - start) * 1000)
            figures[f"{name}_p50_ms"] = percentile(times, 50)
            figures[f"{name}_p95_ms"] = percentile(times, 95)
    print(json.dumps({"records": samples, **figures}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
