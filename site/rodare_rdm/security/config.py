"""Defaults of the start-up secret check (RODARE_SECURITY_*)."""

RODARE_SECURITY_SECRET_KEY_MIN_LENGTH = 32
"""Fewer characters than this is no secret. SECRET_KEY signs sessions, remember-me cookies
(a forged one signs in as any user), CSRF tokens, ROBIS tokens and OAI resumption tokens."""

RODARE_SECURITY_PLACEHOLDER_SECRETS = (
    "changeme", "secret", "secretkey", "default", "insecure", "development", "dev", "test",
    "testing", "example", "password",
)
"""Values (compared lower-case, letters and digits only) that documentation and templates
use as placeholders; a key that contains ``changeme`` anywhere is refused too."""
