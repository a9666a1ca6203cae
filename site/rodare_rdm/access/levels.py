"""The four levels and how each maps onto stock InvenioRDM's access fields.

RODARE stores the level explicitly in ``custom_fields["rodare:access_level"]`` so clients
(ROBIS, scripts) read and write one value. Stock fields follow it, so every upstream
mechanism (embargo lifting, ``access.status``, search filters) keeps working:

=========== ============== ============ ============================== =================
level       access.record  access.files embargo                        access requests
=========== ============== ============ ============================== =================
open        public         public       inactive                       no
embargoed   public         restricted   active, future ``until``       no
restricted  public         restricted   inactive                       yes (conditions)
closed      public         restricted   inactive                       no; no share links
=========== ============== ============ ============================== =================

``restricted`` and ``closed`` share the stock fields; only the explicit level tells them
apart, and the permission policy (``permissions.py``) reads it.
"""

from invenio_i18n import lazy_gettext as _

OPEN, EMBARGOED, RESTRICTED, CLOSED = "open", "embargoed", "restricted", "closed"
LEVELS = (OPEN, EMBARGOED, RESTRICTED, CLOSED)
"""In order of strictness: moving right tightens, moving left loosens."""

LEVEL_FIELD = "rodare:access_level"
CONDITIONS_FIELD = "rodare:access_conditions"

EUREPO = {
    OPEN: "info:eu-repo/semantics/openAccess",
    EMBARGOED: "info:eu-repo/semantics/embargoedAccess",
    RESTRICTED: "info:eu-repo/semantics/restrictedAccess",
    CLOSED: "info:eu-repo/semantics/closedAccess",
}
"""OpenAIRE access-rights vocabulary, for OAI-PMH and DataCite."""

UI = {
    OPEN: {
        "title": _("Open"),
        "icon": "lock open",
        "color": "green",
        "files": _("Everyone can download the files."),
    },
    EMBARGOED: {
        "title": _("Embargoed"),
        "icon": "outline clock",
        "color": "orange",
        "files": _("The owners, the curators of its communities and people the owners share "
                   "it with get the files; everyone does when the embargo ends."),
    },
    RESTRICTED: {
        "title": _("Restricted"),
        "icon": "key",
        "color": "blue",
        "files": _("Anyone may request access; the owners decide. Granted users and "
                   "share links get the files."),
    },
    CLOSED: {
        "title": _("Closed"),
        "icon": "lock",
        "color": "red",
        "files": _("Only the owners, the curators of its communities and the "
                   "repository administrators get the files."),
    },
}
"""What the landing page and the deposit form say about each level."""


def derive(access):
    """The level that stock access fields describe (``closed`` is never derived)."""
    access = access or {}
    if (access.get("embargo") or {}).get("active"):
        return EMBARGOED
    if access.get("files") == "restricted":
        return RESTRICTED
    return OPEN


def level_of(record):
    """The level of a record, draft or their dict form.

    Records published before this feature carry no explicit level: theirs is derived.
    """
    data = record if isinstance(record, dict) else dict(record)
    stored = (data.get("custom_fields") or {}).get(LEVEL_FIELD)
    return stored if stored in LEVELS else derive(data.get("access"))


def agrees(level, access):
    """Whether stock access fields describe ``level`` (restricted ones describe closed too)."""
    derived = derive(access)
    return derived == level or (level == CLOSED and derived == RESTRICTED)


def is_tightening(old, new):
    """Whether moving from ``old`` to ``new`` withholds files from more people."""
    return LEVELS.index(new) > LEVELS.index(old)


def stricter(one, other):
    """Of two levels, the one that gives the files to fewer people."""
    return one if LEVELS.index(one) >= LEVELS.index(other) else other
