"""Who the migration is to the permission policy: the system, and the migration process.

``RodarePermissionPolicy`` names :class:`MigrationProcess` where the migration may do what
the system acting for a depositor may not (keep a legacy embargo beyond the cap).
"""

from invenio_access.permissions import SystemRoleNeed
from invenio_records_permissions.generators import Generator

migration_process = SystemRoleNeed("rodare_migration")
"""Provided only by the identity of ``invenio rodare-migrate`` (``importer.py``)."""


class MigrationProcess(Generator):
    """Allows the migration from the old RODARE."""

    def needs(self, **kwargs):
        """The migration's own need."""
        return [migration_process]
