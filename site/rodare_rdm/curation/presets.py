"""The presets: the checks RODARE's own communities get once, when they have none.

``invenio rodare-hzdr reload`` creates the communities of HZDR's institutes and of the
Helmholtz research fields from app_data; which kind a community is comes from the same
files. A community that has any check configuration (a preset applied before, or a curator's
own, even all disabled) is left alone.
"""

from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_pidstore.errors import PIDDoesNotExistError
from flask import current_app

from ..hzdr import fixtures as hzdr_fixtures
from . import checks


def rodare_communities(files=None):
    """``{slug: kind}`` of the communities RODARE creates (kinds as in RODARE_CURATION_PRESETS)."""
    files = files or hzdr_fixtures.vocabulary_files()
    kinds = {entry["props"]["community"]: "institute" for entry in files["hzdrinstitutes"][1]}
    kinds.update({entry["id"]: "research_field" for entry in files["hzdrresearch"][1]
                  if entry["props"]["level"] == "field"})
    return kinds


def apply(files=None):
    """Give each of RODARE's communities without checks its kind's preset; return their slugs."""
    presets = current_app.config["RODARE_CURATION_PRESETS"]
    service = current_communities.service
    applied = []
    for slug, kind in rodare_communities(files).items():
        if kind not in presets:
            continue
        try:
            community_id = service.read(system_identity, slug).id
        except PIDDoesNotExistError:  # not created (RODARE_HZDR_COMMUNITIES off)
            continue
        if checks.has_checks(community_id):
            continue
        checks.replace(community_id, checks.load(presets[kind]))
        applied.append(slug)
    return applied
