"""Defaults of the ROBIS gate (RODARE_ROBIS_*)."""

RODARE_ROBIS_ENABLED = True
"""Refuse to publish a record without a ROBIS id (administrators excepted). Off for
deployments outside HZDR."""

RODARE_ROBIS_STAFF_ONLY = False
"""Gate only the deposits of HZDR staff (owners with RODARE_HZDR_STAFF_ROLE, the role the HZDR
login gives): for deployments where approved guests deposit too (RODARE_LOGIN_DEPOSIT)."""

RODARE_ROBIS_REGISTER_URL = "https://www.hzdr.de/robis/rodare/register"
"""Where the browser goes to register a draft in ROBIS (the embedded default points at its
local ROBIS). ROBIS receives the draft's id, title, creators, resource type, publication
date, a return address and a signed token in the query string."""

RODARE_ROBIS_PUBLICATION_URL = "https://www.hzdr.de/publications/Publ-{id}"
"""The public ROBIS page of a publication id (landing-page link, related identifier)."""

RODARE_ROBIS_TOKEN_MAX_AGE = 7 * 24 * 3600
"""Seconds a registration token stays valid (a ROBIS approval can take days)."""

RODARE_ROBIS_SERVICE_ROLE = "robis-service"
"""The role of ROBIS's service account: it may use the ROBIS endpoints and nothing else."""

RODARE_ROBIS_SERVICE_CAN_PUBLISH = False
"""Whether ROBIS may publish a draft it registered (when its approval completes)."""

RODARE_ROBIS_INHERIT_ON_NEW_VERSION = True
"""A new version keeps the ROBIS id of the version it starts from."""

RODARE_ROBIS_LOOKUP_URL = "https://www.hzdr.de/robis/api/publications"
"""Where RODARE asks ROBIS whether a publication id exists before it accepts a ``pub_id``
(legacy deposit API): ``GET <url>/<id>`` with ``Accept: application/json``, 200 for a known publication,
404 for an unknown one (``rodare_rdm.robis.lookup``). The embedded default points at its
local ROBIS (stack/standins/robis.py)."""

RODARE_ROBIS_LOOKUP_TIMEOUT = 5.0
"""Seconds the lookup waits for ROBIS to connect and to answer, each; a deposit request waits
on it, so a slow ROBIS gives an error soon rather than a hanging client."""
