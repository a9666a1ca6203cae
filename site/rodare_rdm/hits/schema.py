"""The record schema of the records service, built once per request instead of once per hit.

invenio-records-resources' ``ServiceSchemaWrapper.dump`` instantiates the service's schema
class for every record it dumps (``self.schema().dump(record)``), and a search page dumps
ten. Each instance deep-copies its declared fields and, on first use, builds every
``Nested`` schema below it again (the custom fields' schema from the configuration
included): at 10,000 records that was 40 % of a search request's web time (py-spy,
docs/benchmarks/README.md, "Session of 5 Dec 2026").

The schema carries no state of its own between dumps: the identity, the record and the
permission check reach the fields through ``marshmallow_utils``' context variable, which
the wrapper sets around each dump. So one instance can dump every hit of a page, as
upstream's serializers already do with their object schema (``MarshmallowSerializer``
keeps one for the life of the process). This one is kept only for the application
context (one request, one Celery task, one CLI command), in the context's ``g``: each
thread has its own, and a configuration read at construction (the custom fields) is read
again by the next request.

Chosen with ``RDM_RECORD_SCHEMA`` (rodare_rdm/config.py), the setting invenio-rdm-records
reads for the schema of its records service and of the community records service.
"""

from flask import g, has_app_context
from invenio_rdm_records.services.schemas import RDMRecordSchema
from marshmallow.schema import SchemaMeta


class _OncePerAppContext(SchemaMeta):
    """``Schema()`` without arguments gives the application context's one instance."""

    def __call__(cls, *args, **kwargs):
        """A new instance when given arguments or outside an app context, else the kept one."""
        if args or kwargs or not has_app_context():
            return super().__call__(*args, **kwargs)
        kept = g.setdefault("rodare_hits_schemas", {})
        if cls not in kept:
            kept[cls] = super().__call__()
        return kept[cls]


class RodareRecordSchema(RDMRecordSchema, metaclass=_OncePerAppContext):
    """Upstream's record schema, unchanged, instantiated once per application context."""
