"""Readers of the legacy metadata fields, one function per field (or group): each returns the
RDM value and appends ``{"field", "message"}`` to the reader's errors for what is wrong.

``mapping.to_rdm`` calls them in turn and raises once with every error.
"""

import re
from datetime import date

import idutils
from invenio_i18n import lazy_gettext as _

from ..robis.lookup import robis_id
from . import tables

SCHEMES = ("doi", "ark", "arxiv", "bibcode", "ean13", "eissn", "handle", "igsn", "isbn",
           "issn", "istc", "lissn", "lsid", "pmid", "purl", "upc", "urn", "w3id", "url")
"""RDM's related-identifier schemes, in the order detection prefers them (a DOI is a URL too)."""

ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


class Reader:
    """Read fields of one JSON object, collecting an error per bad field."""

    def __init__(self, data, path, errors):
        """Read ``data`` (an object at ``path``), appending problems to ``errors``."""
        self.data, self.path, self.errors, self.seen = data, path, errors, set()

    def fail(self, name, message):
        """Report ``message`` on the field ``name`` (the object itself if empty)."""
        self.errors.append({"field": f"{self.path}.{name}" if name else self.path,
                            "message": str(message)})

    def get(self, name, kind, required=False):
        """The field's value if it is of ``kind`` (a type or tuple); None (and an error) if not."""
        self.seen.add(name)
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, _("Missing data for required field."))
            return None
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            self.fail(name, _("Not a valid %(kind)s.", kind=KINDS.get(kind, _("value"))))
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
                self.fail(f"{name}.{index}", _("Not a valid %(kind)s.", kind=KINDS[kind]))

    def refuse_unknown(self):
        """Report every field no reader asked for: nothing is dropped silently."""
        for name in sorted(set(self.data) - self.seen):
            self.fail(name, _("Unknown field: RODARE cannot store it."))


KINDS = {str: _("string"), list: _("list"), dict: _("object"), bool: _("boolean")}


def date_field(reader, name, required=False):
    """An ISO date (YYYY-MM-DD), as legacy Zenodo took it."""
    value = reader.get(name, str, required)
    try:
        return value and date.fromisoformat(value).isoformat()
    except ValueError:
        reader.fail(name, _("Not a valid date (YYYY-MM-DD)."))


def resource_type(reader):
    """``upload_type`` and its subtype as an RDM resource type (``tables.py``)."""
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


def person(reader, entry, path, role=False):
    """A creator (or, with ``role``, a contributor): "Family, Given" is a person."""
    person = Reader(entry, path, reader.errors)
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


def people(reader, name, role=False):
    """The creators or contributors."""
    people = [person(reader, entry, f"{reader.path}.{name}.{index}", role)
              for index, entry in reader.items(name)]
    return [p for p in people if p]


def scheme_of(identifier, given):
    """The scheme a client gave, if the identifier is one; else the one detected first."""
    if given:
        given = given.lower()
        valid = getattr(idutils, f"is_{given}", None)
        return given if given in SCHEMES and valid and valid(identifier) else None
    detected = set(idutils.detect_identifier_schemes(identifier))
    return next((s for s in SCHEMES if s in detected), None)


def related(reader, robis_url):
    """(related identifiers, alternate identifiers, ROBIS id from isIdenticalTo its page)."""
    related, alternate, robis = [], [], None
    robis_page = re.compile("^" + re.escape(robis_url).replace(r"\{id\}", r"([1-9][0-9]*)") + "$")
    for index, entry in reader.items("related_identifiers"):
        item = Reader(entry, f"{reader.path}.related_identifiers.{index}", reader.errors)
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
        scheme = scheme_of(identifier, given)
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


def access(reader, upload_type, default_licence):
    """(level custom fields, access, rights) from access_right and what belongs to it."""
    level = reader.get("access_right", str) or "open"
    if level not in ("open", "embargoed", "restricted", "closed"):
        reader.fail("access_right", _("Must be one of: open, embargoed, restricted, closed."))
        level = "open"
    until = date_field(reader, "embargo_date", required=level == "embargoed")
    if until and level != "embargoed":
        reader.fail("embargo_date", _("Only for access_right embargoed."))
    conditions = reader.get("access_conditions", str)
    if conditions and level != "restricted":
        reader.fail("access_conditions", _("Only for access_right restricted."))
    custom = {tables.ACCESS_LEVEL: level}
    if conditions and level == "restricted":
        custom[tables.ACCESS_CONDITIONS] = conditions
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


def grants(reader, resolve_funder):
    """``grants`` [{id: "<funder DOI>::<number>"}] as funding with an award number."""
    funding = []
    for index, entry in reader.items("grants"):
        item = Reader(entry, f"{reader.path}.grants.{index}", reader.errors)
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


def communities(reader):
    """The community identifiers (slugs or ids) the deposition asks for."""
    communities = []
    for index, entry in reader.items("communities"):
        item = Reader(entry, f"{reader.path}.communities.{index}", reader.errors)
        identifier = item.get("identifier", str, required=True)
        item.refuse_unknown()
        if identifier:
            communities.append(identifier.strip())
    return communities


def pub_id(reader, from_page):
    """The ROBIS id: ``pub_id``, or the ROBIS page HERMES relates ``isIdenticalTo``."""
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
