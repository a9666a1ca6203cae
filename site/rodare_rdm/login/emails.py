"""A changed e-mail address is unconfirmed until its new owner confirms it.

RODARE's addresses come from the identity providers, and the profile form does not offer to
change them (``USERPROFILES_EMAIL_ENABLED = False`` in invenio.cfg). Any other way an address
still changes (an administrator's tool, a future upstream form or REST endpoint) goes
through ``User.email``; this listener clears ``confirmed_at`` there, so that the account
cannot be linked by e-mail (``linking.py``) until the person at the new address confirms it.
Without it, anyone could set a colleague's address on their own confirmed account before
the colleague's first sign-in, and be handed the colleague's identity and roles.
"""

from invenio_accounts.models import User
from sqlalchemy import event
from sqlalchemy.orm.base import NO_VALUE, NEVER_SET


def unconfirm_changed_email(user, new, old, initiator):
    """``set`` listener of ``User._email``: a different address drops the confirmation."""
    if old in (None, NO_VALUE, NEVER_SET) or user.id is None:
        return new
    if (new or "").lower() != old.lower():
        user.confirmed_at = None
    return new


def listen():
    """Register the listener once per process (several apps may be built, as in tests)."""
    if not event.contains(User._email, "set", unconfirm_changed_email):
        event.listen(User._email, "set", unconfirm_changed_email, active_history=True,
                     retval=True)
