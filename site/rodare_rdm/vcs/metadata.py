"""A release's metadata from the repository's own files (issue 24, item 2).

The first of these files present at the tag describes the release; what it leaves out comes
from the project (upstream's defaults: the project's name and the release as the title, the
release notes or the project's description, the contributors or the owner as creators, the
project's licence):

================  =================================================================
file              fields taken (RDM field)
================  =================================================================
``CITATION.cff``  ``title``, ``abstract`` (description), ``version``, ``authors``
                  (creators: names, ORCID, affiliation), ``license`` (rights),
                  ``keywords`` (subjects), ``date-released`` (publication date)
``.zenodo.json``  ``title``, ``description`` (HTML), ``version``, ``creators``
                  (``name`` "Family, Given", ``orcid``, ``affiliation``), ``license``,
                  ``keywords``, ``publication_date``
``codemeta.json`` ``name``, ``description``, ``version``, ``author`` (``givenName``,
                  ``familyName``/``name``, ``@id`` ORCID, ``affiliation``), ``license``
                  (SPDX id or URL), ``keywords``, ``datePublished``
================  =================================================================

Every file is the researcher's and therefore hostile: a file that is not YAML/JSON, a field
of the wrong shape, an ORCID that is none, a date that is none stops the release *before*
anything is made, with a message that names the file and the field
(:class:`ReleaseMetadataError`); descriptions go through the deposit form's HTML sanitiser,
plain-text abstracts are escaped first.
"""

import html
import json
import re
from datetime import date

import idutils
import yaml
from invenio_rdm_records.services.schemas.fields import SanitizedHTML
from invenio_rdm_records.services.vcs.metadata import RDMReleaseMetadata
from invenio_vcs.errors import CustomVCSReleaseNoRetryError

MAX_FILE = 256 * 1024
"""Larger metadata files are refused (a citation file is a few kilobytes)."""

MAX_TEXT = 10000
"""Longest title, name or keyword taken (descriptions: ten times that)."""


class ReleaseMetadataError(CustomVCSReleaseNoRetryError):
    """A metadata file the release cannot be made from; the message names file and field."""

    def __init__(self, file, field, problem):
        """``file: field: problem`` (upstream shows the message on the project's page)."""
        self.file, self.field = file, field
        self.message = f"{file}: {field}: {problem}" if field else f"{file}: {problem}"
        super().__init__(message=self.message)

    def __str__(self):
        """The message (upstream's task stores ``str(error)`` as the release's error)."""
        return self.message


