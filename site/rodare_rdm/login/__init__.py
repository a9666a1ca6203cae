"""HZDR login: Shibboleth (SAML), Helmholtz AAI and ORCID (OpenID Connect), roles from the identity."""
