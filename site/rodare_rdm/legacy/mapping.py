"""Legacy deposition metadata ↔ RDM draft data, as pure functions with field-named errors.

The deposit API (``deposits.py``) and the migration of legacy records (issue 22) both use
it, so it reads no request, no configuration and no database: what it needs from outside
(the default licence, the ROBIS page URL, the funder of a Crossref funder DOI, the languages
vocabulary's id of a language code) is passed in.

================================== ========================================================
legacy ``metadata`` field          RDM draft
================================== ========================================================
upload_type (+ publication_type,   ``metadata.resource_type.id`` (``tables.py``)
image_type)
title, description, version,       ``metadata.`` of the same name (the service sanitises the
publication_date                   description's HTML); the date defaults to today
creators, contributors             ``metadata.creators``/``contributors``: ``name`` "Family,
[{name, affiliation, orcid, gnd,   Given" → a person; ``affiliation`` → ``affiliations``
type}]                             [{name}]; ``orcid``/``gnd`` → identifiers; ``type`` → role
access_right, embargo_date,        ``custom_fields.rodare:access_level`` and the stock
access_conditions                  ``access`` it implies (``access/levels.py``); the date →
                                   ``access.embargo.until``; conditions (restricted only) →
                                   ``custom_fields.rodare:access_conditions``
license (id or {id})               ``metadata.rights`` [{id}], ids in lower case (default for
                                   open/embargoed uploads as legacy Zenodo's)
keywords                           ``metadata.subjects`` [{subject}] (free text)
dates, language, subjects,         ``metadata.dates``, ``languages``, ``subjects``,
references, locations              ``references``, ``locations`` (``descriptive.py``)
journal_*, conference_*, thesis_*, ``custom_fields.journal:journal``, ``meeting:meeting``,
partof_*, imprint_* (not           ``thesis:thesis``, ``imprint:imprint``; supervisors →
imprint_publisher)                 contributors (``bibliographic.py``)
related_identifiers [{identifier,  ``metadata.related_identifiers`` (scheme detected unless
relation, resource_type, scheme}]  given); ``isAlternateIdentifier`` → ``metadata.
                                   identifiers``; ``isIdenticalTo`` the ROBIS page → ``pub_id``
notes                              ``metadata.additional_descriptions`` of type ``other``
grants [{id}]                      ``metadata.funding`` [{funder, award {number, title}}]
communities [{identifier}]         ``Mapped.communities``: inclusion requests after publish
prereserve_doi, doi                ``Mapped.prereserve_doi``/``doi``: the DOI RODARE reserves
pub_id                             ``Mapped.pub_id``: the ROBIS id, once ROBIS confirms it
================================== ========================================================

``fields.py`` reads each legacy field, ``dumping.py`` (``to_legacy``) is the way back,
``tables.py`` holds the vocabularies. Anything else (an unknown field, a wrong type, a value
outside a vocabulary) raises
:class:`LegacyValidationError` listing every problem as ``{"field": "metadata.x",
"message": ...}``: nothing is dropped silently.
"""

from dataclasses import dataclass, field
from datetime import date

from invenio_i18n import lazy_gettext as _

from . import bibliographic, descriptive, fields, tables
from .dumping import to_legacy

__all__ = ("LegacyValidationError", "Mapped", "merge", "to_legacy", "to_rdm")


class LegacyValidationError(Exception):
    """Legacy input that cannot be mapped: ``errors`` is ``[{"field", "message"}]``."""

    def __init__(self, errors):
        """Keep the per-field errors."""
        super().__init__(errors)
        self.errors = errors


@dataclass
class Mapped:
    """The RDM draft data of a legacy deposition, and what is not draft data."""

    draft: dict
    communities: list = field(default_factory=list)
    prereserve_doi: bool = False
    doi: str = None
    pub_id: str = None


