"""A local DataCite REST API: the embedded default's and the tests' DOI registration agency.

It speaks the part of https://support.datacite.org/reference that the ``datacite`` package's
``DataCiteRESTClient`` uses, as strictly as DataCite does:

| request                      | answer                                                        |
|------------------------------|---------------------------------------------------------------|
| ``POST /dois``               | 201 and the DOI; 422 if taken, not our prefix, or invalid     |
| ``PUT /dois/<doi>``          | 200; merges attributes (creates the DOI if it is new);        |
|                              | ``event`` publish → findable, register → registered,          |
|                              | hide → registered (findable only)                             |
| ``DELETE /dois/<doi>``       | 204 for a draft DOI, 405 otherwise, 404 if unknown            |
| ``GET /dois/<doi>``, ``/dois`` | the DOI / all DOIs (JSON:API)                               |

Writes need HTTP basic auth with the configured account (401 otherwise). A DOI that is or
becomes findable or registered must validate against the DataCite 4.5 JSON schema (the one
the ``datacite`` package ships; geoLocation coordinates as strings too, as DataCite documents
them) and have a URL; otherwise 422 with JSON:API errors
(``{"errors": [{"status": "422", "source": <field>, "title": <message>}]}``).

Every DOI is kept as ``<dir>/<prefix>/<suffix>.json`` (its attributes as DataCite would show
them) and every write request is appended to ``<dir>/requests.jsonl``, so a developer can see
what RODARE sent. ``POST /_faults`` with ``{"status": 503, "count": 2}`` makes the next
``count`` requests to ``/dois`` fail with that status (outage drills; local only).

    python -m stack.standins.datacite --port 55030 --dir .rodare/datacite --prefix 10.5072 \
        --username RODARE.LOCAL --password secret
"""

import argparse
import base64
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from datacite import schema45

API_ONLY = {"doi", "prefix", "suffix", "event", "url"}
"""Attributes of the REST API that are not DataCite metadata properties."""

BOOKKEEPING = {"state", "created", "updated", "registered", "published"}
"""Attributes the server sets; a client cannot."""

EVENT_STATE = {"publish": "findable", "register": "registered", "hide": "registered"}


def _now():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


COORDINATES = ("pointLatitude", "pointLongitude", "westBoundLongitude", "eastBoundLongitude",
               "southBoundLatitude", "northBoundLatitude")
"""GeoLocation numbers: DataCite's REST API documents them as strings ("51.06") and keeps
numbers too (datacite/datacite#2062, datacite/lupo#1191); the ``datacite`` package's JSON
schema types them as numbers only. Upstream's serializer sends strings."""


