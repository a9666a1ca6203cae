"""The DataCite REST client, pointed at a configurable URL and saying what went wrong.

Upstream's ``DataCiteClient`` talks to api.test.datacite.org or api.datacite.org only; ours
reads DATACITE_URL (the local DataCite of the embedded default, stack/standins/datacite.py,
or the real one). Its errors tell an outage (retry later) from a rejected payload (fix the
metadata):

| DataCite's answer                         | exception                    | retried |
|-------------------------------------------|------------------------------|---------|
| no connection, timeout, 5xx, 429          | :class:`DataCiteUnavailable` | yes     |
| 422 (invalid metadata, DOI taken, prefix) | :class:`DataCiteInvalid`     | no      |
| other 4xx                                 | upstream's ``DataCiteError`` | no      |
"""

import json

from datacite import DataCiteRESTClient
from datacite.errors import DataCiteRequestError, DataCiteServerError, HttpError
from datacite.request import DataCiteRequest
from flask import current_app
from invenio_rdm_records.services.pids.providers import DataCiteClient


class DataCiteUnavailable(DataCiteServerError):
    """DataCite could not be reached or failed (5xx, 429): try again later."""


class DataCiteInvalid(DataCiteRequestError):
    """DataCite rejected the payload (422); ``errors`` are DataCite's messages."""

    @property
    def errors(self):
        """DataCite's ``errors`` list (``source``, ``title``), or one with the raw text."""
        try:
            return json.loads(self.args[0])["errors"]
        except (ValueError, KeyError, TypeError, IndexError):
            return [{"title": str(self.args[0] if self.args else "")}]


class _Request(DataCiteRequest):
    """A request that raises the two errors above before the client reads the answer."""

    def request(self, url, method="GET", body=None, params=None, headers=None):
        """Send it; an outage or a 422 becomes an exception."""
        try:
            response = super().request(url, method=method, body=body, params=params,
                                       headers=headers)
        except HttpError as error:
            raise DataCiteUnavailable(f"DataCite unreachable: {error}") from error
        if response.status_code >= 500 or response.status_code == 429:
            raise DataCiteUnavailable(f"DataCite answered {response.status_code}: "
                                      f"{response.text[:500]}")
        if response.status_code == 422:
            raise DataCiteInvalid(response.text)
        return response


class RodareDataCiteRESTClient(DataCiteRESTClient):
    """The ``datacite`` package's client with the errors above."""

    def _create_request(self):
        return _Request(base_url=self.api_url, username=self.username,
                        password=self.password, timeout=self.timeout)


class RodareDataCiteClient(DataCiteClient):
    """Upstream's client configuration (DATACITE_*) plus DATACITE_URL and a timeout."""

    @property
    def api(self):
        """A REST client for the configured URL (built per use: the config may change)."""
        self.check_credentials()
        return RodareDataCiteRESTClient(
            self.cfg("username"), self.cfg("password"), self.cfg("prefix"),
            test_mode=False, url=self.cfg("url"),
            timeout=current_app.config["RODARE_DOI_DATACITE_TIMEOUT"],
        )
