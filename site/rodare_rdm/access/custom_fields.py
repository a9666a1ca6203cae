"""The ``rodare`` custom-field namespace: the explicit access level and its conditions."""

from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.custom_fields import KeywordCF, TextCF
from marshmallow.validate import OneOf

from .levels import CONDITIONS_FIELD, LEVEL_FIELD, LEVELS

RODARE_NAMESPACE = {"rodare": "https://rodare.hzdr.de/terms/"}

RODARE_ACCESS_CUSTOM_FIELDS = [
    KeywordCF(
        name=LEVEL_FIELD,
        field_args={
            "validate": OneOf(LEVELS, error=_("Must be one of: open, embargoed, restricted, closed.")),
        },
    ),
    TextCF(name=CONDITIONS_FIELD),
]
"""Level (a keyword, so it can be a facet) and the conditions of a restricted record."""
