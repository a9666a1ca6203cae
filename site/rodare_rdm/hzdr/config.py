"""Defaults of the HZDR metadata feature (RODARE_HZDR_*)."""

RODARE_HZDR_STAFF_ROLE = "hzdr-staff"
"""The role of HZDR staff: their deposits must name at least one institute (HZDR policy).

An administrator assigns it until the login issue grants it from the identity provider."""

RODARE_HZDR_VOCABULARIES = ["affiliations", "funders", "hzdrinstitutes", "hzdrresearch", "hzdrfacilities"]
"""The types of ``app_data/vocabularies.yaml`` that ``invenio rodare-hzdr reload`` keeps in step."""

RODARE_HZDR_SCICAT_URL = "https://scicat.hzdr.de/datasets/{pid}"
"""Where a SciCat dataset PID points (``pid`` is URL-encoded, ``/`` included)."""

RODARE_HZDR_COMMUNITIES = True
"""Whether ``reload`` also creates the communities of HZDR's institutes and research fields."""
