"""What people read about a record's level: the landing page, search results, the files list."""

from datetime import date

from flask import current_app

from .levels import EMBARGOED, LEVELS, UI, level_of
from .models import AccessLevelChange


def access_level_ui(record_ui):
    """What the landing page says about a record's level."""
    level = level_of(record_ui)
    info = {"id": level, **{k: str(v) for k, v in UI[level].items()}}
    until = ((record_ui.get("access") or {}).get("embargo") or {}).get("until")
    if level == EMBARGOED and until:
        info["until"] = until
        info["days"] = (date.fromisoformat(until[:10]) - date.today()).days
    info["contact"] = current_app.config["RODARE_ACCESS_CONTACT_EMAIL"]
    return info


def deposit_form_levels(record_ui):
    """What the deposit form's level field takes from the server (``rodare_access_form``).

    The levels in order of strictness with their title, icon and colour, and the level of
    the draft the form opens (``level_of``: derived for drafts made before the level
    existed). ``AccessLevelField.js`` defines none of these, so the form, the landing page
    and the service cannot drift apart; it only words who gets the files.
    """
    return {
        "levels": [
            {"id": level, **{key: str(UI[level][key]) for key in ("title", "icon", "color")}}
            for level in LEVELS
        ],
        "level": level_of(record_ui or {}),
    }


def access_status_ui(record_ui):
    """The level in the shape upstream templates read from ``record_ui.ui.access_status``."""
    info = access_level_ui(record_ui)
    message = {"open": "", "embargoed": "warning", "restricted": "info", "closed": "negative"}
    return {
        "id": info["id"],
        "title_l10n": info["title"],
        "description_l10n": info["files"],
        "icon": info["icon"],
        "message_class": message[info["id"]],
    }


def file_entries(record):
    """Names and sizes of a record's files: metadata, shown even when the files are withheld.

    ``record`` is the record API object the landing page renders; nothing here links to
    the content.
    """
    record = getattr(record, "_record", record)
    files = getattr(record, "files", None)
    if not files or not files.enabled:
        return []
    entries = [
        {"key": key, "size": f.file.size if f.file else None}
        for key, f in files.entries.items()
    ]
    return sorted(entries, key=lambda e: e["key"])


def level_history(record):
    """The level's history of a record's versions, oldest first (for those who manage it)."""
    record = getattr(record, "_record", record)
    changes = AccessLevelChange.query.filter_by(parent_id=record.parent.id).order_by(
        AccessLevelChange.created
    )
    return [change.dump() for change in changes]
