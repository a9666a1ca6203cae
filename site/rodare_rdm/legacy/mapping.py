"""Legacy deposition metadata ↔ RDM draft data, as pure functions with field-named errors.

The deposit API (``deposits.py``) and the migration of legacy records (issue 22) both use
it, so it reads no request, no configuration and no database: what it needs from outside
(the default licence, the ROBIS page URL, the funder of a Crossref funder DOI) is passed in.

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
related_identifiers [{identifier,  ``metadata.related_identifiers`` (scheme detected unless
relation, resource_type, scheme}]  given); ``isAlternateIdentifier`` → ``metadata.
                                   identifiers``; ``isIdenticalTo`` the ROBIS page → ``pub_id``
notes                              ``metadata.additional_descriptions`` of type ``other``
grants [{id}]                      ``metadata.funding`` [{funder, award {number, title}}]
communities [{identifier}]         ``Mapped.communities``: inclusion requests after publish
prereserve_doi, doi                ``Mapped.prereserve_doi``/``doi``: the DOI RODARE reserves
pub_id                             ``Mapped.pub_id``: the ROBIS id, once ROBIS confirms it
================================== ========================================================

Anything else (an unknown field, a wrong type, a value outside a vocabulary) raises
:class:`LegacyValidationError` listing every problem as ``{"field": "metadata.x",
"message": ...}``: nothing is dropped silently.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import idutils
from invenio_i18n import lazy_gettext as _

from ..robis.lookup import robis_id
from . import tables

ROBIS_URL = "https://www.hzdr.de/publications/Publ-{id}"

ACCESS_LEVEL = "rodare:access_level"
ACCESS_CONDITIONS = "rodare:access_conditions"
NOTES_TYPE = "other"

SCHEMES = ("doi", "ark", "arxiv", "bibcode", "ean13", "eissn", "handle", "igsn", "isbn",
           "issn", "istc", "lissn", "lsid", "pmid", "purl", "upc", "urn", "w3id", "url")
"""RDM's related-identifier schemes, in the order detection prefers them (a DOI is a URL too)."""

ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


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


class _Reader:
    """Read fields of one JSON object, collecting an error per bad field."""

    def __init__(self, data, path, errors):
        self.data, self.path, self.errors, self.seen = data, path, errors, set()

    def fail(self, name, message):
        self.errors.append({"field": f"{self.path}.{name}" if name else self.path,
                            "message": str(message)})

    def get(self, name, kind, required=False):
        self.seen.add(name)
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, _("Missing data for required field."))
            return None
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            self.fail(name, _("Not a valid %(kind)s.", kind=_KINDS.get(kind, _("value"))))
            return None
        if kind is str and not value.strip():
            if required:
                self.fail(name, _("Missing data for required field."))
            return None
        return value

    def items(self, name, kind=dict):
        """The entries of a list field, with their paths; bad entries are reported."""
        for index, entry in enumerate(self.get(name, list) or []):
            if isinstance(entry, kind) and not isinstance(entry, bool):
                yield index, entry
            else:
                self.fail(f"{name}.{index}", _("Not a valid %(kind)s.", kind=_KINDS[kind]))

    def refuse_unknown(self):
        for name in sorted(set(self.data) - self.seen):
            self.fail(name, _("Unknown field: RODARE cannot store it."))


_KINDS = {str: _("string"), list: _("list"), dict: _("object"), bool: _("boolean")}


def _date(reader, name, required=False):
    value = reader.get(name, str, required)
    try:
        return value and date.fromisoformat(value).isoformat()
    except ValueError:
        reader.fail(name, _("Not a valid date (YYYY-MM-DD)."))


def _resource_type(reader):
    upload_type = reader.get("upload_type", str)
    subtypes = {kind: reader.get(f"{kind}_type", str) for kind in tables.SUBTYPED}
    for kind, subtype in subtypes.items():
        if subtype and upload_type != kind:
            reader.fail(f"{kind}_type", _("Only for upload_type %(type)s.", type=kind))
    if upload_type is None:
        return None
    if upload_type in tables.SUBTYPED:
        name = f"{upload_type}_type"
        subtype = subtypes[upload_type]
        if subtype is None:
            reader.fail(name, _("Missing data for required field."))
        elif subtype not in tables.SUBTYPED[upload_type]:
            reader.fail(name, _("Invalid %(name)s.", name=name))
        else:
            return {"id": f"{upload_type}-{tables.SUBTYPED[upload_type][subtype]}"}
        return None
    if upload_type not in tables.PLAIN_TYPES:
        reader.fail("upload_type", _("Invalid upload type."))
        return None
    return {"id": upload_type}


