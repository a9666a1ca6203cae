"""Upstream's Dublin Core and DataCite schemas with the rights of the access level.

Upstream derives ``info:eu-repo/semantics/*Access`` from ``access.status``, which cannot
say ``closed`` (restricted and closed share stock fields). These schemas take the explicit
level (``rodare_rdm.access.levels``).

Inside a page of records (OAI-PMH lists) they read vocabulary entries once per page
(``page_schemas.py``).
"""

from invenio_rdm_records.resources.serializers.codemeta.schema import CodemetaSchema
from invenio_rdm_records.resources.serializers.datacite.schema import DataCite45Schema
from invenio_rdm_records.resources.serializers.dublincore.schema import DublinCoreSchema
from marshmallow import fields, missing

from ..access.levels import EMBARGOED, EUREPO, level_of
from .page_schemas import PageContributorSchema, PageDataCiteMixin, PageDublinCoreMixin

_EUREPO_PREFIX = "info:eu-repo/semantics/"


def _with_level(rights, record, wrap=lambda uri: uri):
    """Upstream's rights with its info:eu-repo entry replaced by the record's level."""
    rights = [r for r in rights if _EUREPO_PREFIX not in str(r)]
    return [wrap(EUREPO[level_of(record)]), *rights]


class LevelDublinCoreSchema(PageDublinCoreMixin, DublinCoreSchema):
    """Dublin Core with dc:rights from the access level."""

    def get_rights(self, obj):
        """Access right first (OpenAIRE reads the first eu-repo right), then licences."""
        return _with_level(super().get_rights(obj) or [], obj)


class LevelDataCite45Schema(PageDataCiteMixin, DataCite45Schema):
    """DataCite 4.5 with a rightsList entry for the access level."""

    contributors = fields.List(fields.Nested(PageContributorSchema), attribute="metadata.contributors")

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


class EmbargoCodemetaSchema(CodemetaSchema):
    """CodeMeta whose ``embargoDate`` is the embargo's end.

    invenio-rdm-records 14 hands the whole embargo object to the EDTF parser, which fails on
    it: the CodeMeta export of every embargoed record answered 500.
    """

    def get_embargo_date(self, obj):
        """The end of an embargo that holds (an ISO date), else nothing."""
        embargo = (obj.get("access") or {}).get("embargo") or {}
        if not embargo.get("active") or not embargo.get("until"):
            return missing
        return embargo["until"]
