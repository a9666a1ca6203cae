"""Where the legacy records come from: the old RODARE's REST API, or a dump folder of it.

Both give the same things in the same shapes (``stack/standins/legacy_corpus.py`` documents
the dump), so the importer does not know which it reads:

=============================== ============================== ==============================
                                ``HttpSource`` (``--source``   ``DumpSource`` (``--source``
                                URL, ``--token``)              folder)
=============================== ============================== ==============================
depositions, oldest id first    ``/api/deposit/depositions``,  ``records/<id>.json``
(``since``: changed since)      paged, ``q=updated:[d TO *]``  ``deposit.modified``
a version's record JSON         ``/api/records/<id>``, None    ``record`` (null if deleted)
                                on 410 (deleted)
a file's bytes                  its ``links.download``         ``files/<id>/<key>``
accounts (id, e-mail, tokens)   ``--users`` (a JSON export of  ``manifest.json`` ``users``
                                the old accounts table)
=============================== ============================== ==============================
"""

import json
from datetime import datetime
from pathlib import Path

import requests


class SourceError(Exception):
    """The old RODARE (or the dump) did not give what the migration needs."""


def _since_ok(modified, since):
    return since is None or datetime.fromisoformat(modified) >= since


class HttpSource:
    """The old RODARE's REST API, with an administrator's token."""

    def __init__(self, url, token=None, page_size=100, timeout=(10, 300)):
        """``url``: the site root (``https://rodare.hzdr.de``)."""
        self.url, self.page_size, self.timeout = url.rstrip("/"), page_size, timeout
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["Accept"] = "application/json"

    def _get(self, url, **params):
        try:
            response = self.session.get(url, params=params or None, timeout=self.timeout)
        except requests.RequestException as error:
            raise SourceError(f"{url}: {error}") from error
        return response

    def depositions(self, since=None):
        """Every deposition (changed since ``since``), page by page."""
        params = {"size": self.page_size, "page": 1}
        if since:
            params["q"] = f"updated:[{since.isoformat()} TO *]"
        url = f"{self.url}/api/deposit/depositions"
        while url:
            response = self._get(url, **params)
            if response.status_code != 200:
                raise SourceError(f"{url}: HTTP {response.status_code} {response.text[:200]}")
            yield from response.json()
            url, params = response.links.get("next", {}).get("url"), {}

    def record(self, recid):
        """The record JSON of a version; None if the old RODARE deleted it (410)."""
        response = self._get(f"{self.url}/api/records/{recid}")
        if response.status_code == 410:
            return None
        if response.status_code != 200:
            raise SourceError(f"record {recid}: HTTP {response.status_code} {response.text[:200]}")
        return response.json()

    def open_file(self, deposit, entry):
        """A file-like object of a deposition file's bytes."""
        try:
            response = self.session.get(entry["links"]["download"], stream=True, timeout=self.timeout)
        except requests.RequestException as error:
            raise SourceError(f"{entry['filename']}: {error}") from error
        if response.status_code != 200:
            raise SourceError(f"{entry['filename']}: HTTP {response.status_code}")
        response.raw.decode_content = True
        return response.raw

    def users(self):
        """The HTTP API gives no accounts: they come from ``--users``."""
        return []


class DumpSource:
    """A dump folder: the same JSON and files, for a cut-over without network between them."""

    def __init__(self, folder):
        """``folder``: holds ``manifest.json``, ``records/`` and ``files/``."""
        self.folder = Path(folder)
        manifest = self.folder / "manifest.json"
        if not manifest.is_file():
            raise SourceError(f"{folder}: no manifest.json, not a legacy RODARE dump")
        self.manifest = json.loads(manifest.read_text())

    def _entries(self):
        paths = sorted((self.folder / "records").glob("*.json"), key=lambda p: int(p.stem))
        for path in paths:
            yield json.loads(path.read_text())

    def depositions(self, since=None):
        """Every deposition (changed since ``since``), by id."""
        for entry in self._entries():
            if _since_ok(entry["deposit"]["modified"], since):
                yield entry["deposit"]

    def record(self, recid):
        """The record JSON of a version; None if deleted."""
        path = self.folder / "records" / f"{recid}.json"
        if not path.is_file():
            raise SourceError(f"record {recid}: not in the dump")
        return json.loads(path.read_text())["record"]

    def open_file(self, deposit, entry):
        """The file in ``files/<id>/<key>``."""
        path = self.folder / "files" / str(deposit["record_id"]) / entry["filename"]
        if not path.is_file():
            raise SourceError(f"{path}: missing from the dump")
        return path.open("rb")

    def users(self):
        """The accounts of the manifest."""
        return self.manifest.get("users", [])


def open_source(source, token=None, page_size=100, timeout=(10, 300)):
    """An ``HttpSource`` for a URL, a ``DumpSource`` for a folder."""
    if source.startswith(("http://", "https://")):
        return HttpSource(source, token, page_size, timeout)
    return DumpSource(source)


def read_users(path):
    """Accounts from a JSON file: a list, or an object with ``users`` (a dump manifest)."""
    data = json.loads(Path(path).read_text())
    return data["users"] if isinstance(data, dict) else data
