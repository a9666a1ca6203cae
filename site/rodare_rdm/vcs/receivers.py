"""The webhook receivers: upstream's, which also check the secret the provider sends.

invenio-webhooks takes an event only with a valid ``access_token`` (the token RODARE made for
the user who switched the project on). invenio-vcs 0.3.6 gives GitLab a secret token when it
makes the hook but never compares what GitLab sends back (``X-Gitlab-Token``); the receiver
below does: an event without the secret is answered 401 and nothing is created. (Not through
invenio-webhooks' ``check_signature``: its refusal answers 500.)
"""

import hmac

from flask import current_app, request
from invenio_vcs.receivers import VCSReceiver


class GitLabReceiver(VCSReceiver):
    """Upstream's receiver, refusing an event without the hook's secret token."""

    @staticmethod
    def secret_matches():
        """``X-Gitlab-Token`` equals RODARE_VCS_GITLAB_WEBHOOK_SECRET (when one is set)."""
        secret = current_app.config.get("RODARE_VCS_GITLAB_WEBHOOK_SECRET") or ""
        if not secret:
            return True
        sent = request.headers.get("X-Gitlab-Token", "")
        return hmac.compare_digest(sent.encode(), secret.encode())

    def run(self, event):
        """Upstream's handling, for an event that carries the hook's secret."""
        if not self.secret_matches():
            current_app.logger.warning("vcs: GitLab event %s without the hook's secret refused",
                                       event.id)
            event.response_code = 401
            event.response = {"status": 401, "message": "The webhook's secret token is wrong."}
            return
        super().run(event)


RECEIVERS = {"gitlab": GitLabReceiver}
"""Receivers in place of upstream's plain ``VCSReceiver`` (GitHub's signs with
``X-Hub-Signature``; upstream's GitHub provider checks that)."""


def finalize_app(app):
    """Entry points ``invenio_base.(api_)finalize_app``: ours in place of upstream's receiver.

    Upstream registers its receiver for each provider when the app is finalised, unless one is
    registered already; the order of the two finalisers is not fixed, so ours replaces it.
    """
    state = app.extensions.get("invenio-webhooks")
    if state is None:
        return
    for factory in app.config.get("VCS_PROVIDERS", []):
        receiver = RECEIVERS.get(factory.id)
        if receiver is None or isinstance(state.receivers.get(factory.id), receiver):
            continue
        if factory.id in state.receivers:
            state.unregister(factory.id)
        state.register(factory.id, receiver)
    return None

