"""A legacy deposition's metadata as RDM draft data, through the legacy API's own mapping
(``rodare_rdm.legacy.mapping``), with what the migration adds:

================================== ==========================================================
legacy                             migration
================================== ==========================================================
a field the mapping refuses        left out and listed in the report (``unmapped``) with its
(unknown, or a bad value: a        value and the mapping's message: never dropped silently;
language outside the vocabulary,   the rest of the record is imported. A required part
a malformed date, an ISBN)         (a date's start) takes its entry with it
``embargoed``, date passed         ``open``: the old RODARE had lifted it (a warning says so)
``embargoed``, date beyond the cap kept: the migration acts as an administrator
``doi``, ``prereserve_doi``        the version DOI (``pids.doi``), as it is
``pub_id``                         ``hzdr:robis_id``, without asking ROBIS (the old record
                                   was registered under the old rules)
``communities``                    their slugs (the importer makes missing communities)
creator/contributor ``affiliation`` the affiliations vocabulary's entry (a ROR id) when its
                                   name or acronym is the legacy text; else the text
================================== ==========================================================
"""

import copy
from datetime import date

from flask import current_app
from invenio_vocabularies.contrib.affiliations.api import Affiliation

from ..legacy.deposits import funder_of_doi, language_of
from ..legacy.mapping import LegacyValidationError, to_rdm
from ..robis.ids import ROBIS_ID

MAX_ROUNDS = 20


def _top(field):
    """``metadata.creators.0.orcid`` → ``("creators", ["0", "orcid"])``."""
    parts = field.split(".")[1:] if field.startswith("metadata.") else field.split(".")
    return parts[0], parts[1:]


def _drop(metadata, field):
    """Remove what ``field`` names from ``metadata``; the removed value."""
    name, rest = _top(field)
    if not rest or name not in metadata:
        return metadata.pop(name, None)
    target = metadata[name]
    for part in rest[:-1]:
        target = target[int(part)] if isinstance(target, list) else target.get(part)
    last = rest[-1]
    if isinstance(target, list):
        return target.pop(int(last))
    return target.pop(last, None) if isinstance(target, dict) else None


def known_affiliations():
    """Name or acronym (lower case) → id (ROR) of each entry of the affiliations vocabulary."""
    known = {}
    for model in Affiliation.model_cls.query.all():
        data = model.json or {}
        for name in (data.get("acronym"), data.get("name")):
            if name:
                known[name.strip().lower()] = Affiliation(model.data, model=model).pid.pid_value
    return known


def _link_affiliations(people, known):
    for person in people or []:
        person["affiliations"] = [
            {"id": known[a["name"].strip().lower()]} if a.get("name", "").strip().lower() in known else a
            for a in person.get("affiliations") or []]


def to_draft(deposit, today=None, affiliations=None):
    """(draft data, community slugs, warnings, unmapped) of a legacy deposition.

    ``affiliations``: ``known_affiliations()``, read once per run.
    """
    metadata = copy.deepcopy(deposit["metadata"])
    warnings, unmapped = [], []
    today = today or date.today()
    if metadata.get("access_right") == "embargoed" and metadata.get("embargo_date"):
        try:
            ended = date.fromisoformat(metadata["embargo_date"]) <= today
        except ValueError:
            ended = False
        if ended:
            warnings.append(f"embargo ended on {metadata['embargo_date']}: migrated as open")
            metadata["access_right"] = "open"
            metadata.pop("embargo_date")
    config = current_app.config
    dropped = set()
    for _round in range(MAX_ROUNDS):
        try:
            mapped = to_rdm(metadata, default_license=config["RODARE_LEGACY_DEFAULT_LICENSE"],
                            robis_url=config["RODARE_ROBIS_PUBLICATION_URL"],
                            resolve_funder=funder_of_doi, resolve_language=language_of, today=today)
            break
        except LegacyValidationError as error:
            for problem in error.errors:
                field = problem["field"]
                if field in dropped and "." in field.removeprefix("metadata."):
                    # Dropping it did not help (it is required where it stood): drop its parent.
                    field = field.rpartition(".")[0]
                dropped.add(field)
                try:
                    value = _drop(metadata, field)
                except (KeyError, IndexError, ValueError, AttributeError):
                    value = None
                unmapped.append({**problem, "field": field, "value": value})
    else:
        raise LegacyValidationError(unmapped)
    draft = mapped.draft
    for role in ("creators", "contributors"):
        _link_affiliations(draft["metadata"].get(role), affiliations or {})
    draft["metadata"].setdefault("publisher", config["RODARE_LEGACY_PUBLISHER"])
    doi = deposit.get("doi") or mapped.doi
    if doi:
        draft["pids"] = {"doi": {"identifier": doi, "provider": "datacite"}}
    if mapped.pub_id:
        draft["custom_fields"][ROBIS_ID] = mapped.pub_id
    draft["files"] = {"enabled": bool(deposit.get("files"))}
    return draft, mapped.communities, warnings, unmapped
