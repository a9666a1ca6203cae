"""Who reads and changes a community's checks: its curators (curator, manager, owner) and
the administrators. Upstream's own policy for check configurations allows administrators only."""

from invenio_administration.generators import Administration
from invenio_communities.generators import CommunityCurators
from invenio_records_permissions.generators import SystemProcess
from invenio_records_permissions.policies import BasePermissionPolicy


class CommunityChecksPolicy(BasePermissionPolicy):
    """``record`` is the community."""

    can_read = [CommunityCurators(), Administration(), SystemProcess()]
    can_update = [CommunityCurators(), Administration(), SystemProcess()]