class Reader:
    """Typed access to one parsed file, every refusal naming the file and the field."""

    def __init__(self, file):
        """Errors are reported against ``file``."""
        self.file = file

    def fail(self, field, problem):
        """Stop the release: the message names the file and the field."""
        raise ReleaseMetadataError(self.file, field, problem)

    def text(self, data, key, field=None, longest=MAX_TEXT):
        """A non-empty string (numbers, as YAML reads ``version: 1.0``, become text) or None."""
        field = field or key
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(field, "must be text")
        value = value.strip()
        if len(value) > longest:
            self.fail(field, f"is longer than {longest} characters")
        return value or None

    def items(self, data, key, field=None):
        """A list (a single value or a comma-separated string counts as a list) or []."""
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, dict):
            return [value]
        if not isinstance(value, list):
            self.fail(field or key, "must be a list")
        return value

    def keywords(self, data, key):
        """Subjects from a list of keywords."""
        subjects = []
        for n, keyword in enumerate(self.items(data, key)):
            value = self.text({"k": keyword}, "k", f"{key}[{n}]", longest=250)
            if value and {"subject": value} not in subjects:
                subjects.append({"subject": value})
        return subjects

    def orcid(self, value, field):
        """The bare ORCID iD of ``value`` (with or without https://orcid.org/)."""
        if value is None:
            return None
        if not isinstance(value, str) or not idutils.is_orcid(value.strip()):
            self.fail(field, "is not an ORCID iD (https://orcid.org/0000-0002-1825-0097)")
        return idutils.normalize_orcid(value.strip())

    def date(self, data, key):
        """An ISO date (YAML reads an unquoted one as a date already)."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, date):
            return value.isoformat()[:10]
        try:
            return date.fromisoformat(str(value).strip()[:10]).isoformat()
        except ValueError:
            return self.fail(key, "is not a date (YYYY-MM-DD)")

    def licenses(self, data, key):
        """Licence ids (SPDX), from strings, SPDX URLs or ``{"id": ...}``."""
        ids = []
        for n, entry in enumerate(self.items(data, key)):
            if isinstance(entry, dict):
                entry = entry.get("id") or entry.get("identifier")
            value = self.text({"l": entry}, "l", f"{key}[{n}]" if n else key, longest=200)
            if not value:
                continue
            value = re.sub(r"^https?://spdx\.org/licenses/", "", value).removesuffix(".html")
            if not re.fullmatch(r"[A-Za-z0-9.+-]+", value):
                self.fail(key, f"{value!r} is not an SPDX licence id (such as MIT or Apache-2.0)")
            ids.append(value)
        return ids

    def creator(self, given, family, name, orcid, affiliations, field):
        """An RDM creator: a person (family name known) or an organisation (name only)."""
        if family:
            person = {"type": "personal", "family_name": family}
            if given:
                person["given_name"] = given
        elif name:
            person = {"type": "organizational", "name": name}
        else:
            return self.fail(field, "needs a family name or a name")
        if orcid:
            if person["type"] != "personal":
                self.fail(field, "an ORCID iD belongs to a person (family and given names)")
            person["identifiers"] = [{"scheme": "orcid", "identifier": orcid}]
        creator = {"person_or_org": person}
        names = []
        for n, affiliation in enumerate(affiliations):
            if isinstance(affiliation, dict):
                affiliation = affiliation.get("name") or affiliation.get("legalName")
            value = self.text({"a": affiliation}, "a", f"{field}.affiliation[{n}]", longest=500)
            if value and value not in names:
                names.append(value)
        if names:
            creator["affiliations"] = [{"name": value} for value in names]
        return creator


def description_html(text, plain):
    """The deposit form's sanitiser over a description; plain text is escaped into HTML."""
    if plain:
        text = "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
    return SanitizedHTML()._deserialize(text, None, None) or None


def parse_yaml(file, text):
    """A YAML mapping; safe loading (no tags that run code)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ReleaseMetadataError(file, None, f"is not valid YAML ({_where(error)})") from None
    if not isinstance(data, dict):
        raise ReleaseMetadataError(file, None, "must be a mapping of fields")
    return data


def parse_json(file, text):
    """A JSON object."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ReleaseMetadataError(file, None, f"is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise ReleaseMetadataError(file, None, "must be a JSON object")
    return data


def _where(error):
    mark = getattr(error, "problem_mark", None)
    return f"line {mark.line + 1}" if mark else "unreadable"


def _drop_empty(metadata):
    return {key: value for key, value in metadata.items() if value}


def from_citation_cff(text, file="CITATION.cff"):
    """RDM metadata from a CITATION.cff (Citation File Format 1.2)."""
    data, read = parse_yaml(file, text), Reader(file)
    creators = []
    for n, author in enumerate(read.items(data, "authors")):
        field = f"authors[{n}]"
        if not isinstance(author, dict):
            read.fail(field, "must be a mapping (family-names, given-names, orcid, ...)")
        family = read.text(author, "family-names", f"{field}.family-names")
        particle = read.text(author, "name-particle", f"{field}.name-particle")
        creators.append(read.creator(
            read.text(author, "given-names", f"{field}.given-names"),
            f"{particle} {family}" if family and particle else family,
            read.text(author, "name", f"{field}.name"),
            read.orcid(author.get("orcid"), f"{field}.orcid"),
            read.items(author, "affiliation", f"{field}.affiliation"), field))
    abstract = read.text(data, "abstract", longest=10 * MAX_TEXT)
    return _drop_empty({
        "title": read.text(data, "title"),
        "description": abstract and description_html(abstract, plain=True),
        "version": read.text(data, "version", longest=191),
        "creators": creators,
        "licenses": read.licenses(data, "license"),
        "subjects": read.keywords(data, "keywords"),
        "publication_date": read.date(data, "date-released"),
    })


