"""The administration page: files whose last check failed, with links to their records."""

from invenio_administration.views.base import AdminView
from invenio_i18n import lazy_gettext as _

from .failures import failed_files


class FixityAdminView(AdminView):
    """A table read from the database (a handful of rows; no search index needed)."""

    extension_name = "rodare-fixity"
    name = "fixity"
    url = "/fixity"
    category = _("Deposits")
    menu_label = _("File integrity")
    order = 50
    icon = "shield alternate"
    template = "rodare_rdm/fixity/admin.html"

    def get(self):
        """The table."""
        return self.render(files=failed_files())
