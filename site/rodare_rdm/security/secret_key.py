"""Refuse to start with a placeholder, missing or short SECRET_KEY.

invenio.cfg ships ``SECRET_KEY = "CHANGE_ME"`` and invenio-config falls back to the same
value when none is set, so a deployment that forgets INVENIO_SECRET_KEY would run with a key
anyone can read. With it, a forged ``remember_token`` signs in as user 1 and ROBIS, OAI and
CSRF tokens can be forged. The web apps, the Celery worker and every ``invenio`` command
create the app, so each of them stops here with a message that says what to set.

Debug mode (FLASK_DEBUG=1) only gets a warning and tests (TESTING) pass silently: both run on
throw-away data.
"""

import re
import warnings

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


class InsecureSecretKeyError(RuntimeError):
    """SECRET_KEY is missing, a placeholder or too short."""


def weakness(key, min_length, placeholders):
    """Why ``key`` is no secret, or None if it may be one."""
    if not key:
        return "it is not set"
    normalised = _NOT_ALNUM.sub("", str(key).lower())
    if normalised in placeholders or "changeme" in normalised:
        return f"it is the placeholder {key!r}"
    if len(str(key)) < min_length:
        return f"it has {len(str(key))} characters, fewer than {min_length}"
    return None


def check_secret_key(app):
    """Raise InsecureSecretKeyError for a weak SECRET_KEY, outside debug mode and tests."""
    if app.testing:
        return
    why = weakness(app.config.get("SECRET_KEY"), app.config["RODARE_SECURITY_SECRET_KEY_MIN_LENGTH"],
                   set(app.config["RODARE_SECURITY_PLACEHOLDER_SECRETS"]))
    if why is None:
        return
    message = (
        f"SECRET_KEY is not a secret: {why}. Set INVENIO_SECRET_KEY to a long random string "
        "and keep it (python -c 'import secrets; print(secrets.token_urlsafe(48))'); "
        "see docs/docker.md."
    )
    if app.debug:
        warnings.warn(message, UserWarning, stacklevel=2)
        return
    raise InsecureSecretKeyError(message)
