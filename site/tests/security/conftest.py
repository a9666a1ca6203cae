"""The XSS corpus and a check for live payloads in served HTML.

Every payload either sets ``window.__xss`` or calls ``alert``: if a browser ran it, the e2e
suite (tests/e2e/test_xss.py) would see it. Here, without a browser, :func:`live_payloads`
parses the HTML as a browser would tokenise it and reports every element a payload created.
"""

import json
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from flask import current_app
from invenio_communities.proxies import current_communities
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

from rodare_rdm.access.levels import CONDITIONS_FIELD

CORPUS = json.loads((Path(__file__).resolve().parents[3] / "tests" / "xss-corpus.json").read_text())
"""Script, event handler, ``javascript:`` URL, SVG, entity-encoded and attribute break-out
(one list for these tests and tests/e2e/test_xss.py)."""

HOSTILE_CONDITIONS = "Ask <img src=x onerror=alert(1)> <script>alert(2)</script>"
"""The value of the report (issue 19, item 1)."""

_URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "content", "srcdoc"}
_JS_TYPES = {"", "text/javascript", "module", "application/javascript"}


def _payload_code(text):
    """Whether ``text`` is code from the corpus (not, say, JSON that quotes it)."""
    text = "".join(text.split()).lower()
    return "__xss=" in text or "alert(" in text


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._script = [], None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            compact = "".join(value.split()).lower()
            if name.startswith("on") and _payload_code(value):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name in _URL_ATTRS and _payload_code(value) and (
                    compact.startswith("javascript:") or name == "srcdoc" or "url=javascript:" in compact):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = (dict(attrs).get("type") or "").lower()
            self._script = [] if kind in _JS_TYPES else None

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            code = "".join(self._script).strip()
            # a payload's own script element holds nothing but the payload's code
            if code.startswith(("window.__xss", "alert(", "parent.__xss")):
                self.found.append(f"<script>{code}</script>")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def _live_payloads(html):
    """Elements in ``html`` that a corpus payload created: what a browser would run."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


@pytest.fixture
def xss_corpus():
    """The payloads, one per kind."""
    return list(CORPUS)


@pytest.fixture
def hostile_text():
    """All payloads in one free-text value."""
    return " ".join(CORPUS)


@pytest.fixture
def live_payloads():
    """The check: ``live_payloads(html)`` lists the elements a payload created."""
    return _live_payloads


@pytest.fixture
def hostile_conditions():
    """The access conditions of the report."""
    return HOSTILE_CONDITIONS


@pytest.fixture
def publish_restricted(running_app, people, minimal_record, png, custom_field_mappings):
    """Publish a restricted record of the owner with ``image.png`` (so the files box, where
    the conditions show, is on its landing page); ``metadata`` and ``custom_fields`` add to
    the minimal record's."""

    def _publish(conditions, metadata=None, custom_fields=None):
        owner = people["owner"].identity
        draft = records_service.create(owner, {
            **minimal_record,
            "files": {"enabled": True},
            "access": {"record": "public", "files": "restricted"},
            "metadata": {**minimal_record["metadata"], **(metadata or {})},
            "custom_fields": {"rodare:access_level": "restricted", CONDITIONS_FIELD: conditions,
                              **(custom_fields or {})},
        })
        files = records_service.draft_files
        files.init_files(owner, draft.id, [{"key": "image.png"}])
        files.set_file_content(owner, draft.id, "image.png", BytesIO(png(16, 16)))
        files.commit_file(owner, draft.id, "image.png")
        record = records_service.publish(owner, draft.id)
        records_service.indexer.refresh()
        return record

    return _publish


@pytest.fixture
def community(running_app, people):
    """A public community that the community owner runs."""
    return current_communities.service.create(
        people["community-owner"].identity,
        {"access": {"visibility": "public"}, "slug": "xss-review",
         "metadata": {"title": "Review community"}},
    )


@pytest.fixture
def outbox(app):
    """E-mails sent while the test runs (Flask-Mail records them, sending is suppressed)."""
    with current_app.extensions["mail"].record_messages() as messages:
        yield messages
