"""One sanitiser for every value RODARE stores as HTML: upstream's, with its allowed tags.

``invenio_rdm_records``' ``SanitizedHTML`` field reads ALLOWED_HTML_TAGS/ATTRS from the app's
configuration, so a value cleaned here looks exactly like a record description or the
access conditions upstream's own form saves.
"""

from invenio_rdm_records.services.schemas.fields import SanitizedHTML

_field = SanitizedHTML(allow_none=True)


def sanitised_html(value):
    """``value`` with only the allowed tags and attributes left (``None`` and ``""`` as they are).

    The result is a fixed point: sanitising it again changes nothing, so clean-up commands
    can compare before and after to know what they changed.
    """
    if not value:
        return value
    return _field.deserialize(value)
