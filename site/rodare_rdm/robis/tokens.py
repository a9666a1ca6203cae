"""The signed tokens that let ROBIS act on one draft for one user.

A token is the draft's id, the id of the user who sent the draft to ROBIS and a nonce,
signed with the instance's SECRET_KEY and dated. ROBIS's calls act with that user's rights,
so a token is worth no more than the hand-off it came from.

A token attaches one ROBIS id. The nonce is claimed with Redis's set-if-absent (the cache's
``add``, SETNX) *before* the draft is written, so of two callbacks that arrive together only
one can attach its id; the same callback twice is harmless (same id), a replay with another
id is refused.
"""

import uuid

from flask import current_app
from invenio_cache import current_cache
from invenio_i18n import lazy_gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class TokenError(Exception):
    """A token that is forged, expired, reused or for another draft."""


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="rodare-robis")


def _key(payload):
    return f"rodare-robis-token:{payload['nonce']}"


def make_token(draft_id, user_id):
    """A token naming the draft and the user who sends it to ROBIS."""
    return _serializer().dumps({"draft": draft_id, "user": user_id, "nonce": uuid.uuid4().hex})


def read_token(token, draft_id):
    """The payload of a valid token for ``draft_id``; TokenError otherwise."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["RODARE_ROBIS_TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise TokenError(_("The registration token has expired: start again from the deposit form.")) from exc
    except BadSignature as exc:
        raise TokenError(_("The registration token is not valid.")) from exc
    if not isinstance(payload, dict) or not payload.get("user") or not payload.get("nonce"):
        raise TokenError(_("The registration token is not valid."))
    if payload.get("draft") != draft_id:
        raise TokenError(_("The registration token is for another draft."))
    return payload


def _refuse_other_id(used, robis_id):
    if used is not None and used != robis_id:
        raise TokenError(_("The registration token was already used for another ROBIS id."))


def check_unspent_or(payload, robis_id):
    """A token that attached an id still names the draft for that id only."""
    _refuse_other_id(current_cache.get(_key(payload)), robis_id)


def claim(payload, robis_id):
    """Spend the token on ``robis_id``, atomically; True if this call spent it, False if it had
    been spent on the same id already (a repeat), TokenError if on another id."""
    timeout = current_app.config["RODARE_ROBIS_TOKEN_MAX_AGE"]
    if current_cache.add(_key(payload), robis_id, timeout=timeout):
        return True
    _refuse_other_id(current_cache.get(_key(payload)), robis_id)
    return False


def release(payload):
    """Give back a token whose id could not be attached (the claim must not outlive a refusal)."""
    current_cache.delete(_key(payload))
