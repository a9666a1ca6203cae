"""Exports that carry the access level: OpenAIRE access rights in Dublin Core and DataCite.

Upstream derives ``info:eu-repo/semantics/*Access`` from ``access.status``, which cannot
say ``closed`` (restricted and closed share stock fields). These schemas take the explicit
level; the serializers are upstream's with these schemas, registered for REST content
negotiation, the landing page's exports and OAI-PMH (``invenio.cfg``, ``oai.py``).
"""

from dcxml import simpledc
from datacite import schema45
from flask import current_app
from flask_resources import BaseListSchema, MarshmallowSerializer
from flask_resources.serializers import DumperMixin, JSONSerializer, SimpleSerializer
from invenio_rdm_records.contrib.journal.processors import (
    JournalDataciteDumper,
    JournalDublinCoreDumper,
)
from invenio_rdm_records.contrib.meeting.processors import MeetingDublinCoreDumper
from invenio_rdm_records.resources.serializers.datacite.schema import DataCite45Schema
from invenio_rdm_records.resources.serializers.dublincore.schema import DublinCoreSchema
from invenio_rdm_records.resources.serializers.schemaorg import SchemaorgJSONLDSerializer
from invenio_rdm_records.resources.serializers.ui import UIJSONSerializer as _UIJSONSerializer
from werkzeug.utils import import_string

from .levels import EMBARGOED, EUREPO, level_of
from .ui import access_status_ui

_EUREPO_PREFIX = "info:eu-repo/semantics/"


class ConfiguredDumpers(DumperMixin):
    """The dumpers other features add to one export (``RODARE_ACCESS_EXPORT_DUMPERS``).

    Serializers are built when the configuration is imported, before any app exists; this
    dumper looks the list up when it runs, so a feature (e.g. the HZDR fields) extends every
    channel of an export — REST, landing-page export, OAI-PMH — from one configuration key.
    """

    def __init__(self, export):
        """``export``: "datacite", "dublincore" or "schemaorg"."""
        self.export = export

    def post_dump(self, data, original=None, **kwargs):
        """Run each configured dumper in order."""
        for path in current_app.config.get("RODARE_ACCESS_EXPORT_DUMPERS", {}).get(self.export, []):
            data = import_string(path)().post_dump(data, original=original, **kwargs)
        return data


def _with_level(rights, record, wrap=lambda uri: uri):
    """Upstream's rights with its info:eu-repo entry replaced by the record's level."""
    rights = [r for r in rights if _EUREPO_PREFIX not in str(r)]
    return [wrap(EUREPO[level_of(record)]), *rights]


class LevelDublinCoreSchema(DublinCoreSchema):
    """Dublin Core with dc:rights from the access level."""

    def get_rights(self, obj):
        """Access right first (OpenAIRE reads the first eu-repo right), then licences."""
        return _with_level(super().get_rights(obj) or [], obj)


class LevelDataCite45Schema(DataCite45Schema):
    """DataCite 4.5 with a rightsList entry for the access level."""

    def get_rights(self, obj):
        """The OpenAIRE access right, then upstream's licences and copyright."""
        rights = super().get_rights(obj) or []
        return _with_level(
            [r for r in rights if _EUREPO_PREFIX not in r.get("rightsUri", "")],
            obj,
            wrap=lambda uri: {"rights": uri.rsplit("/", 1)[-1], "rightsUri": uri},
        )

    def get_dates(self, obj):
        """Upstream's dates and, for an embargo, when the files become available."""
        dates = super().get_dates(obj) or []
        until = ((obj.get("access") or {}).get("embargo") or {}).get("until")
        if level_of(obj) == EMBARGOED and until:
            dates = [d for d in dates if d.get("dateType") != "Available"]
            dates.append({"date": until, "dateType": "Available"})
        return dates


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
