"""Defaults of the software-release feature (RODARE_VCS_*, docs/software-releases.md).

Off by default: releases would reach the ROBIS gate before that path is finished (issue 24,
item 3). A provider is offered only when it is switched on *and* RODARE has an OAuth
application registered with it (client id and secret).
"""

RODARE_VCS_ENABLED = False
"""Offer the providers below in *Settings* and take their webhooks."""

RODARE_VCS_GITLAB_URL = "https://codebase.helmholtz.cloud"
"""The GitLab instance (no trailing slash): Helmholtz Codebase; the embedded default's local
GitLab (stack/standins/gitlab.py)."""

RODARE_VCS_GITLAB_NAME = "Helmholtz Codebase"
"""What the settings page calls the GitLab instance."""

RODARE_VCS_GITLAB_CLIENT_ID = ""
"""The OAuth application HZDR registers at the GitLab instance (scope ``api``, redirect URI
``<SITE_UI_URL>/oauth/authorized/gitlab/``)."""

RODARE_VCS_GITLAB_CLIENT_SECRET = ""
"""Its secret."""

RODARE_VCS_GITLAB_WEBHOOK_SECRET = ""
"""The secret token GitLab sends with every webhook (``X-Gitlab-Token``). RODARE's webhook URL
also carries a token of the user who switched the project on, which upstream checks."""

RODARE_VCS_GITHUB_CLIENT_ID = ""
"""The OAuth application HZDR registers at GitHub (optional: no id, no GitHub)."""

RODARE_VCS_GITHUB_CLIENT_SECRET = ""
"""Its secret."""

RODARE_VCS_GITHUB_WEBHOOK_SECRET = ""
"""The secret GitHub signs its webhooks with (``X-Hub-Signature-256``)."""

RODARE_VCS_ADMIN_ROWS = 500
"""How many releases (the newest) the administration page lists."""
