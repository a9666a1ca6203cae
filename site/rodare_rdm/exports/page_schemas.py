"""Upstream's DataCite and Dublin Core schema methods that read vocabularies, for a page.

Upstream's methods ask ``get_vocabulary_props`` (a vocabulary search, cached in Redis) for
every entry they meet: the resource type of every record, and each contributor's role,
date type, title or description type and relation type. Inside a page of records
(:func:`~.page.page`, OAI-PMH lists) these mixins run the same lines with
:func:`~.page.vocabulary_props`, which asks once per page for each entry; outside a page
they hand over to upstream's method unchanged. ``site/tests/oaipmh/test_harvest.py``
compares the two byte for byte (ListRecords against GetRecord).

| method                                    | reads                                    |
|-------------------------------------------|------------------------------------------|
| DataCite ``get_type``, DC ``get_types``   | resourcetypes                            |
| DataCite ``get_titles``, ``get_descriptions`` | titletypes, descriptiontypes         |
| DataCite ``get_dates``                    | datetypes                                |
| DataCite ``get_related_identifiers``      | relationtypes, resourcetypes (the parent |
|                                           | and community links stay upstream's)     |
| DataCite contributor ``get_role``         | contributorsroles                        |
"""

from invenio_rdm_records.resources.serializers.datacite.schema import (
    RELATED_IDENTIFIER_SCHEMES,
    ContributorSchema4,
    get_scheme_datacite,
)
from marshmallow import missing
from marshmallow_utils.html import strip_html
from pydash import py_

from .page import in_page, vocabulary_props


def _resource_type_props(obj, fields):
    resource_type_id = py_.get(obj, "metadata.resource_type.id")
    return vocabulary_props("resourcetypes", fields, resource_type_id) if resource_type_id else None


class PageDublinCoreMixin:
    """Dublin Core's resource type, read once per page."""

    def get_types(self, obj):
        """The eu-repo type of the resource type."""
        if not in_page():
            return super().get_types(obj)
        props = _resource_type_props(obj, ["props.eurepo"])
        if props is None:
            return missing
        eurepo = props.get("eurepo")
        return [eurepo] if eurepo else missing


class PageContributorSchema(ContributorSchema4):
    """DataCite's contributor, its role read once per page."""

    def get_role(self, obj):
        """The role's DataCite contributor type."""
        if not in_page():
            return super().get_role(obj)
        role = obj.get("role")
        if not role:
            return missing
        return vocabulary_props("contributorsroles", ["props.datacite"], role["id"]).get("datacite", "")


class PageDataCiteMixin:
    """DataCite 4.5's vocabulary-typed fields, read once per page."""

    def get_type(self, obj):
        """The resource type's DataCite general and specific type."""
        if not in_page():
            return super().get_type(obj)
        props = _resource_type_props(obj, ["props.datacite_general", "props.datacite_type"])
        if props is None:
            return missing
        return {
            "resourceTypeGeneral": props.get("datacite_general", "Other"),
            "resourceType": props.get("datacite_type", ""),
        }

    def get_titles(self, obj):
        """Title and additional titles, with their DataCite types."""
        if not in_page():
            return super().get_titles(obj)
        return self._main_and_additional(obj, "title")

    def get_descriptions(self, obj):
        """Description and additional descriptions, with their DataCite types."""
        if not in_page():
            return super().get_descriptions(obj)
        return self._main_and_additional(obj, "description", default_type="Abstract")

    @staticmethod
    def _main_and_additional(obj, field, default_type=None):
        result = []
        main_value = obj["metadata"].get(field)
        if main_value:
            item = {field: strip_html(main_value)}
            if default_type:
                item[f"{field}Type"] = default_type
            result.append(item)
        for value in obj["metadata"].get(f"additional_{field}s", []):
            item = {field: strip_html(value.get(field))}
            type_id = value.get("type", {}).get("id")
            if type_id:
                props = vocabulary_props(f"{field}types", ["props.datacite"], type_id)
                if "datacite" in props:
                    item[f"{field}Type"] = props["datacite"]
            lang_id = value.get("lang", {}).get("id")
            if lang_id:
                item["lang"] = lang_id
            result.append(item)
        return result or missing

    def get_dates(self, obj):
        """Publication date, the dates with their DataCite types, the last update."""
        if not in_page():
            return super().get_dates(obj)
        pub_date = py_.get(obj, "metadata.publication_date")
        dates = [{"date": pub_date, "dateType": "Issued"}] if pub_date else []
        updated = False
        for date in obj["metadata"].get("dates", []):
            date_type_id = date.get("type", {}).get("id")
            if date_type_id == "updated":
                updated = True
            props = vocabulary_props("datetypes", ["props.datacite"], date_type_id)
            entry = {"date": date["date"], "dateType": props.get("datacite", "Other")}
            if date.get("description"):
                entry["dateInformation"] = date["description"]
            dates.append(entry)
        if not updated and "updated" in obj:
            dates.append({"date": obj["updated"].split("T")[0], "dateType": "Updated"})
        return dates or missing

    def get_related_identifiers(self, obj):
        """The record's related identifiers read here; the version, parent and community
        links after them are upstream's."""
        if not in_page() or self.is_parent:
            return super().get_related_identifiers(obj)
        related = [entry for entry in map(self._related_identifier,
                                          obj["metadata"].get("related_identifiers", []))
                   if entry is not None]
        rest = super().get_related_identifiers(
            {**obj, "metadata": {**obj["metadata"], "related_identifiers": []}})
        return [*related, *(rest or [])] or missing

    @staticmethod
    def _related_identifier(related):
        """One related identifier in DataCite's terms; None for a scheme DataCite lacks."""
        props = vocabulary_props("relationtypes", ["props.datacite"],
                                 related.get("relation_type", {}).get("id"))
        scheme = related["scheme"]
        id_scheme = get_scheme_datacite(scheme, "RDM_RECORDS_RELATED_IDENTIFIERS_SCHEMES", default=scheme)
        if not (id_scheme and id_scheme.lower() in RELATED_IDENTIFIER_SCHEMES):
            return None
        entry = {"relatedIdentifier": related["identifier"],
                 "relationType": props.get("datacite", ""),
                 "relatedIdentifierType": id_scheme}
        resource_type_id = related.get("resource_type", {}).get("id")
        if resource_type_id:
            props = vocabulary_props("resourcetypes", ["props.datacite_general", "props.datacite_type"],
                                     resource_type_id)
            entry["resourceTypeGeneral"] = props.get("datacite_general", "Other")
        return entry
