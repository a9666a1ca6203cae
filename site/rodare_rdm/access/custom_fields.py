"""The ``rodare`` custom-field namespace: the explicit access level and its conditions."""

from invenio_i18n import lazy_gettext as _
from invenio_rdm_records.services.schemas.fields import SanitizedHTML
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
    # HTML, as the parent's accept_conditions_text it becomes (rendered ``| safe``): cleaned
    # on the way in with upstream's sanitiser and ALLOWED_HTML_TAGS/ATTRS (issue 19).
    TextCF(name=CONDITIONS_FIELD, field_cls=SanitizedHTML),
]
"""Level (a keyword, so it can be a facet) and the conditions of a restricted record."""
