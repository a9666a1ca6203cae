"""Search latency of two or more web servers on the same data, measured alternately.

For the answer cache and the counted facets (``site/rodare_rdm/portable_search/``): start a
second web server beside ``./rodare up`` with another configuration (the cache off:
``INVENIO_RODARE_SEARCH_CACHE_INDICES=[]``), then

    python -m stack.bench.search_ab --url after=https://127.0.0.1:5000 \\
        --url before=https://127.0.0.1:5010 --cert .rodare/tls/cert.pem [--token T]

Per round and server (the order turns every round): the scenario's text query and empty
query repeated (``warm``: the same request, as the benchmark sends it), and the same two
made unique per request with a negative term for a word no record has (``cold``: the
same hits, but a request the cache has not seen). Anonymous, or with ``--token`` as that
user. Prints p50/p95 per figure and server, the load average, and one JSON line.
"""

import argparse
import itertools
import json
import os
import time

import requests

from .stats import percentile

_unique = itertools.count()


def queries():
    """(figure, params factory) of the measured requests."""
    return [
        ("text warm", lambda: {"q": "neutron beamline", "size": 10}),
        ("empty warm", lambda: {"size": 10}),
        ("text cold", lambda: {"q": f"neutron beamline -zqx{next(_unique)}", "size": 10}),
        ("empty cold", lambda: {"q": f"-zqx{next(_unique)}", "size": 10}),
    ]


def sample(http, url, params):
    """ms of one request and its total hits (None: an error)."""
    start = time.perf_counter()
    response = http.get(f"{url}/api/records", params=params)
    took = (time.perf_counter() - start) * 1000
    return (took, response.json()["hits"]["total"]) if response.ok else (None, response.status_code)


def main():
    """Measure, print, and print the JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True, help="name=https://host:port")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--token")
    parser.add_argument("--samples", type=int, default=10, help="per figure, server and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    servers = dict(item.split("=", 1) for item in args.url)
    http = requests.Session()
    http.trust_env, http.verify = False, args.cert
    if args.token:
        http.headers["Authorization"] = f"Bearer {args.token}"
    times, hits, errors, loads = {}, {}, {}, []
    names = list(servers)
    for round_ in range(args.rounds):
        turn = round_ % len(names)
        for name in names[turn:] + names[:turn]:
            for figure, params in queries():
                sample(http, servers[name], params())  # a warm-up: a connection, a first fill
                for _ in range(args.samples):
                    took, total = sample(http, servers[name], params())
                    if took is None:
                        errors[(name, figure)] = errors.get((name, figure), 0) + 1
                        continue
                    times.setdefault((name, figure), []).append(took)
                    hits.setdefault((name, figure), set()).add(total)
            loads.append(os.getloadavg()[0])
    result = {}
    for (name, figure), values in sorted(times.items()):
        result[f"{name} {figure}"] = {
            "p50_ms": round(percentile(values, 50)), "p95_ms": round(percentile(values, 95)),
            "samples": len(values), "hits": sorted(hits[(name, figure)]),
            "errors": errors.get((name, figure), 0)}
        print(f"{name:>8} {figure:<11} p50 {percentile(values, 50):7.0f} ms  "
              f"p95 {percentile(values, 95):7.0f} ms  n={len(values)} hits={sorted(hits[(name, figure)])}")
    print(f"load average (1 min) during the rounds: {min(loads):.1f}-{max(loads):.1f}")
    print(json.dumps({"figures": result, "load_1min": loads, "errors": len(errors)}))


if __name__ == "__main__":
    main()
