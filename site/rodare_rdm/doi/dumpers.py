"""DataCite metadata RODARE adds to upstream's: HZDR as publisher (ROR), links between versions.

A post-dump step of the DataCite serializers (site/rodare_rdm/exports/serializers.py), so the
DOI registration, the REST/landing-page exports and OAI-PMH all say the same.
"""

from flask import current_app
from flask_resources.serializers import DumperMixin
from invenio_rdm_records.utils import ChainObject

from . import versions
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

    @classmethod
    def prefetch(cls, sources):
        """A page of records' neighbours in two queries (``exports.page``)."""
        versions.prefetch(sources)

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


NOT_DATACITE = {"Poster": "Text", "Presentation": "Text"}
"""General types that upstream's resource-type vocabulary names and no DataCite kernel has
(4.5 or 4.6), with the type DataCite's guidance gives them."""


class ResourceTypeDataciteDumper(DumperMixin):
    """``Text`` where upstream's resource types name Poster or Presentation as general type.

    invenio-rdm-records' vocabulary gives posters and presentations the general types
    ``Poster`` and ``Presentation``, which no DataCite kernel has: DataCite refused their DOIs
    (422), and the XML export did not validate. DataCite's guidance for them is the general
    type ``Text``, the specific type kept in ``resourceType``. Related identifiers' types are
    treated alike. Any other unknown general type is a vocabulary error an administrator must
    see, so it is passed on and DataCite's refusal is shown (doi/, the DOI states page).
    """

    def post_dump(self, data, original=None, **kwargs):
        """The record's and each related identifier's general type, made one DataCite knows."""
        types = data.get("types")
        if types and types.get("resourceTypeGeneral") in NOT_DATACITE:
            data["types"] = {**types,
                             "resourceTypeGeneral": NOT_DATACITE[types["resourceTypeGeneral"]]}
        for related in data.get("relatedIdentifiers") or []:
            general = related.get("resourceTypeGeneral")
            if general in NOT_DATACITE:
                related["resourceTypeGeneral"] = NOT_DATACITE[general]
        return data
