"""Defaults of record deletion (RODARE_DELETION_*), copied by the extension with setdefault."""

RODARE_DELETION_GRACE_DAYS = 30
"""Days after a version's publication during which its owners delete it themselves, with a
removal reason (upstream's immediate deletion, policies.py). Afterwards their deletion is a
request that the administrators accept or decline (Administration → Moderation → Requests).
Either way the record leaves a tombstone with its citation; its DOI stays registered."""
