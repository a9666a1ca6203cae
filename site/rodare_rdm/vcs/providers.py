"""The providers invenio-vcs offers, and the OAuth clients it links accounts with.

invenio-oauthclient builds its remote apps from ``OAUTHCLIENT_REMOTE_APPS`` when the
application starts, and their handlers are bound methods of the provider factories, so both
exist from the configuration module on (:data:`FACTORIES`, :func:`remote_app`). Where they
point is settled later, from the final RODARE_VCS_* settings (:func:`configure`): the remote
apps read their addresses and client from ``RODARE_VCS_<ID>_OAUTH`` (flask-oauthlib's
``app_key``), the factories get upstream's own overrides (``update_config_with_override``).
"""

from flask import current_app, redirect, url_for
from flask_login import current_user
from invenio_i18n import lazy_gettext as _
from invenio_oauthclient.handlers import authorized_signup_handler
from invenio_vcs.contrib.github import GitHubProviderFactory
from invenio_vcs.contrib.gitlab import GitLabProviderFactory
from werkzeug.local import LocalProxy

PLACEHOLDER = "https://vcs.invalid"
"""The address a factory has until :func:`configure` gives it the configured one."""

FACTORIES = {
    "gitlab": GitLabProviderFactory(
        base_url=PLACEHOLDER, webhook_receiver_url=PLACEHOLDER, id="gitlab",
        name="Helmholtz Codebase",
        description=_("Archive releases of your Helmholtz Codebase (GitLab) projects"),
        credentials_key="RODARE_VCS_GITLAB_OAUTH",
    ),
    "github": GitHubProviderFactory(
        base_url="https://github.com", webhook_receiver_url=PLACEHOLDER, id="github",
        name="GitHub", credentials_key="RODARE_VCS_GITHUB_OAUTH",
    ),
}
"""One factory per provider id (also the remote app's and the webhook receiver's name)."""

SCOPES = {"gitlab": "api", "github": "read:user,user:email,admin:repo_hook,read:org"}
"""What RODARE asks for: GitLab's ``api`` (projects, hooks, files); GitHub's as upstream."""


def active(config, provider_id):
    """Is the provider offered: the feature on, and a client registered with the provider?"""
    prefix = f"RODARE_VCS_{provider_id.upper()}_"
    return bool(config.get("RODARE_VCS_ENABLED") and config.get(prefix + "CLIENT_ID")
                and config.get(prefix + "CLIENT_SECRET"))


def authorized_link_handler(resp, remote, *args, **kwargs):
    """Link a provider account to the signed-in user; never sign anyone in or up with it.

    RODARE's accounts come from HZDR's login (docs/login.md): a GitLab or GitHub account is
    linked to one, not a way in.
    """
    if not current_user.is_authenticated:
        return redirect(url_for("security.login"))
    return authorized_signup_handler(resp, remote, *args, **kwargs)


def remote_app(provider_id):
    """The ``OAUTHCLIENT_REMOTE_APPS`` entry of a provider: upstream's, with a live client."""
    upstream = FACTORIES[provider_id].oauth_remote_config
    return {
        **upstream,
        # Not on the login page; /oauth/login/<id>/ answers 404 while the provider is off.
        "link_only": True,
        "hide": LocalProxy(lambda: not active(current_app.config, provider_id)),
        "authorized_handler": "rodare_rdm.vcs.providers:authorized_link_handler",
        "params": {"app_key": FACTORIES[provider_id].credentials_key},
    }


REMOTE_APPS = {provider_id: remote_app(provider_id) for provider_id in FACTORIES}

REST_REMOTE_APPS = {provider_id: {**remote_app(provider_id), "hide": True}
                    for provider_id in FACTORIES}
"""The same clients in the API app, where upstream's release tasks and REST endpoints look the
linked account up by the client's key; never a login there (``hide``)."""


def oauth_settings(config, provider_id):
    """``RODARE_VCS_<ID>_OAUTH``: where the remote app sends the browser and redeems codes."""
    prefix = f"RODARE_VCS_{provider_id.upper()}_"
    if provider_id == "gitlab":
        base = config[prefix + "URL"].rstrip("/")
        urls = {"base_url": f"{base}/api/v4/", "authorize_url": f"{base}/oauth/authorize",
                "access_token_url": f"{base}/oauth/token"}
    else:
        urls = {"base_url": "https://api.github.com/",
                "authorize_url": "https://github.com/login/oauth/authorize",
                "access_token_url": "https://github.com/login/oauth/access_token"}
    return {**urls, "request_token_url": None, "access_token_method": "POST",
            "request_token_params": {"scope": SCOPES[provider_id]},
            "consumer_key": config.get(prefix + "CLIENT_ID") or "",
            "consumer_secret": config.get(prefix + "CLIENT_SECRET") or ""}


def configure(app):
    """Point the factories and remote apps at the configured providers; offer the active ones.

    ``VCS_PROVIDERS`` lists the active providers only: upstream adds a settings menu entry and a
    webhook receiver for each when the application is finalised.
    """
    config = app.config
    receiver = config["SITE_API_URL"].rstrip("/") + "/hooks/receivers/{id}/events/?access_token={{token}}"
    gitlab = config["RODARE_VCS_GITLAB_URL"].rstrip("/")
    # Upstream names a provider's repositories with gettext at import, outside any request:
    # frozen in English ("Liste Ihrer projects" on the German page). Lazy strings here are
    # translated per request, with upstream's own German catalog.
    words = {
        "gitlab": {"repository_name": _("project"), "repository_name_plural": _("projects"),
                   "repo_list_message": _(
                       "If your project does not show up in the list, please ensure you have at "
                       "least the 'Maintainer' role on the project or its group.")},
        "github": {"repository_name": _("repository"),
                   "repository_name_plural": _("repositories"),
                   "repo_list_message": _(
                       "If your organization's repositories do not show up in the list, please "
                       "ensure you have enabled third-party access.")},
    }
    overrides = {
        "gitlab": {"base_url": gitlab, "name": config["RODARE_VCS_GITLAB_NAME"],
                   "release_docs_links": f"{gitlab}/help/user/project/releases/_index.md",
                   "repo_list_info_link": f"{gitlab}/help/user/permissions.md#project-permissions",
                   "config": {"shared_validation_token": config["RODARE_VCS_GITLAB_WEBHOOK_SECRET"]}},
        "github": {"config": {"shared_secret": config["RODARE_VCS_GITHUB_WEBHOOK_SECRET"]}},
    }
    providers = []
    for provider_id, factory in FACTORIES.items():
        config.setdefault(factory.credentials_key, oauth_settings(config, provider_id))
        factory.update_config_with_override(
            {**words[provider_id], **overrides[provider_id],
             "webhook_receiver_url": receiver.format(id=provider_id)})
        if active(config, provider_id):
            providers.append(factory)
    config["VCS_PROVIDERS"] = providers
