"""The measured scenarios, each against one web server (a REST session from ``client``).

Every function returns a flat dict of figures; failures of the server are counted as
errors, so a variant that cannot answer (stock upstream on the embedded search server)
still gives a row.
"""

import os
import shutil
import time
import uuid

from lxml import etree

from .client import check, deposit
from .stats import Steps, latency

OAI = "{http://www.openarchives.org/OAI/2.0/}"
TEXT = "neutron beamline"
"""The text query of every search figure (``search``, ``search_time.py``)."""


def deposits(http, count, steps_name="deposit"):
    """Records per second over ``count`` deposits of a 1 MiB file, and each step's latency."""
    steps, content = Steps(), os.urandom(1024 * 1024)
    start, errors = time.perf_counter(), 0
    for n in range(count):
        try:
            deposit(http, steps, f"Deposit benchmark {n}", content)
        except RuntimeError:
            errors += 1
    took = time.perf_counter() - start
    return {"records_per_s": (count - errors) / took, "errors": errors, **{
        f"{step}_{k}": v for step, figures in steps.summary().items() for k, v in figures.items()}}


def search(http, samples):
    """p50/p95 of /api/records: a text query with facets, and an empty query, each asked
    ``samples`` times in three ways:

    - the same (``text``, ``empty``): after the first, RODARE answers from its answer cache
      until the next write to the index;
    - paged (``text_paged``, ``empty_paged``): the next page of the same search each time;
      RODARE computes the hits and takes the facets (aggregations) it kept from the first;
    - new (``text_new``, ``empty_new``): a search nobody asked since the last write, hits and
      facets computed: the query gets a ``NOT`` of a word no record holds, another each
      time, which finds the same records.
    """
    figures = {}
    for name, query in (("text", TEXT), ("empty", "")):
        same = latency(lambda: http.get(f"{http.base}/api/records",
                                        params={"q": query, "size": 10}), samples)
        pages = iter(range(2, 2 + samples + 2))
        paged = latency(lambda: http.get(f"{http.base}/api/records",
                                         params={"q": query, "size": 10, "page": next(pages)}),
                        samples)
        new = latency(lambda: http.get(f"{http.base}/api/records", params={
            "q": f"{query} NOT rodarebench{uuid.uuid4().hex}".strip(), "size": 10}), samples)
        figures.update({f"{name}_{k}": v for k, v in same.items()})
        figures.update({f"{name}_paged_{k}": v for k, v in paged.items()})
        figures.update({f"{name}_new_{k}": v for k, v in new.items()})
    return figures


def landing(http, recid, samples):
    """p50/p95 of a record's HTML landing page."""
    return latency(lambda: http.get(f"{http.base}/records/{recid}"), samples)


def rest_read(http, recid, samples):
    """p50/p95 of one record over REST (``/api/records/<id>``, JSON)."""
    return latency(lambda: http.get(f"{http.base}/api/records/{recid}"), samples)


def static_file(http, path, samples):
    """p50/p95 of one static file (the theme's CSS bundle, say)."""
    return latency(lambda: http.get(f"{http.base}{path}"), samples)


def harvest(http, prefix, limit=None):
    """Records per second of a complete ListRecords harvest (following resumption tokens)."""
    params = {"verb": "ListRecords", "metadataPrefix": prefix}
    start, records, pages = time.perf_counter(), 0, 0
    while True:
        response = http.get(f"{http.base}/oai2d", params=params)
        if response.status_code != 200:
            return {"records_per_s": None, "records": records, "errors": 1,
                    "error": f"HTTP {response.status_code}"}
        tree = etree.fromstring(response.content)
        error = tree.find(f"{OAI}error")
        if error is not None:
            return {"records_per_s": None, "records": records, "errors": 1,
                    "error": error.get("code")}
        records += len(tree.findall(f"{OAI}ListRecords/{OAI}record"))
        pages += 1
        token = tree.find(f"{OAI}ListRecords/{OAI}resumptionToken")
        if token is None or not token.text or (limit and records >= limit):
            break
        params = {"verb": "ListRecords", "resumptionToken": token.text}
    took = time.perf_counter() - start
    return {"records_per_s": records / took, "records": records, "pages": pages, "errors": 0}


def disk_copy(source, folder):
    """MiB/s of a plain copy of ``source`` into ``folder`` (the machine's raw disk path)."""
    target = os.path.join(folder, "disk-copy.bin")
    start = time.perf_counter()
    shutil.copyfile(source, target)
    took = time.perf_counter() - start
    os.remove(target)
    return os.path.getsize(source) / 2**20 / took


def large_file(http, path, download_dir):
    """Upload and download MiB/s of one large file through the REST API (streamed both ways)."""
    size = os.path.getsize(path) / 2**20
    steps = Steps()
    data = {"access": {"record": "public", "files": "public"}, "files": {"enabled": True},
            "metadata": {"title": "Large file", "publication_date": "2024-01-01",
                         "publisher": "Rodare", "resource_type": {"id": "dataset"},
                         "creators": [{"person_or_org": {"family_name": "Big", "type": "personal"}}]}}
    draft = check(http.post(f"{http.base}/api/records", json=data), 201).json()
    files = draft["links"]["files"]
    check(http.post(files, json=[{"key": "large.bin"}]), 201)
    with open(path, "rb") as body:
        steps.time("upload", lambda: check(http.put(
            f"{files}/large.bin/content", data=body,
            headers={"Content-Type": "application/octet-stream"}), 200))
    check(http.post(f"{files}/large.bin/commit"), 200)
    record = check(http.post(draft["links"]["publish"]), 202).json()
    target = os.path.join(download_dir, "download.bin")

    def download():
        with http.get(f"{http.base}/api/records/{record['id']}/files/large.bin/content",
                      stream=True) as response, open(target, "wb") as out:
            check(response, 200)
            for chunk in response.iter_content(1024 * 1024):
                out.write(chunk)

    steps.time("download", download)
    ok = os.path.getsize(target) == os.path.getsize(path)
    os.remove(target)
    ms = {name: values[0] for name, values in steps.samples.items()}
    return {"upload_mib_s": size / ms["upload"] * 1000, "download_mib_s": size / ms["download"] * 1000,
            "errors": 0 if ok else 1}
