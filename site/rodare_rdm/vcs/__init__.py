"""Software releases from HZDR's GitLab (Helmholtz Codebase) and GitHub become versions (issue 24).

Upstream's invenio-vcs does the work (linking an account, switching a project on, the webhook,
the release); this feature points it at the configured GitLab and GitHub (docs/software-releases.md).
"""
