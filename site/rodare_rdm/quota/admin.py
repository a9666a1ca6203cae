"""Administration → Moderation → "Quota requests": the open requests for more space.

Upstream's "Requests" list shows deletion requests only (its search pins the type); this is
the same list pinned to quota increases. Each entry opens upstream's request details, where
an administrator accepts or declines.
"""

from functools import partial

from invenio_i18n import lazy_gettext as _
from invenio_app_rdm.administration.moderation.requests import ModerationRequestListView

from .requests import RodareQuotaIncrease


class QuotaRequestListView(ModerationRequestListView):
    """Open quota-increase requests, newest first, for the administrators."""

    name = "quota-requests"
    url = "/quota-requests"
    title = _("Quota requests")
    menu_label = _("Quota requests")
    order = 2

    def init_search_config(self):
        """Upstream's request search, with the quota-increase type pinned in place of deletion."""
        search_config = super().init_search_config()
        hidden = [p if p[0] != "type" else ["type", RodareQuotaIncrease.type_id]
                  for p in search_config.keywords["hidden_params"]]
        return partial(search_config.func, **{**search_config.keywords, "hidden_params": hidden})