def _as_numbers(value):
    """``value`` with numeric coordinate strings as numbers; other strings stay (and fail)."""
    if isinstance(value, list):
        return [_as_numbers(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in COORDINATES and isinstance(item, str):
            try:
                item = float(item)
            except ValueError:
                pass
        out[key] = _as_numbers(item)
    return out


def schema_errors(attributes):
    """DataCite-style errors of metadata that does not validate against schema 4.5."""
    metadata = {k: v for k, v in attributes.items() if k not in BOOKKEEPING}
    if "geoLocations" in metadata:
        metadata["geoLocations"] = _as_numbers(metadata["geoLocations"])
    errors = []
    for error in sorted(schema45.validator.iter_errors(metadata), key=lambda e: list(e.path)):
        source = "/".join(str(p) for p in error.absolute_path) or "metadata"
        errors.append({"status": "422", "source": source, "title": error.message})
    if not attributes.get("url"):
        errors.append({"status": "422", "source": "url", "title": "Can't be blank"})
    return errors


class Registry:
    """The DOIs of one DataCite account, kept on disk."""

    def __init__(self, folder, prefix, username, password):
        """Load what an earlier run stored."""
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix, self.username, self.password = prefix, username, password
        self.lock = threading.Lock()
        self.faults = {"status": None, "count": 0}
        self.dois = {}
        for path in self.folder.glob("*/*.json"):
            attributes = json.loads(path.read_text())
            self.dois[attributes["doi"]] = attributes

    def path(self, doi):
        """Where a DOI's attributes are kept."""
        prefix, suffix = doi.split("/", 1)
        return self.folder / prefix / (suffix.replace("/", "_") + ".json")

    def save(self, attributes):
        """Keep a DOI (a readable file per DOI)."""
        self.dois[attributes["doi"]] = attributes
        path = self.path(attributes["doi"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(attributes, indent=2, ensure_ascii=False) + "\n")

    def log(self, method, path, status, body):
        """Append one write request to requests.jsonl."""
        entry = {"time": _now(), "method": method, "path": path, "status": status, "body": body}
        with open(self.folder / "requests.jsonl", "a") as log:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def write(self, doi, attributes, create):
        """Create or update a DOI; returns (status, attributes or errors)."""
        doi = doi.lower()
        if not doi.startswith(self.prefix + "/"):
            return 422, [{"status": "422", "source": "doi",
                          "title": f"This DOI's prefix is not one of this account's ({self.prefix})"}]
        existing = self.dois.get(doi)
        if create and existing:
            return 422, [{"status": "422", "source": "doi", "title": "This DOI has already been taken"}]
        event = attributes.get("event")
        if event is not None and event not in EVENT_STATE:
            return 422, [{"status": "422", "source": "event", "title": f"Unknown event {event!r}"}]
        merged = {**(existing or {"state": "draft", "created": _now()}),
                  **{k: v for k, v in attributes.items() if k not in BOOKKEEPING | {"event"}}}
        merged["doi"] = doi
        merged["prefix"], merged["suffix"] = doi.split("/", 1)
        if event:
            merged["state"] = EVENT_STATE[event]
        if merged["state"] != "draft":
            errors = schema_errors({k: v for k, v in merged.items() if k not in ("suffix",)})
            if errors:
                return 422, errors
            merged.setdefault("registered", _now())
        merged["updated"] = _now()
        self.save(merged)
        return (201 if not existing else 200), merged


class Handler(BaseHTTPRequestHandler):
    """One HTTP request."""

    server_version = "rodare-datacite/1.0"
    registry = None  # set by serve()

    def log_message(self, fmt, *args):
        print(f"{self.command} {self.path} {fmt % args}", flush=True)

    def _send(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/vnd.api+json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status, title, source=None):
        error = {"status": str(status), "title": title}
        if source:
            error["source"] = source
        self._send(status, {"errors": [error]})

    def _route(self):
        parts = [unquote(p) for p in urlsplit(self.path).path.strip("/").split("/", 1)]
        return parts[0], (parts[1] if len(parts) > 1 else None)

    def _authorised(self):
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            except ValueError:
                return False
            reg = self.registry
            return (user, password) == (reg.username, reg.password)
        return False

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    def _fault(self):
        """Answer with the injected status, if an outage drill is running."""
        faults = self.registry.faults
        with self.registry.lock:
            if faults["count"] > 0:
                faults["count"] -= 1
                status = faults["status"]
            else:
                return False
        if self.command in ("POST", "PUT", "DELETE"):
            self._body()
        self._error(status, "Service Unavailable (injected by POST /_faults)")
        return True

    @staticmethod
    def _resource(attributes):
        return {"id": attributes["doi"], "type": "dois", "attributes": attributes,
                "relationships": {"client": {"data": {"id": "rodare.local", "type": "clients"}}}}

    def do_GET(self):
        """Read one DOI, or list them all."""
        collection, doi = self._route()
        if collection != "dois":
            return self._error(404, "The resource you are looking for doesn't exist.")
        if self._fault():
            return
        if doi is None:
            dois = sorted(self.registry.dois.values(), key=lambda a: a["doi"])
            return self._send(200, {"data": [self._resource(a) for a in dois],
                                    "meta": {"total": len(dois)}})
        attributes = self.registry.dois.get(doi.lower())
        if attributes is None:
            return self._error(404, "The resource you are looking for doesn't exist.")
        self._send(200, {"data": self._resource(attributes)})

    def _write(self, create):
        collection, doi = self._route()
        if collection == "_faults" and create:
            body = self._body() or {}
            self.registry.faults = {"status": int(body.get("status", 503)),
                                    "count": int(body.get("count", 1))}
            return self._send(200, {"faults": self.registry.faults})
        if collection != "dois" or (create and doi) or (not create and not doi):
            return self._error(404, "The resource you are looking for doesn't exist.")
        if self._fault():
            return
        if not self._authorised():
            self._body()
            return self._error(401, "Bad credentials.")
        body = self._body()
        data = (body or {}).get("data")
        if not isinstance(data, dict) or not isinstance(data.get("attributes", {}), dict):
            self.registry.log(self.command, self.path, 400, body)
            return self._error(400, "You need to provide a payload following the JSONAPI spec")
        attributes = dict(data.get("attributes") or {})
        if create:
            doi = attributes.get("doi") or (
                f"{attributes['prefix']}/{attributes['suffix']}"
                if attributes.get("prefix") and attributes.get("suffix") else None)
            if not doi:
                self.registry.log(self.command, self.path, 422, body)
                return self._error(422, "Can't be blank", source="doi")
        with self.registry.lock:
            status, result = self.registry.write(doi, attributes, create)
        self.registry.log(self.command, self.path, status, body)
        if status == 422:
            return self._send(422, {"errors": result})
        if create:
            status = 201
        self._send(status if create else 200, {"data": self._resource(result)})

    def do_POST(self):
        """Create a DOI (or set an outage drill)."""
        self._write(create=True)

    def do_PUT(self):
        """Update (or create) a DOI; events publish/register/hide change its state."""
        self._write(create=False)

    def do_DELETE(self):
        """Delete a draft DOI."""
        collection, doi = self._route()
        if collection != "dois" or not doi:
            return self._error(404, "The resource you are looking for doesn't exist.")
        if self._fault():
            return
        if not self._authorised():
            return self._error(401, "Bad credentials.")
        reg = self.registry
        with reg.lock:
            attributes = reg.dois.get(doi.lower())
            if attributes is None:
                status = 404
            elif attributes["state"] != "draft":
                status = 405
            else:
                del reg.dois[doi.lower()]
                reg.path(doi.lower()).unlink(missing_ok=True)
                status = 204
        reg.log("DELETE", self.path, status, None)
        if status == 204:
            return self._send(204)
        if status == 405:
            return self._error(405, "This DOI is not a draft and can't be deleted.")
        self._error(404, "The resource you are looking for doesn't exist.")


def make_server(port, folder, prefix, username, password):
    """An HTTP server on 127.0.0.1:port (port 0: any free port) with its registry."""
    handler = type("BoundHandler", (Handler,), {
        "registry": Registry(folder, prefix.lower(), username, password)})
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def main():
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    server = make_server(args.port, args.dir, args.prefix, args.username, args.password)
    print(f"DataCite API on http://127.0.0.1:{server.server_port}/ for prefix {args.prefix},"
          f" keeping DOIs in {args.dir}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
