"""Who may hand a draft to ROBIS, and whose rights ROBIS then acts with.

The token of the hand-off lets ROBIS attach an id and, with RODARE_ROBIS_SERVICE_CAN_PUBLISH,
publish. That is editing, so the hand-off needs upstream's ``curate`` (edit) rights, and
ROBIS's calls act for the user the token names, with that user's rights as they are *then*:

=============================== ============== =============================================
who                             hand-off       ROBIS's calls with their token
=============================== ============== =============================================
owner, ``edit``/``manage``      yes            attach; publish as them (upstream's
grantee, administrator                         ``can_publish``, open reviews block)
community reviewer of a         403            -
submission, ``preview`` grant,
share link of any kind
a grantee whose grant is gone   403            403: the user may no longer edit the draft
=============================== ============== =============================================

Rights are those the account holds itself (ownership, grants to it or its roles): both ends
use the same identity, built from the account, so a share link in the browser's session
counts for neither.
"""

from invenio_access.permissions import any_user, authenticated_user
from invenio_access.utils import get_identity
from invenio_accounts.proxies import current_datastore
from invenio_rdm_records.proxies import current_rdm_records_service as records_service


def identity_of(user_id):
    """The identity of an active account, as its own requests would have it; else None."""
    user = current_datastore.get_user(user_id)
    if user is None or not user.active:
        return None
    identity = get_identity(user)
    identity.provides.update({any_user, authenticated_user})
    return identity


def may_edit(identity, draft):
    """Whether the identity may edit the draft (a draft API object or record)."""
    record = getattr(draft, "_record", draft)
    return identity is not None and records_service.check_permission(identity, "curate", record=record)
