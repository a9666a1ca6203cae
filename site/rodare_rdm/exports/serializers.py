"""Upstream's serializers with the access level's rights and the features' dumpers.

Registered for REST content negotiation (``RDM_RECORDS_SERIALIZERS``), the landing page's
exports (``APP_RDM_RECORD_EXPORTERS``), OAI-PMH (``rodare_rdm.oaipmh.formats``) and the DOI
registration (``rodare_rdm.doi.providers``), so every channel says the same.
"""

from dcxml import simpledc
from datacite import schema45
from flask_resources import BaseListSchema, MarshmallowSerializer
from flask_resources.serializers import JSONSerializer, SimpleSerializer
from invenio_rdm_records.contrib.codemeta.processors import CodemetaDumper
from invenio_rdm_records.contrib.journal.processors import (
    JournalDataciteDumper,
    JournalDublinCoreDumper,
)
from invenio_rdm_records.contrib.meeting.processors import MeetingDublinCoreDumper
from invenio_rdm_records.resources.serializers.schemaorg import SchemaorgJSONLDSerializer
from invenio_rdm_records.resources.serializers.ui import UIJSONSerializer as _UIJSONSerializer

from ..access.levels import level_of
from ..access.ui import access_status_ui
from .dumpers import ConfiguredDumpers
from .schemas import EmbargoCodemetaSchema, LevelDataCite45Schema, LevelDublinCoreSchema


class DublinCoreXMLSerializer(MarshmallowSerializer):
    """Upstream's Dublin Core XML serializer with the level's rights."""

    def __init__(self, **options):
        """Constructor."""
        super().__init__(
            format_serializer_cls=SimpleSerializer,
            object_schema_cls=LevelDublinCoreSchema,
            list_schema_cls=BaseListSchema,
            schema_kwargs={"dumpers": [JournalDublinCoreDumper(), MeetingDublinCoreDumper(),
                                       ConfiguredDumpers("dublincore")]},
            encoder=simpledc.tostring,
            **options,
        )


class DataCite45JSONSerializer(MarshmallowSerializer):
    """Upstream's DataCite 4.5 JSON serializer with the level's rights."""

    def __init__(self, is_parent=False, **options):
        """Constructor."""
        super().__init__(
            format_serializer_cls=JSONSerializer,
            object_schema_cls=LevelDataCite45Schema,
            list_schema_cls=BaseListSchema,
            schema_kwargs={"dumpers": [JournalDataciteDumper(), ConfiguredDumpers("datacite")],
                           "is_parent": is_parent},
            **options,
        )


class DataCite45XMLSerializer(MarshmallowSerializer):
    """Upstream's DataCite 4.5 XML serializer with the level's rights."""

    def __init__(self, **options):
        """Constructor."""
        super().__init__(
            format_serializer_cls=SimpleSerializer,
            object_schema_cls=LevelDataCite45Schema,
            list_schema_cls=BaseListSchema,
            schema_kwargs={"dumpers": [JournalDataciteDumper(), ConfiguredDumpers("datacite")]},
            encoder=options.get("encoder", schema45.tostring),
        )


class CodemetaSerializer(MarshmallowSerializer):
    """Upstream's CodeMeta JSON-LD, with an embargoed record's end date instead of a 500."""

    def __init__(self, **options):
        """Constructor."""
        super().__init__(
            format_serializer_cls=JSONSerializer,
            object_schema_cls=EmbargoCodemetaSchema,
            list_schema_cls=BaseListSchema,
            schema_kwargs={"dumpers": [CodemetaDumper()]},
            **options,
        )


class SchemaorgJSONLDLevelSerializer(SchemaorgJSONLDSerializer):
    """schema.org JSON-LD that says whether the files are free to access."""

    def dump_obj(self, obj, *args, **kwargs):
        """Upstream's JSON-LD plus ``isAccessibleForFree``; no download URLs when withheld."""
        data = ConfiguredDumpers("schemaorg").post_dump(
            super().dump_obj(obj, *args, **kwargs), original=obj)
        free = level_of(obj) == "open"
        data["isAccessibleForFree"] = free
        if not free:
            data.pop("distribution", None)
        return data


class UIJSONSerializer(_UIJSONSerializer):
    """Upstream's UI JSON (search results, dashboards) with ``ui.access_status`` from the level."""

    @staticmethod
    def _with_level(data):
        if isinstance(data.get("ui"), dict):
            data["ui"]["access_status"] = access_status_ui(data)
        return data

    def dump_obj(self, obj, *args, **kwargs):
        """One record."""
        return self._with_level(super().dump_obj(obj, *args, **kwargs))

    def dump_list(self, obj_list, *args, **kwargs):
        """A search result page."""
        data = super().dump_list(obj_list, *args, **kwargs)
        for hit in (data.get("hits") or {}).get("hits", []):
            self._with_level(hit)
        return data
