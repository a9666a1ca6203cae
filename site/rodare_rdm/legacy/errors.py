"""Legacy error bodies, and the service's exceptions as legacy clients know them.

Legacy Zenodo answered ``{"status": 400, "message": "Validation error.", "errors":
[{"field": "metadata.x", "message": "..."}]}``. The RDM services name RDM fields
(``metadata.resource_type``); a legacy client knows the legacy ones, so :data:`FIELDS`
renames them. The ROBIS gate keeps its own field, ``custom_fields.hzdr:robis_id``, and its
message: the same 400 as the REST API.

===================================== ======================================================
exception                             answer
===================================== ======================================================
LegacyValidationError, marshmallow    400 with per-field errors
ValidationError, ValidationErrorGroup
InvalidRelationValue (unknown vocab-  400 on the field whose value it names
ulary id)
file size, quota                      400 on ``file``
PermissionDeniedError                 403 (someone else's deposition, a missing scope)
no such id (PID, NoResultFound)       404
review open, community required       400
ROBIS unreachable                     503: an outage never lets an unchecked id through
===================================== ======================================================
"""

from functools import wraps

from flask import jsonify
from invenio_db import db
from invenio_files_rest.errors import FileSizeError, UnexpectedFileSizeError
from invenio_i18n import lazy_gettext as _
from invenio_pidstore.errors import PIDDeletedError, PIDDoesNotExistError, PIDUnregistered
from invenio_rdm_records.services.errors import CommunityRequiredError, ReviewException
from invenio_records.systemfields.relations import InvalidRelationValue
from invenio_records_resources.services.errors import (
    FileKeyNotFoundError,
    PermissionDeniedError,
    ValidationErrorGroup,
)
from marshmallow import ValidationError
from sqlalchemy.exc import NoResultFound

from ..robis.lookup import RobisUnavailable
from . import tables
from .mapping import LegacyValidationError

FIELDS = {
    "metadata.resource_type": "metadata.upload_type",
    "metadata.rights": "metadata.license",
    "metadata.subjects": "metadata.keywords",
    "metadata.funding": "metadata.grants",
    "metadata.additional_descriptions": "metadata.notes",
    "metadata.identifiers": "metadata.related_identifiers",
    "access.embargo": "metadata.embargo_date",
    "access": "metadata.access_right",
    "custom_fields.rodare:access_level": "metadata.access_right",
    "custom_fields.rodare:access_conditions": "metadata.access_conditions",
    "pids": "metadata.doi",
    "metadata.languages": "metadata.language",
    "metadata.locations.features": "metadata.locations",
    **{f"custom_fields.{name}.{key}": f"metadata.{legacy}"
       for name, keys in tables.BIBLIOGRAPHIC.items() for legacy, key in keys.items()},
}
"""RDM field (or its prefix) → the legacy field a legacy client sent."""

WHOLE = ("access.embargo", "access", "pids", "metadata.languages",
         *(f"custom_fields.{name}.{key}" for name, keys in tables.BIBLIOGRAPHIC.items() for key in keys.values()))
"""RDM fields whose parts are one legacy field (``access.embargo.until`` is ``embargo_date``)."""


class LegacyError(Exception):
    """An answer with a status, a message and optionally per-field errors."""

    def __init__(self, status, message, errors=None):
        """Keep what the body says."""
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors


def legacy_field(name):
    """The legacy name of an RDM field path."""
    for rdm, legacy in FIELDS.items():
        if name == rdm or name.startswith(rdm + "."):
            return legacy if rdm in WHOLE else legacy + name[len(rdm):]
    return name


def _flatten(messages, prefix=""):
    """marshmallow's nested ``{field: [messages]}`` as ``[(field, message)]``."""
    if isinstance(messages, dict):
        return [pair for key, value in messages.items()
                for pair in _flatten(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(messages, (list, tuple)):
        if all(isinstance(m, (str, type(_("")))) for m in messages):
            return [(prefix, str(m)) for m in messages]
        return [pair for m in messages for pair in _flatten(m, prefix)]
    return [(prefix, str(messages))]


def field_errors(rdm_errors):
    """RDM's ``[{"field", "messages"}]`` (service results) as legacy ``[{"field", "message"}]``."""
    return [{"field": legacy_field(e.get("field", "")), "message": str(m)}
            for e in rdm_errors for m in e.get("messages") or [e.get("message")]]


def body(status, message, errors=None):
    """A legacy error response."""
    content = {"status": status, "message": str(message)}
    if errors:
        content["errors"] = errors
    return jsonify(content), status


def validation(errors):
    """A 400 with per-field errors."""
    return body(400, _("Validation error."), errors)


def _invalid_relation(error):
    value = str(getattr(error, "args", [""])[0])
    return validation([{"field": "metadata", "message": value}])


def answer(error):
    """The legacy answer to an exception of the services, or None if it is not one of them."""
    if isinstance(error, LegacyError):
        return body(error.status, error.message, error.errors)
    if isinstance(error, LegacyValidationError):
        return validation(error.errors)
    if isinstance(error, ValidationErrorGroup):
        return validation(field_errors(error.errors))
    if isinstance(error, ValidationError):
        return validation([{"field": legacy_field(f), "message": m}
                           for f, m in _flatten(error.normalized_messages())])
    if isinstance(error, InvalidRelationValue):
        return _invalid_relation(error)
    if isinstance(error, (FileSizeError, UnexpectedFileSizeError)):
        return validation([{"field": "file", "message": str(error.description or error)}])
    if isinstance(error, PermissionDeniedError):
        return body(403, _("You do not have permission to access this deposition."))
    if isinstance(error, (PIDDoesNotExistError, PIDUnregistered, NoResultFound,
                          FileKeyNotFoundError)):
        return body(404, _("Not found."))
    if isinstance(error, PIDDeletedError):
        return body(410, _("The deposition was deleted."))
    if isinstance(error, CommunityRequiredError):
        return body(400, _("Cannot publish without a community."))
    if isinstance(error, ReviewException):
        return body(400, getattr(error, "description", None) or str(error))
    if isinstance(error, RobisUnavailable):
        return body(503, _("ROBIS cannot confirm the publication id right now: please try "
                           "again later."))
    return None


def legacy_errors(view):
    """Answer the services' exceptions in the legacy shape instead of HTML or a 500."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - those we know become answers
            response = answer(error)
            if response is None:
                raise
            db.session.rollback()
            return response

    return wrapper