def to_rdm(metadata, default_license="cc-by-4.0", robis_url=tables.ROBIS_URL,
           resolve_funder=lambda doi: None, today=None, resolve_language=lambda code: code):
    """The RDM draft data of legacy ``metadata``; :class:`LegacyValidationError` if bad.

    ``resolve_funder(doi)`` gives the RDM funder id of a Crossref funder DOI (or None);
    ``resolve_language(code)`` the id of an ISO 639-3 code in the languages vocabulary (or
    None: then the language is refused).
    """
    errors = []
    if not isinstance(metadata, dict):
        raise LegacyValidationError([{"field": "metadata", "message": str(_("Not a valid object."))}])
    reader = fields.Reader(metadata, "metadata", errors)
    resource_type = fields.resource_type(reader)
    custom, access, rights = fields.access(reader, resource_type, default_license)
    related, alternate, robis_page = fields.related(reader, robis_url)
    rdm = {
        "resource_type": resource_type,
        "title": reader.get("title", str),
        "description": reader.get("description", str),
        "version": reader.get("version", str),
        "publication_date": fields.date_field(reader, "publication_date") or (today or date.today()).isoformat(),
        "creators": fields.people(reader, "creators"),
        "contributors": [*fields.people(reader, "contributors", role=True),
                         *bibliographic.supervisors(reader, fields.person)],
        "rights": rights,
        "subjects": [*({"subject": kw.strip()} for _i, kw in reader.items("keywords", str)),
                     *descriptive.subjects(reader)],
        "dates": descriptive.dates(reader),
        "languages": descriptive.language(reader, resolve_language),
        "references": descriptive.references(reader),
        "locations": descriptive.locations(reader),
        "related_identifiers": related,
        "identifiers": alternate,
        "funding": fields.grants(reader, resolve_funder),
    }
    notes = reader.get("notes", str)
    if notes:
        rdm["additional_descriptions"] = [{"description": notes, "type": {"id": tables.NOTES_TYPE}}]
    custom.update(bibliographic.custom_fields(reader))
    communities = fields.communities(reader)
    prereserve = reader.get("prereserve_doi", (bool, dict))
    doi = reader.get("doi", str)
    pub_id = fields.pub_id(reader, robis_page)
    reader.refuse_unknown()
    if errors:
        raise LegacyValidationError(errors)
    return Mapped(
        draft={"metadata": {k: v for k, v in rdm.items() if v not in (None, [])},
               "access": access, "custom_fields": custom},
        communities=communities, prereserve_doi=bool(prereserve), doi=doi and doi.strip(),
        pub_id=pub_id)


OWNED = ("resource_type", "title", "description", "version", "publication_date", "creators",
         "contributors", "rights", "related_identifiers", "identifiers", "funding")
"""The RDM metadata fields a legacy deposition sets entirely (subjects and additional
descriptions only in part: controlled subjects and other descriptions are kept). The fields
added for issue 22 (dates, languages, references, locations, the bibliographic
custom fields) are replaced when a PUT carries them and kept when it does not: clients written
before RODARE took them never send them."""


def merge(existing, mapped):
    """``existing`` draft data (a service result's dict) with ``mapped.draft`` applied.

    A legacy PUT replaces what the legacy fields hold and keeps the rest: the DOI, the HZDR
    fields and controlled subjects a depositor set in the form.
    """
    new = mapped.draft
    metadata = {k: v for k, v in (existing.get("metadata") or {}).items() if k not in OWNED}
    kept_subjects = [s for s in metadata.pop("subjects", []) if s.get("id")]
    kept_notes = [d for d in metadata.pop("additional_descriptions", [])
                  if (d.get("type") or {}).get("id") != tables.NOTES_TYPE]
    metadata.update(new["metadata"])
    subjects = [*kept_subjects, *new["metadata"].get("subjects", [])]
    notes = [*kept_notes, *new["metadata"].get("additional_descriptions", [])]
    for name, value in (("subjects", subjects), ("additional_descriptions", notes)):
        metadata.pop(name, None)
        if value:
            metadata[name] = value
    custom = {k: v for k, v in (existing.get("custom_fields") or {}).items()
              if k != tables.ACCESS_CONDITIONS}
    custom.update(new["custom_fields"])
    access = {**(existing.get("access") or {}), **new["access"]}
    return {**existing, "metadata": metadata, "custom_fields": custom, "access": access}
