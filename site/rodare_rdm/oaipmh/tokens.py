"""Resumption tokens that can be sent again (section 3.5).

A token is a signed, timestamped description of the next page: the verb, the list's
original arguments, the sort key of the last item already sent and the cursor (how many
items came before). It holds no server-side state (no search scroll), so a harvester may
repeat a token and gets the same page again, and the token lives as long as
``OAISERVER_RESUMPTION_TOKEN_EXPIRE_TIME`` says, however slowly the harvester works.
"""

from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .errors import BadResumptionToken


def _serializer():
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=current_app.config["RODARE_OAIPMH_TOKEN_SALT"]
    )


def lifetime():
    """How long a token stays valid."""
    return timedelta(seconds=int(current_app.config["OAISERVER_RESUMPTION_TOKEN_EXPIRE_TIME"]))


def expiration_date():
    """When a token issued now expires (for the ``expirationDate`` attribute)."""
    return datetime.now(UTC) + lifetime()


def dump(verb, arguments, after, cursor):
    """The token for the page after ``after`` (the last sort key sent)."""
    return _serializer().dumps({"verb": verb, "arguments": arguments, "after": after, "cursor": cursor})


def load(verb, token):
    """The page a token describes, or badResumptionToken (bad, expired or another verb's)."""
    try:
        data = _serializer().loads(token, max_age=lifetime().total_seconds())
    except BadSignature as error:  # SignatureExpired is a BadSignature
        raise BadResumptionToken(f"The resumptionToken is invalid or has expired ({error.__class__.__name__}).")
    if not isinstance(data, dict) or data.get("verb") != verb:
        raise BadResumptionToken(f"The resumptionToken does not belong to {verb}.")
    return data
