"""Where the search server spends a record search: the server's time for each part.

Builds the request ``/api/records`` sends for a text query and for the empty query, as an
anonymous visitor and as the administrator, exactly as the service builds it (facets,
permission filter, sort), and sends it straight to the search server (no answer cache):
the whole request, the request without aggregations, and each aggregation alone (size 0).
Each is repeated ``--repeat`` times; the table shows the median wall time in ms.

Run inside the app's environment against a running stack (``./rodare up``):
``python -m stack.bench.search_profile [--repeat 5]``; it prints a Markdown table and one
JSON line with the same figures.
"""

import argparse
import json
import statistics
import time

QUERIES = {"text": {"q": "neutron beamline", "size": 10}, "empty": {"size": 10}}


def request_bodies(service, identity, params):
    """The body and index of the record search the service sends for ``params``."""
    search = service._search("search", identity, dict(params), None)
    return search.to_dict(), search._index[0]


def timed(post, index, body, repeat):
    """Median wall time in ms of sending ``body`` ``repeat`` times, and the last answer."""
    times, answer = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        answer = post(index, body)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), answer


def profile(service, identity, post, repeat):
    """{query: {part: ms}} for one identity."""
    out = {}
    for name, params in QUERIES.items():
        body, index = request_bodies(service, identity, params)
        aggs = body.pop("aggs", {})
        parts = {"whole request": timed(post, index, {**body, "aggs": aggs}, repeat)[0]}
        parts["without aggregations"], answer = timed(post, index, body, repeat)
        parts["hits"] = answer["hits"]["total"]["value"]
        for agg, spec in aggs.items():
            only = {**body, "size": 0, "aggs": {agg: spec}}
            parts[f"aggregation {agg}"] = timed(post, index, only, repeat)[0]
        out[name] = parts
    return out


def main():
    """Print the table and the JSON line."""
    import requests
    from flask_principal import AnonymousIdentity
    from invenio_access.permissions import any_user
    from invenio_accounts.models import User
    from invenio_app.factory import create_api
    from invenio_access.utils import get_identity
    from invenio_rdm_records.proxies import current_rdm_records_service as service

    from ..instance import ADMIN_EMAIL

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = create_api()
    with app.app_context():
        host = app.config["SEARCH_HOSTS"][0]
        base = host if isinstance(host, str) else f"http://{host['host']}:{host['port']}"
        http = requests.Session()
        http.trust_env = False

        def post(index, body):
            response = http.post(f"{base}/{index}/_search", json=body, timeout=120)
            response.raise_for_status()
            return response.json()

        anonymous = AnonymousIdentity()
        anonymous.provides.add(any_user)
        admin = get_identity(User.query.filter_by(email=ADMIN_EMAIL).one())
        results = {"anonymous": profile(service, anonymous, post, args.repeat),
                   "admin": profile(service, admin, post, args.repeat)}
    for who, queries in results.items():
        for query, parts in queries.items():
            print(f"\n{who}, {query} query ({parts['hits']} hits), median ms of {args.repeat}:")
            print("| part | ms |\n|---|---|")
            for part, ms in parts.items():
                if part != "hits":
                    print(f"| {part} | {ms:.0f} |")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
