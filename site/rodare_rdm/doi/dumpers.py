"""DataCite metadata RODARE adds to upstream's: HZDR as publisher (ROR), links between versions.

A post-dump step of the DataCite serializers (site/rodare_rdm/exports/serializers.py), so the
DOI registration, the REST/landing-page exports and OAI-PMH all say the same.
"""

from datacite import schema45
from flask import current_app
from flask_resources.serializers import DumperMixin
from invenio_rdm_records.utils import ChainObject

from .versions import doi_of, neighbours


class PublisherDataciteDumper(DumperMixin):
    """Replace the publisher's bare name by HZDR's (name + ROR) when it names the repository."""

    def post_dump(self, data, original=None, **kwargs):
        """``publisher`` per RODARE_DOI_PUBLISHER when the record's publisher is an alias."""
        name = ((data.get("publisher") or {}).get("name") or "").strip()
        aliases = {a.lower() for a in current_app.config["RODARE_DOI_PUBLISHER_ALIASES"]}
        if name.lower() in aliases:
            data["publisher"] = dict(current_app.config["RODARE_DOI_PUBLISHER"])
        return data


_RELATIONS = {-1: "IsNewVersionOf", 1: "IsPreviousVersionOf"}


class VersionsDataciteDumper(DumperMixin):
    """IsNewVersionOf the previous version's DOI, IsPreviousVersionOf the next one's."""

    def post_dump(self, data, original=None, **kwargs):
        """Add the links of a version (the concept DOI's metadata lists versions already)."""
        if original is None or isinstance(original, ChainObject):
            return data
        related = list(data.get("relatedIdentifiers") or [])
        for offset, neighbour in sorted(neighbours(original).items()):
            doi = doi_of(neighbour)
            if doi:
                related.append({"relatedIdentifier": doi, "relatedIdentifierType": "DOI",
                                "relationType": _RELATIONS[offset]})
        if related:
            data["relatedIdentifiers"] = related
        return data


GENERAL_TYPES = frozenset(schema45.validator.schema["definitions"]["resourceTypeGeneral"]["enum"])
"""The values DataCite takes for ``resourceTypeGeneral`` (kernel 4.5; 4.6 adds Award and
Project, and neither has Poster or Presentation)."""


class ResourceTypeDataciteDumper(DumperMixin):
    """``Text`` where upstream's resource types name a general type DataCite does not know.

    invenio-rdm-records' vocabulary gives posters and presentations the general types
    ``Poster`` and ``Presentation``, which no DataCite kernel has: DataCite refused their DOIs
    (422), and the XML export did not validate. DataCite's own guidance for them is the
    general type ``Text`` with the specific type kept in ``resourceType``, which stays as it
    is. Related identifiers' types are treated alike.
    """

    def post_dump(self, data, original=None, **kwargs):
        """The record's and each related identifier's general type, made one DataCite knows."""
        types = data.get("types")
        if types and types.get("resourceTypeGeneral") not in GENERAL_TYPES:
            data["types"] = {**types, "resourceTypeGeneral": "Text"}
        for related in data.get("relatedIdentifiers") or []:
            general = related.get("resourceTypeGeneral")
            if general is not None and general not in GENERAL_TYPES:
                related["resourceTypeGeneral"] = "Text"
        return data
