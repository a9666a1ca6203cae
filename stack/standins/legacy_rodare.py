"""A local legacy RODARE (the Zenodo fork on Invenio 3 that RODARE-RDM replaces), serving a
dump folder (``legacy_corpus.py``) over the REST API the migration reads.

| request                                        | answer                                        |
|------------------------------------------------|-----------------------------------------------|
| ``GET /api/records/?q=&page=&size=``           | ``{"hits": {"hits", "total"}, "links"}``;     |
|                                                | published versions, by id; ``q`` empty or     |
|                                                | ``updated:[<ISO date> TO *]``                 |
| ``GET /api/records/<id>``                      | the record JSON; 410 for a deleted version    |
| ``GET /api/deposit/depositions?q=&page=&size=``| a JSON list (legacy API), ``Link: rel=next``; |
|                                                | all depositions for the admin token, a        |
|                                                | user's own for a user token; 401 without      |
| ``GET /api/deposit/depositions/<id>``          | the deposition; 403 if not yours              |
| ``GET /api/files/<bucket>/<key>``              | the bytes, ``Content-MD5``-style ETag;        |
|                                                | open (or ended embargo) for anyone, else      |
|                                                | the admin and the owner                       |

Tokens go as ``Authorization: Bearer <token>`` or ``?access_token=``, as legacy Zenodo took
them; an unknown token is a 401, a bad ``page``/``size``/``q`` a 400 (``size`` at most 1000).
Without a token, files of records that are not open are left out of the record JSON, as
legacy Zenodo does. Links in the dump name ``https://rodare.hzdr.de``; they are served under
the stand-in's own address, so a client follows them here.

    python -m stack.standins.legacy_rodare --port 55070 --dump .rodare/legacy-dump \
        --token-file .rodare/legacy-admin-token [--write-corpus]
"""

import argparse
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

from flask import Flask, Response, abort, jsonify, request, send_file

from . import legacy_corpus

UPDATED = re.compile(r"^updated:\[(\S+) TO \*\]$")
MAX_SIZE = 1000


class Dump:
    """The dump folder, re-read when a file changes (the tests edit it for a delta)."""

    def __init__(self, folder):
        """Read ``folder`` lazily."""
        self.folder = Path(folder)
        self._cache = {}

    def manifest(self):
        """The manifest (users, tokens, ids)."""
        return self._load(self.folder / "manifest.json")

    def _load(self, path):
        stamp = path.stat().st_mtime_ns
        cached = self._cache.get(path)
        if cached is None or cached[0] != stamp:
            cached = (stamp, json.loads(path.read_text()))
            self._cache[path] = cached
        return cached[1]

    def entries(self):
        """Every entry ``{"deposit", "record", "stats"}``, by id."""
        paths = sorted((self.folder / "records").glob("*.json"), key=lambda p: int(p.stem))
        return [self._load(p) for p in paths]

    def entry(self, recid):
        """One entry, or None."""
        path = self.folder / "records" / f"{recid}.json"
        return self._load(path) if recid.isdigit() and path.exists() else None


def files_open(deposit, today=None):
    """Whether anyone may download the files (open, or an embargo that has ended)."""
    meta = deposit["metadata"]
    if meta["access_right"] == "open":
        return True
    return (meta["access_right"] == "embargoed"
            and date.fromisoformat(meta["embargo_date"]) <= (today or date.today()))