def _person(reader, entry, path, role=False):
    person = _Reader(entry, path, reader.errors)
    name = person.get("name", str, required=True)
    affiliation = person.get("affiliation", str)
    identifiers = []
    orcid = person.get("orcid", str)
    if orcid:
        match = ORCID.match(orcid.strip())
        if match:
            identifiers.append({"scheme": "orcid", "identifier": match.group(1)})
        else:
            person.fail("orcid", _("Not a valid ORCID iD."))
    gnd = person.get("gnd", str)
    if gnd:
        identifiers.append({"scheme": "gnd", "identifier": gnd.strip()})
    role_id = None
    if role:
        kind = person.get("type", str, required=True)
        role_id = kind and kind.lower()
        if kind and role_id not in tables.ROLES:
            person.fail("type", _("Invalid contributor type."))
    person.refuse_unknown()
    if not name:
        return None
    family, _comma, given = name.partition(",")
    who = {"type": "personal", "family_name": family.strip()}
    if given.strip():
        who["given_name"] = given.strip()
    if identifiers:
        who["identifiers"] = identifiers
    result = {"person_or_org": who}
    if affiliation:
        result["affiliations"] = [{"name": affiliation}]
    if role_id:
        result["role"] = {"id": role_id}
    return result


def _people(reader, name, role=False):
    people = [_person(reader, entry, f"{reader.path}.{name}.{index}", role)
              for index, entry in reader.items(name)]
    return [p for p in people if p]


def _scheme(identifier, given):
    if given:
        given = given.lower()
        valid = getattr(idutils, f"is_{given}", None)
        return given if given in SCHEMES and valid and valid(identifier) else None
    detected = set(idutils.detect_identifier_schemes(identifier))
    return next((s for s in SCHEMES if s in detected), None)


def _related(reader, robis_url):
    """(related identifiers, alternate identifiers, ROBIS id from isIdenticalTo its page)."""
    related, alternate, robis = [], [], None
    robis_page = re.compile("^" + re.escape(robis_url).replace(r"\{id\}", r"([1-9][0-9]*)") + "$")
    for index, entry in reader.items("related_identifiers"):
        item = _Reader(entry, f"{reader.path}.related_identifiers.{index}", reader.errors)
        identifier = item.get("identifier", str, required=True)
        relation = item.get("relation", str, required=True)
        kind = item.get("resource_type", str)
        given = item.get("scheme", str)
        item.refuse_unknown()
        if not identifier or not relation:
            continue
        identifier = identifier.strip()
        page = robis_page.match(identifier)
        if relation == "isIdenticalTo" and page:
            robis = page.group(1)
            continue
        scheme = _scheme(identifier, given)
        if scheme is None:
            item.fail("scheme" if given else "identifier", _("Unknown identifier scheme."))
            continue
        if relation in (tables.ALTERNATE, "isAlternativeIdentifier"):
            alternate.append({"identifier": identifier, "scheme": scheme})
            continue
        relation_id = tables.RELATION_TYPOS.get(relation.lower(), relation.lower())
        if relation_id not in tables.RELATIONS:
            item.fail("relation", _("Invalid relation type."))
            continue
        rdm = {"identifier": identifier, "scheme": scheme, "relation_type": {"id": relation_id}}
        if kind:
            rdm["resource_type"] = {"id": kind}
        related.append(rdm)
    return related, alternate, robis


def _access(reader, upload_type, default_licence):
    """(level custom fields, access, rights) from access_right and what belongs to it."""
    level = reader.get("access_right", str) or "open"
    if level not in ("open", "embargoed", "restricted", "closed"):
        reader.fail("access_right", _("Must be one of: open, embargoed, restricted, closed."))
        level = "open"
    until = _date(reader, "embargo_date", required=level == "embargoed")
    if until and level != "embargoed":
        reader.fail("embargo_date", _("Only for access_right embargoed."))
    conditions = reader.get("access_conditions", str)
    if conditions and level != "restricted":
        reader.fail("access_conditions", _("Only for access_right restricted."))
    custom = {ACCESS_LEVEL: level}
    if conditions and level == "restricted":
        custom[ACCESS_CONDITIONS] = conditions
    access = {"record": "public", "files": "public" if level == "open" else "restricted",
              "embargo": {"active": True, "until": until} if level == "embargoed" and until
              else {"active": False}}
    licence = reader.get("license", (str, dict))
    if isinstance(licence, dict):
        licence = licence.get("id") if isinstance(licence.get("id"), str) else None
        if licence is None:
            reader.fail("license", _("A licence is an id or an object with an id."))
    if licence is None and level in ("open", "embargoed"):
        licence = tables.DEFAULT_LICENCE.get((upload_type or {}).get("id"), default_licence)
    rights = []
    if licence:
        licence = licence.strip().lower()
        rights = [{"id": tables.LICENCE_ALIASES.get(licence, licence)}]
    return custom, access, rights


