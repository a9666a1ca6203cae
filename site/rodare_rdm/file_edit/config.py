"""Defaults of the file window (RODARE_FILE_EDIT_*), copied by the extension with setdefault."""

RODARE_FILE_EDIT_DAYS = 30
"""Days after a version's first publication during which its owners may unlock, change and
publish its files under the same DOI. Upstream's ``FileModificationGracePeriodPolicy`` reads
it (policies.py), and so does the publish check (components.py), the form's countdown and the
landing page's notice; afterwards a file change needs a new version."""
