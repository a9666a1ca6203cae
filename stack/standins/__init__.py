"""Local stand-ins for the outside services RODARE talks to, run by ``./rodare up``.

Each is a small real server (``python -m stack.standins.<name>``), so the instance speaks
to them exactly as to the real service; their data lives in ``.rodare/``:

| module        | stands in for                              | port  |
|---------------|--------------------------------------------|-------|
| datacite.py   | DataCite's REST API (DOI registration)     | 55030 |
| robis.py      | ROBIS, HZDR's publication database         | 55080 |
| gitlab.py     | Helmholtz Codebase (GitLab: OAuth, API v4, webhooks) | 55040 |
| saml_idp.py   | HZDR's Shibboleth identity provider (SAML) | 55091 |
| oidc.py       | Helmholtz AAI and ORCID (OpenID Connect)   | 55092, 55093 |
| mailsink.py   | an SMTP server (mail kept as ``.eml``)     | 55025 |
| legacy_rodare.py | today's RODARE for the migration (run by ``./rodare migrate`` and the tests, not by ``./rodare up``) | free |

``stack.supervisor`` starts them; the services the data lives in (PostgreSQL, Redis, the
search server) are ``stack.services``.
"""
