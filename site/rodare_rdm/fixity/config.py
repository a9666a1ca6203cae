"""Defaults of the fixity feature (RODARE_FIXITY_*)."""

from datetime import timedelta

RODARE_FIXITY_PERIOD = timedelta(days=30)
"""Every stored file is verified at least once within this period.

Each run checks the files checked longest ago (never-checked first), as many as
``ceil(files / (PERIOD / INTERVAL))``, so the whole store is covered within the period.
Seconds (int) or a ``timedelta`` (``INVENIO_RODARE_FIXITY_PERIOD=2592000``)."""

RODARE_FIXITY_INTERVAL = timedelta(hours=1)
"""How often the beat runs a batch (``tasks.verify_batch``), seconds or a ``timedelta``."""

RODARE_FIXITY_MAX_COUNT = 0
"""Files per batch at most; 0 computes the batch from PERIOD and INTERVAL. A larger value
checks sooner; a smaller one than the computed batch is raised to it (the period holds)."""

RODARE_FIXITY_RECIPIENTS = []
"""Who gets the e-mail about a failed file: addresses (a list, or one comma-separated
string from the environment). Empty: every account that may open the
administration (``administration-access`` or ``superuser-access``, directly or by role)."""