def from_zenodo_json(text, file=".zenodo.json"):
    """RDM metadata from a .zenodo.json (Zenodo's legacy deposit metadata)."""
    data, read = parse_json(file, text), Reader(file)
    creators = []
    for n, person in enumerate(read.items(data, "creators")):
        field = f"creators[{n}]"
        if not isinstance(person, dict):
            read.fail(field, "must be an object (name, orcid, affiliation)")
        name = read.text(person, "name", f"{field}.name")
        family, _, given = (name or "").partition(",")  # Zenodo writes "Family, Given"
        creators.append(read.creator(
            given.strip() or None, family.strip() or None, name,
            read.orcid(person.get("orcid"), f"{field}.orcid"),
            read.items(person, "affiliation", f"{field}.affiliation"), field))
    description = read.text(data, "description", longest=10 * MAX_TEXT)
    return _drop_empty({
        "title": read.text(data, "title"),
        "description": description and description_html(description, plain=False),
        "version": read.text(data, "version", longest=191),
        "creators": creators,
        "licenses": read.licenses(data, "license"),
        "subjects": read.keywords(data, "keywords"),
        "publication_date": read.date(data, "publication_date"),
    })


def from_codemeta(text, file="codemeta.json"):
    """RDM metadata from a codemeta.json (CodeMeta 2 or 3)."""
    data, read = parse_json(file, text), Reader(file)
    creators = []
    for n, person in enumerate(read.items(data, "author")):
        field = f"author[{n}]"
        if not isinstance(person, dict):
            read.fail(field, "must be an object (givenName, familyName, @id, affiliation)")
        orcid_url = person.get("@id") or person.get("id")
        orcid = read.orcid(orcid_url, f"{field}.@id") if isinstance(orcid_url, str) and \
            "orcid.org" in orcid_url else None
        is_org = "Organization" in str(person.get("@type") or person.get("type") or "")
        creators.append(read.creator(
            read.text(person, "givenName", f"{field}.givenName"),
            None if is_org else read.text(person, "familyName", f"{field}.familyName"),
            read.text(person, "name", f"{field}.name"),
            orcid, read.items(person, "affiliation", f"{field}.affiliation"), field))
    description = read.text(data, "description", longest=10 * MAX_TEXT)
    return _drop_empty({
        "title": read.text(data, "name"),
        "description": description and description_html(description, plain=True),
        "version": read.text(data, "version", longest=191),
        "creators": creators,
        "licenses": read.licenses(data, "license"),
        "subjects": read.keywords(data, "keywords"),
        "publication_date": read.date(data, "datePublished"),
    })


SOURCES = (("CITATION.cff", from_citation_cff), (".zenodo.json", from_zenodo_json),
           ("codemeta.json", from_codemeta))
"""The files a release's metadata comes from, in precedence order: the first present wins."""


def metadata_from_files(read_file):
    """``(file, metadata)`` of the first source present (``read_file(name)`` → text or None),
    or ``(None, {})``. Licences are ids still (``licenses``): the release maps them."""
    for name, parse in SOURCES:
        text = read_file(name)
        if text is not None:
            return name, parse(text, name)
    return None, {}


class RodareReleaseMetadata(RDMReleaseMetadata):
    """Upstream's defaults, overlaid by the first metadata file of the repository."""

    @property
    def citation_metadata(self):
        """The first source's metadata (upstream's hook reads one file through a schema only)."""
        release = self.rdm_release
        file, metadata = metadata_from_files(release.metadata_file)
        licenses = metadata.pop("licenses", [])
        if licenses:
            metadata["rights"] = [release.license_entry(spdx) for spdx in licenses]
        release.metadata_source = file
        return metadata
