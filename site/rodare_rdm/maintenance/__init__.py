"""A dependency that is down (PostgreSQL, Redis, the search server, the broker) answers 503
with RODARE's maintenance message and ``Retry-After``: never a 500, never a hang."""
