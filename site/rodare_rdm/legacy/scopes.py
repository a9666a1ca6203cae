"""The legacy token scopes, as old RODARE and Zenodo issued them to personal tokens.

Registered through the ``invenio_oauth2server.scopes`` entry point, so the token form offers
them and migrated tokens keep theirs. ``views.py`` requires ``deposit:write`` for writes and
``deposit:actions`` for publish, edit, discard and new version; a token without the scope
gets 403. A browser session has no token and is not limited by scopes.
"""

from invenio_i18n import lazy_gettext as _
from invenio_oauth2server.models import Scope

deposit_write_scope = Scope(
    id_="deposit:write",
    group="deposit",
    help_text=_("Allow upload (but not publishing)."),
)

deposit_actions_scope = Scope(
    id_="deposit:actions",
    group="deposit",
    help_text=_("Allow publishing of uploads."),
)
