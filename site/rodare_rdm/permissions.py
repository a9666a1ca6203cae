"""RODARE's record permission policy: upstream's, with closed files for a few people only.

The one policy of the instance (``RDM_PERMISSION_POLICY``), so it lives beside the config
module, not in a feature: features add their own actions here (the embargo's
``can_extend_embargo_beyond_maximum``, login's ``can_create``) and keep their generators at
home (``access/generators.py``, ``login/generators.py``).

Only the actions below change; everything else is upstream's ``RDMRecordPermissionPolicy``.

======================== ======================= ==========================================
level                    who gets the files       how
======================== ======================= ==========================================
open                     everyone                 upstream (files public)
embargoed, restricted    upstream's ``can_view``  owners, community members, grants, links
closed                   owners, community        ``can_manage`` + administrators;
                         curators, administrators no grants, no share links
======================== ======================= ==========================================

At ``closed`` share links and view/preview/edit grants count for nothing at all, including
those made while the record was more open: upstream's ``can_curate``, ``can_preview`` and
``can_view`` lose them, and with these every action that defers to them (edit drafts, new
versions, draft files and media, ``files-import``, the deposit form). ``manage`` grants stay:
their holders manage the record as its owners do. A draft of a published record (an edit or
a new version) is judged at the stricter of its own level and the published one's
(``access/generators.py`` ``deciding_level``).
"""

from invenio_administration.generators import Administration
from invenio_rdm_records.services.generators import AccessGrant, SecretLinks, SubmissionReviewer
from invenio_rdm_records.services.permissions import RDMRecordPermissionPolicy
from invenio_records_permissions.generators import SameAs, SystemProcess
from invenio_records_resources.services.files.generators import IfTransferType
from invenio_records_resources.services.files.transfer import LOCAL_TRANSFER_TYPE

from .access.generators import IfAccessLevel
from .access.levels import CLOSED
from .login.generators import Depositor
from .migration.generators import MigrationProcess

_base = RDMRecordPermissionPolicy

SHARING = (AccessGrant, SecretLinks)
"""Generators that share links and grants satisfy (``manage`` grants live in ``can_manage``,
which no closed rule touches)."""


def unshared_when_closed(action):
    """Upstream's ``action``, without links and grants for closed records."""
    generators = getattr(_base, action)
    kept = [g for g in generators if not isinstance(g, SHARING)]
    return [IfAccessLevel([CLOSED], then_=kept, else_=generators)]


class RodarePermissionPolicy(RDMRecordPermissionPolicy):
    """Upstream's policy; closed files for owners, curators and administrators only."""

    can_curate = unshared_when_closed("can_curate")
    can_preview = unshared_when_closed("can_preview")
    can_view = unshared_when_closed("can_view")

    can_read_closed_files = SameAs("can_manage") + [SubmissionReviewer(), Administration()]

    can_read_files = [
        IfAccessLevel([CLOSED], then_=SameAs("can_read_closed_files"), else_=_base.can_read_files),
    ]
    can_draft_read_files = [
        IfAccessLevel(
            [CLOSED], then_=SameAs("can_read_closed_files"), else_=_base.can_draft_read_files
        ),
    ]
    # Media files (IIIF tiles, derivatives) are the files in another form: same rule.
    can_media_read_files = SameAs("can_read_files")
    can_media_get_content_files = [
        IfTransferType(LOCAL_TRANSFER_TYPE, SameAs("can_media_read_files")),
        SystemProcess(),
    ]
    can_draft_media_get_content_files = [
        IfAccessLevel(
            [CLOSED],
            then_=[IfTransferType(LOCAL_TRANSFER_TYPE, SameAs("can_read_closed_files")),
                   SystemProcess()],
            else_=_base.can_draft_media_get_content_files,
        ),
    ]

    can_create = [Depositor(), Administration(), SystemProcess()]
    """Who may start an upload: RODARE_LOGIN_DEPOSIT (site/rodare_rdm/login)."""

    can_tighten_access_level = [Administration(), SystemProcess()]
    """Withhold a published record's files from more people after the grace period."""

    can_modify_locked_files = [Administration(), SystemProcess()]
    """Publish changed files after RODARE_FILE_EDIT_DAYS (site/rodare_rdm/file_edit): those who
    may unlock them at any time (upstream's ``FileModificationAdminPolicy``)."""

    can_extend_embargo_beyond_maximum = [Administration(), MigrationProcess()]
    """Embargo files longer than RODARE_EMBARGO_MAX_YEARS (site/rodare_rdm/embargo).
    Not the system: services (ROBIS) act as the system on a depositor's behalf. The
    migration keeps the embargoes the old RODARE granted (site/rodare_rdm/migration)."""