def _grants(reader, resolve_funder):
    funding = []
    for index, entry in reader.items("grants"):
        item = _Reader(entry, f"{reader.path}.grants.{index}", reader.errors)
        grant = item.get("id", str, required=True)
        item.refuse_unknown()
        if not grant:
            continue
        funder_doi, _sep, number = grant.rpartition("::")
        funder_doi = funder_doi or "10.13039/501100000780"  # bare ids are the EU's FP7 grants
        funder = resolve_funder(funder_doi)
        if not funder or not number:
            item.fail("id", _("Unknown funder or grant: %(id)s.", id=grant))
            continue
        funding.append({"funder": {"id": funder}, "award": {"number": number, "title": {"en": number}}})
    return funding


def _communities(reader):
    communities = []
    for index, entry in reader.items("communities"):
        item = _Reader(entry, f"{reader.path}.communities.{index}", reader.errors)
        identifier = item.get("identifier", str, required=True)
        item.refuse_unknown()
        if identifier:
            communities.append(identifier.strip())
    return communities


def to_rdm(metadata, default_license="cc-by-4.0", robis_url=ROBIS_URL,
           resolve_funder=lambda doi: None, today=None):
    """The RDM draft data of legacy ``metadata``; :class:`LegacyValidationError` if bad.

    ``resolve_funder(doi)`` gives the RDM funder id of a Crossref funder DOI (or None).
    """
    errors = []
    if not isinstance(metadata, dict):
        raise LegacyValidationError([{"field": "metadata", "message": str(_("Not a valid object."))}])
    reader = _Reader(metadata, "metadata", errors)
    resource_type = _resource_type(reader)
    custom, access, rights = _access(reader, resource_type, default_license)
    related, alternate, robis_page = _related(reader, robis_url)
    rdm = {
        "resource_type": resource_type,
        "title": reader.get("title", str),
        "description": reader.get("description", str),
        "version": reader.get("version", str),
        "publication_date": _date(reader, "publication_date") or (today or date.today()).isoformat(),
        "creators": _people(reader, "creators"),
        "contributors": _people(reader, "contributors", role=True),
        "rights": rights,
        "subjects": [{"subject": kw.strip()} for _i, kw in reader.items("keywords", str)],
        "related_identifiers": related,
        "identifiers": alternate,
        "funding": _grants(reader, resolve_funder),
    }
    notes = reader.get("notes", str)
    if notes:
        rdm["additional_descriptions"] = [{"description": notes, "type": {"id": NOTES_TYPE}}]
    communities = _communities(reader)
    prereserve = reader.get("prereserve_doi", (bool, dict))
    doi = reader.get("doi", str)
    pub_id = _pub_id(reader, robis_page)
    reader.refuse_unknown()
    if errors:
        raise LegacyValidationError(errors)
    return Mapped(
        draft={"metadata": {k: v for k, v in rdm.items() if v not in (None, [])},
               "access": access, "custom_fields": custom},
        communities=communities, prereserve_doi=bool(prereserve), doi=doi and doi.strip(),
        pub_id=pub_id)


def _pub_id(reader, from_page):
    sent = reader.data.get("pub_id")
    reader.seen.add("pub_id")
    if sent is None:
        return from_page
    value = robis_id(sent)
    if value is None:
        reader.fail("pub_id", _("A ROBIS publication id is a number such as 27151."))
    elif from_page and from_page != value:
        reader.fail("related_identifiers", _("The ROBIS page differs from pub_id."))
    return value


OWNED = ("resource_type", "title", "description", "version", "publication_date", "creators",
         "contributors", "rights", "related_identifiers", "identifiers", "funding")
"""The RDM metadata fields a legacy deposition sets entirely (subjects and additional
descriptions only in part: controlled subjects and other descriptions are kept)."""


def merge(existing, mapped):
    """``existing`` draft data (a service result's dict) with ``mapped.draft`` applied.

    A legacy PUT replaces what the legacy fields hold and keeps the rest: the DOI, the HZDR
    fields and controlled subjects a depositor set in the form.
    """
    new = mapped.draft
    metadata = {k: v for k, v in (existing.get("metadata") or {}).items() if k not in OWNED}
    kept_subjects = [s for s in metadata.pop("subjects", []) if s.get("id")]
    kept_notes = [d for d in metadata.pop("additional_descriptions", [])
                  if (d.get("type") or {}).get("id") != NOTES_TYPE]
    metadata.update(new["metadata"])
    subjects = [*kept_subjects, *new["metadata"].get("subjects", [])]
    notes = [*kept_notes, *new["metadata"].get("additional_descriptions", [])]
    for name, value in (("subjects", subjects), ("additional_descriptions", notes)):
        metadata.pop(name, None)
        if value:
            metadata[name] = value
    custom = {k: v for k, v in (existing.get("custom_fields") or {}).items()
              if k != ACCESS_CONDITIONS}
    custom.update(new["custom_fields"])
    access = {**(existing.get("access") or {}), **new["access"]}
    return {**existing, "metadata": metadata, "custom_fields": custom, "access": access}


