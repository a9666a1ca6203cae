"""Flask extension of the software-release feature: invenio-vcs pointed at RODARE_VCS_*."""

from flask import abort, request
from flask_login import current_user

from ..extension import FeatureExtension
from . import config
from .models import RepositorySettings
from .providers import configure
from .settings import as_json

API_BLUEPRINT = "invenio_vcs_api"
"""Upstream's REST endpoints (``/api/user/vcs/<provider>/repositories/...``)."""


def require_login():
    """401 for a signed-out call of upstream's REST endpoints.

    invenio-vcs 0.3.6 writes ``login_required`` above ``route`` there, so it is not applied
    and a signed-out call failed with a 500 (AttributeError on the anonymous user).
    """
    if request.blueprint == API_BLUEPRINT and not current_user.is_authenticated:
        abort(401)


class RodareVCS(FeatureExtension):
    """Offer the configured GitLab (and GitHub) in *Settings* when the feature is on."""

    name = "vcs"
    config = config
    template_globals = {
        "rodare_vcs_robis_id": lambda repo: RepositorySettings.robis_id_of(repo.id),
        "rodare_vcs_settings": lambda repo: as_json(RepositorySettings.of(repo.id))}

    def init_config(self, app):
        """Defaults, then the providers from the final settings (before upstream finalises)."""
        super().init_config(app)
        configure(app)

    def init_feature(self, app):
        """Signed-out calls of upstream's REST endpoints get a 401."""
        app.before_request(require_login)