def create_app(folder, admin_token):
    """The stand-in's web application."""
    app = Flask("legacy_rodare")
    dump = Dump(folder)

    def who():
        """``"admin"``, a user id, or None; 401 for an unknown token."""
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.startswith("Bearer ") else request.args.get("access_token")
        if not token:
            return None
        if token == admin_token:
            return "admin"
        for user in dump.manifest()["users"]:
            if any(t["token"] == token for t in user["tokens"]):
                return user["id"]
        abort(401)

    def here(data):
        """The JSON with the dump's links under this server's address."""
        root = request.host_url.rstrip("/")
        return json.loads(json.dumps(data).replace(legacy_corpus.SITE, root))

    def paging():
        try:
            page, size = int(request.args.get("page", 1)), int(request.args.get("size", 10))
        except ValueError:
            abort(400, "page and size are integers")
        if page < 1 or not 1 <= size <= MAX_SIZE:
            abort(400, f"page >= 1 and 1 <= size <= {MAX_SIZE}")
        query = request.args.get("q", "").strip()
        since = None
        if query:
            match = UPDATED.match(query)
            if not match:
                abort(400, "this stand-in understands q=updated:[<date> TO *] only")
            try:
                since = datetime.fromisoformat(match.group(1).replace("Z", "+00:00"))
            except ValueError:
                abort(400, "not an ISO date in q")
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
        return page, size, since

    def newer(updated, since):
        return since is None or datetime.fromisoformat(updated) >= since

    def visible_record(entry, user):
        record = dict(entry["record"])
        if user != "admin" and user != entry["deposit"]["owner"] and not files_open(entry["deposit"]):
            record["files"] = []
        return record

    def next_link(page, size, total):
        if page * size >= total:
            return None
        args = {**request.args.to_dict(), "page": page + 1, "size": size}
        query = "&".join(f"{k}={v}" for k, v in args.items())
        return f"{request.base_url}?{query}"

    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(410)
    def problem(error):
        message = {410: "PID has been deleted."}.get(error.code, error.description)
        return jsonify({"status": error.code, "message": message}), error.code

    @app.get("/api/records/")
    def records():
        user = who()
        page, size, since = paging()
        hits = [visible_record(e, user) for e in dump.entries()
                if e["record"] and newer(e["record"]["updated"], since)]
        chunk = hits[(page - 1) * size:page * size]
        links = {"self": request.url}
        if link := next_link(page, size, len(hits)):
            links["next"] = link
        return jsonify(here({"hits": {"hits": chunk, "total": len(hits)}, "links": links,
                             "aggregations": {}}))

    @app.get("/api/records/<recid>")
    def record(recid):
        user = who()
        entry = dump.entry(recid)
        if entry is None:
            abort(404, "PID does not exist.")
        if entry["record"] is None:
            abort(410)
        return jsonify(here(visible_record(entry, user)))

    @app.get("/api/deposit/depositions")
    def depositions():
        user = who()
        if user is None:
            abort(401, "The server could not verify that you are authorized to access the URL requested.")
        page, size, since = paging()
        mine = [e["deposit"] for e in dump.entries()
                if (user == "admin" or e["deposit"]["owner"] == user)
                and newer(e["deposit"]["modified"], since)]
        chunk = mine[(page - 1) * size:page * size]
        response = jsonify(here(chunk))
        if link := next_link(page, size, len(mine)):
            response.headers["Link"] = f'<{link}>; rel="next"'
        return response

    @app.get("/api/deposit/depositions/<recid>")
    def deposition(recid):
        user = who()
        if user is None:
            abort(401, "The server could not verify that you are authorized to access the URL requested.")
        entry = dump.entry(recid)
        if entry is None:
            abort(404, "PID does not exist.")
        if user != "admin" and entry["deposit"]["owner"] != user:
            abort(403, "You do not have permission to access this deposition.")
        return jsonify(here(entry["deposit"]))

    @app.get("/api/files/<bucket>/<path:key>")
    def download(bucket, key):
        user = who()
        recid = bucket.split("-")[0].lstrip("0")
        entry = dump.entry(recid) if recid else None
        if entry is None or entry["deposit"]["links"]["bucket"].rsplit("/", 1)[1] != bucket:
            abort(404, "Bucket does not exist.")
        path = dump.folder / "files" / recid / key
        if "/" in key or not path.is_file():
            abort(404, "Object does not exist.")
        if user != "admin" and user != entry["deposit"]["owner"] and not files_open(entry["deposit"]):
            abort(403 if user else 401, "You do not have permission to download this file.")
        checksum = next(f["checksum"] for f in entry["deposit"]["files"] if f["filename"] == key)
        response = send_file(path, mimetype="application/octet-stream", etag=False)
        response.headers["ETag"] = f'"md5:{checksum}"'
        return response

    @app.get("/")
    def index():
        return Response("legacy RODARE stand-in\n", mimetype="text/plain")

    return app


def main():
    """Serve until killed; with ``--write-corpus`` first write the fixture corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dump", required=True)
    parser.add_argument("--token-file", required=True, help="file holding the admin token")
    parser.add_argument("--write-corpus", action="store_true")
    parser.add_argument("--prefix", default=legacy_corpus.PREFIX)
    args = parser.parse_args()
    if args.write_corpus:
        legacy_corpus.write_dump(args.dump, args.prefix)
    app = create_app(args.dump, Path(args.token_file).read_text().strip())
    print(f"legacy RODARE stand-in on http://127.0.0.1:{args.port}", flush=True)
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()