def _person_out(entry, role=False):
    who = entry.get("person_or_org") or {}
    name = who.get("name") or ", ".join(
        p for p in (who.get("family_name"), who.get("given_name")) if p)
    out = {"name": name}
    affiliations = [a.get("name") for a in entry.get("affiliations") or [] if a.get("name")]
    if affiliations:
        out["affiliation"] = "; ".join(affiliations)
    for identifier in who.get("identifiers") or []:
        if identifier.get("scheme") in ("orcid", "gnd"):
            out[identifier["scheme"]] = identifier["identifier"]
    role_id = (entry.get("role") or {}).get("id")
    if role:
        out["type"] = tables.ROLES.get(role_id, "Other")
    return out


def _type_out(resource_type):
    kind, _dash, subtype = (resource_type or {}).get("id", "").partition("-")
    if not kind:
        return {}
    if kind in tables.SUBTYPED:
        back = {v: k for k, v in tables.SUBTYPED[kind].items()}
        return {"upload_type": kind, f"{kind}_type": back.get(subtype, "other")}
    return {"upload_type": kind}


def to_legacy(data, communities=(), robis_url=ROBIS_URL, funder_doi=lambda funder_id: None):
    """The legacy ``metadata`` of an RDM record or draft (its service dict).

    ``funder_doi(id)`` gives the Crossref funder DOI of an RDM funder (for ``grants``).
    ``communities`` are the identifiers (slugs) to list; the ROBIS id comes back as
    ``pub_id`` and as the ``isIdenticalTo`` link to its ROBIS page HERMES writes.
    """
    metadata = data.get("metadata") or {}
    custom = data.get("custom_fields") or {}
    access = data.get("access") or {}
    out = {**_type_out(metadata.get("resource_type"))}
    for name in ("title", "description", "version", "publication_date"):
        if metadata.get(name):
            out[name] = metadata[name]
    out["creators"] = [_person_out(c) for c in metadata.get("creators") or []]
    if metadata.get("contributors"):
        out["contributors"] = [_person_out(c, role=True) for c in metadata["contributors"]]
    level = custom.get(ACCESS_LEVEL) or ("embargoed" if (access.get("embargo") or {}).get("active")
                                         else "restricted" if access.get("files") == "restricted"
                                         else "open")
    out["access_right"] = level
    if level == "embargoed":
        out["embargo_date"] = (access.get("embargo") or {}).get("until")
    if level == "restricted" and custom.get(ACCESS_CONDITIONS):
        out["access_conditions"] = custom[ACCESS_CONDITIONS]
    rights = [r["id"] for r in metadata.get("rights") or [] if r.get("id")]
    if rights:
        out["license"] = rights[0]
    keywords = [s["subject"] for s in metadata.get("subjects") or [] if not s.get("id")]
    if keywords:
        out["keywords"] = keywords
    related = [{"identifier": r["identifier"], "scheme": r.get("scheme"),
                "relation": tables.RELATIONS.get((r.get("relation_type") or {}).get("id"), "references"),
                **({"resource_type": r["resource_type"]["id"]} if r.get("resource_type") else {})}
               for r in metadata.get("related_identifiers") or []]
    related += [{"identifier": i["identifier"], "scheme": i.get("scheme"),
                 "relation": tables.ALTERNATE} for i in metadata.get("identifiers") or []]
    robis = custom.get("hzdr:robis_id")
    if robis:
        out["pub_id"] = robis
        related.append({"identifier": robis_url.format(id=robis), "scheme": "url",
                        "relation": "isIdenticalTo"})
    if related:
        out["related_identifiers"] = related
    notes = [d["description"] for d in metadata.get("additional_descriptions") or []
             if (d.get("type") or {}).get("id") == NOTES_TYPE]
    if notes:
        out["notes"] = notes[0]
    grants = [_grant_out(f, funder_doi) for f in metadata.get("funding") or []]
    if any(grants):
        out["grants"] = [g for g in grants if g]
    if communities:
        out["communities"] = [{"identifier": c} for c in communities]
    doi = ((data.get("pids") or {}).get("doi") or {}).get("identifier")
    if doi:
        out["doi"] = doi
    return out


def _grant_out(funding, funder_doi):
    number = (funding.get("award") or {}).get("number")
    doi = funder_doi((funding.get("funder") or {}).get("id"))
    return {"id": f"{doi}::{number}"} if doi and number else None
