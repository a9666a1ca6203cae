"""ROBIS ids, the field that holds them and the signed tokens that name a draft.

A token is the draft's id and a nonce, signed with the instance's SECRET_KEY and dated. It
may attach one ROBIS id: the nonce is remembered (in the cache, as long as a token can live)
with the id it attached, so the same callback twice is harmless and a replay with another
id is refused.
"""

import re
import uuid

from flask import current_app
from invenio_cache import current_cache
from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.custom_fields import KeywordCF
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from marshmallow.validate import Regexp

ROBIS_ID = "hzdr:robis_id"
ID_PATTERN = re.compile(r"^[1-9][0-9]{0,8}(-[0-9]{1,3})?$")

ROBIS_CUSTOM_FIELDS = [
    KeywordCF(name=ROBIS_ID, field_args={"validate": Regexp(
        ID_PATTERN, error=_("A ROBIS publication id is a number such as 27151 (Publ-27151)."))}),
]
"""In the ``hzdr`` namespace of the HZDR metadata feature."""


class TokenError(Exception):
    """A token that is forged, expired, reused or for another draft."""


def normalise(value):
    """``Publ-27151``, ``Publ.-Id 27151`` or ``27151`` → ``27151``; None if malformed."""
    value = re.sub(r"^\s*publ\.?(-id)?[\s:-]*", "", str(value or ""), flags=re.IGNORECASE).strip()
    return value if ID_PATTERN.match(value) else None


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="rodare-robis")


def make_token(draft_id):
    """A token naming the draft, for the browser's trip to ROBIS."""
    return _serializer().dumps({"draft": draft_id, "nonce": uuid.uuid4().hex})


def check_token(token, draft_id, robis_id):
    """Validate a token for attaching ``robis_id`` to ``draft_id``; return whether it is a repeat."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["RODARE_ROBIS_TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise TokenError(_("The registration token has expired: start again from the deposit form.")) from exc
    except BadSignature as exc:
        raise TokenError(_("The registration token is not valid.")) from exc
    if payload.get("draft") != draft_id:
        raise TokenError(_("The registration token is for another draft."))
    used = current_cache.get(f"rodare-robis-token:{payload['nonce']}")
    if used and used != robis_id:
        raise TokenError(_("The registration token was already used for another ROBIS id."))
    return bool(used)


def spend_token(token, robis_id):
    """Remember that the token attached ``robis_id``."""
    payload = _serializer().loads(token)
    current_cache.set(f"rodare-robis-token:{payload['nonce']}", robis_id,
                      timeout=current_app.config["RODARE_ROBIS_TOKEN_MAX_AGE"])


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
