"""Who may deposit (RODARE_LOGIN_DEPOSIT), as a permission generator for ``can_create``."""

from flask import current_app
from flask_principal import RoleNeed
from invenio_access.permissions import authenticated_user
from invenio_records_permissions.generators import Generator


class Depositor(Generator):
    """Every logged-in account, or HZDR staff and the accounts an administrator approved.

    Roles are managed roles, whose id is their name, so ``RoleNeed(name)`` matches the
    needs invenio-access loads for an account.
    """

    def needs(self, **kwargs):
        """The needs of whoever may create an upload."""
        config = current_app.config
        if config["RODARE_LOGIN_DEPOSIT"] == "everyone":
            return [authenticated_user]
        return [RoleNeed(config["RODARE_HZDR_STAFF_ROLE"]),
                RoleNeed(config["RODARE_LOGIN_DEPOSIT_ROLE"])]
