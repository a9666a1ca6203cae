"""Search latency of two or more web servers on the same data, measured alternately.

For the answer cache and the counted facets (``site/rodare_rdm/portable_search/``): start a
second web server beside ``./rodare up`` with another configuration (the cache off:
``INVENIO_RODARE_SEARCH_CACHE_INDICES=[]``), then

    python -m stack.bench.search_ab --url after=https://127.0.0.1:5000 \\
        --url before=https://127.0.0.1:5010 --cert .rodare/tls/cert.pem [--token T]

A server without a port of its own can listen on a unix socket (gunicorn ``--bind
unix:PATH``): ``--url before=unix:PATH``, still HTTPS. ``--accept`` sets the media type
(several: each measured), e.g. the search page's ``application/vnd.inveniordm.v1+json``
and the REST default ``application/json``.

Per round and server (the order turns every round): the scenario's text query and empty
query repeated (``warm``: the same request, as the benchmark sends it), and the same two
made unique per request with a negative term for a word no record has (``cold``: the
same hits, but a request the cache has not seen). Anonymous, or with ``--token`` as that
user. Prints p50/p95 per figure and server, the load average, and one JSON line.
"""

import argparse
import http.client
import itertools
import json
import os
import socket
import ssl
import time
from urllib.parse import urlencode, urlsplit

from .stats import percentile

_unique = itertools.count()
_RUN = time.time_ns() % 10**9
"""Part of every cold request's term: a second run (a new process, the count again from 0)
must not repeat the first run's requests, which the answer cache may still hold."""


def queries():
    """(figure, params factory) of the measured requests."""
    return [
        ("text warm", lambda: {"q": "neutron beamline", "size": 10}),
        ("empty warm", lambda: {"size": 10}),
        ("text cold", lambda: {"q": f"neutron beamline -zqx{_RUN}x{next(_unique)}", "size": 10}),
        ("empty cold", lambda: {"q": f"-zqx{_RUN}x{next(_unique)}", "size": 10}),
    ]


class _UnixHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS over a unix socket (a second server beside the stack, without a port)."""

    def __init__(self, path, context):
        super().__init__("127.0.0.1", context=context)
        self.unix_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self.unix_path)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def connection(url, cert):
    """A kept-alive connection to ``https://host:port`` or ``unix:PATH``."""
    context = ssl.create_default_context(cafile=cert)
    context.check_hostname = False
    if url.startswith("unix:"):
        return _UnixHTTPSConnection(url[len("unix:"):], context)
    parts = urlsplit(url)
    return http.client.HTTPSConnection(parts.hostname, parts.port, context=context)


def sample(conn, headers, params):
    """ms of one request and its total hits (None: an error)."""
    start = time.perf_counter()
    try:
        conn.request("GET", f"/api/records?{urlencode(params)}", headers=headers)
        response = conn.getresponse()
    except (OSError, http.client.HTTPException):
        conn.close()  # the server ended the kept-alive connection: once more, on a new one
        start = time.perf_counter()
        conn.request("GET", f"/api/records?{urlencode(params)}", headers=headers)
        response = conn.getresponse()
    body = response.read()
    took = (time.perf_counter() - start) * 1000
    if response.status != 200:
        return None, response.status
    return took, json.loads(body)["hits"]["total"]


def main():
    """Measure, print, and print the JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True, help="name=https://host:port")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--token")
    parser.add_argument("--samples", type=int, default=10, help="per figure, server and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--accept", action="append", help="media type(s); default: the API's")
    args = parser.parse_args()
    servers = dict(item.split("=", 1) for item in args.url)
    conns = {name: connection(url, args.cert) for name, url in servers.items()}
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    accepts = args.accept or [None]
    times, hits, errors, loads = {}, {}, {}, []
    names = list(servers)
    for round_ in range(args.rounds):
        turn = round_ % len(names)
        for name in names[turn:] + names[:turn]:
            for (figure, params), accept in itertools.product(queries(), accepts):
                if accept:
                    headers["Accept"] = accept
                    figure = f"{figure} {'ui' if 'inveniordm' in accept else accept.split('/')[-1]}"
                sample(conns[name], headers, params())  # a warm-up: a connection, a first fill
                for _ in range(args.samples):
                    took, total = sample(conns[name], headers, params())
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
        print(f"{name:>8} {figure:<16} p50 {percentile(values, 50):7.0f} ms  "
              f"p95 {percentile(values, 95):7.0f} ms  n={len(values)} hits={sorted(hits[(name, figure)])}")
    print(f"load average (1 min) during the rounds: {min(loads):.1f}-{max(loads):.1f}")
    print(json.dumps({"figures": result, "load_1min": loads, "errors": len(errors)}))


if __name__ == "__main__":
    main()
