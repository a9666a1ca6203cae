"""ROBIS ids and the custom field that holds them (the tokens are in ``tokens.py``)."""

import re

from flask import current_app
from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.custom_fields import KeywordCF
from marshmallow.validate import Regexp

ROBIS_ID = "hzdr:robis_id"
ID_PATTERN = re.compile(r"^[1-9][0-9]{0,8}(-[0-9]{1,3})?$")

ROBIS_CUSTOM_FIELDS = [
    KeywordCF(name=ROBIS_ID, field_args={"validate": Regexp(
        ID_PATTERN, error=_("A ROBIS publication id is a number such as 27151 (Publ-27151)."))}),
]
"""In the ``hzdr`` namespace of the HZDR metadata feature."""


def normalise(value):
    """``Publ-27151``, ``Publ.-Id 27151`` or ``27151`` → ``27151``; None if malformed."""
    value = re.sub(r"^\s*publ\.?(-id)?[\s:-]*", "", str(value or ""), flags=re.IGNORECASE).strip()
    return value if ID_PATTERN.match(value) else None


def publication_url(robis_id):
    """The public ROBIS page of an id."""
    return current_app.config["RODARE_ROBIS_PUBLICATION_URL"].format(id=robis_id)


ROBIS_UI_FIELD = {
    "field": ROBIS_ID,
    "ui_widget": "RobisRegistration",
    "template": "rodare_rdm/robis/field.html",
    "props": {
        "label": _("ROBIS registration"),
        "icon": "check circle outline",
        "description": _("Every HZDR publication is registered in ROBIS, HZDR's publication "
                         "database, before it is published. ROBIS sets this id."),
        "registered": _("Registered in ROBIS as"),
        "unregistered": _("Not registered in ROBIS yet: publishing needs a ROBIS id."),
        "registerLabel": _("Register in ROBIS"),
        "publicationUrl": "https://www.hzdr.de/publications/Publ-{id}",
    },
}
"""The first field of the form's HZDR section: the registration state and the way to ROBIS."""
