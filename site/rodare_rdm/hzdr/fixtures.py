"""Keep the HZDR vocabularies, the staff role and the HZDR communities in step with app_data.

``reload`` is safe to run any time (``./rodare up`` runs it at every start): vocabulary
entries are created or updated, never removed, so every record stays valid; records whose
entries changed are re-indexed so search shows the new titles. Communities are created once
and then left to their curators.
"""

from pathlib import Path

import yaml
from flask import current_app
from invenio_access.permissions import system_identity
from invenio_accounts.proxies import current_datastore
from invenio_db import db
from invenio_pidstore.errors import PIDDoesNotExistError
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_records_resources.proxies import current_service_registry
from invenio_vocabularies.records.models import VocabularyType
from sqlalchemy.exc import NoResultFound

from .custom_fields import FACILITIES, INSTITUTES, PROGRAMME

OWN_SERVICES = {"affiliations": "affiliations", "funders": "funders"}
"""Vocabulary types with a service of their own; every other type is a generic vocabulary."""

FIELD_OF_TYPE = {"hzdrinstitutes": INSTITUTES, "hzdrresearch": PROGRAMME, "hzdrfacilities": FACILITIES}

PARENT_COMMUNITY = {
    "slug": "rodare",
    "title": "RODARE – HZDR",
    "description": "All research data of the Helmholtz-Zentrum Dresden-Rossendorf. "
                   "Each HZDR institute and central department has a subcommunity.",
    "type": "organization",
}


def app_data():
    """The instance's app_data folder (where ``invenio rdm-records fixtures`` reads too)."""
    return Path(current_app.instance_path) / "app_data"


def vocabulary_files(folder=None):
    """``{type: (pid_type, entries)}`` for the configured types of vocabularies.yaml."""
    folder = folder or app_data()
    index = yaml.safe_load((folder / "vocabularies.yaml").read_text())
    files = {}
    for type_ in current_app.config["RODARE_HZDR_VOCABULARIES"]:
        spec = index[type_]
        files[type_] = (spec["pid-type"], yaml.safe_load((folder / spec["data-file"]).read_text()))
    return files


def _read(service, type_, id_):
    key = id_ if type_ in OWN_SERVICES else (type_, id_)
    try:
        return key, service.read(system_identity, key).to_dict()
    except (PIDDoesNotExistError, NoResultFound):  # generic vocabularies / affiliations, funders
        return key, None


def reload_vocabulary(type_, pid_type, entries):
    """Create or update each entry; return the ids created and updated."""
    if type_ in OWN_SERVICES:
        service = current_service_registry.get(OWN_SERVICES[type_])
    else:
        service = current_service_registry.get("vocabularies")
        if not db.session.get(VocabularyType, type_):
            service.create_type(system_identity, type_, pid_type)
    created, updated = [], []
    for entry in entries:
        data = entry if type_ in OWN_SERVICES else {**entry, "type": type_}
        key, current = _read(service, type_, entry["id"])
        if current is None:
            service.create(system_identity, data)
            created.append(entry["id"])
        elif any(current.get(k) != v for k, v in entry.items()):
            service.update(system_identity, key, data)
            updated.append(entry["id"])
    return created, updated


def reindex_records_using(type_, ids):
    """Re-index the records that use changed entries, so search shows their new titles."""
    field = FIELD_OF_TYPE.get(type_)
    if not field or not ids:
        return 0
    query = " OR ".join(f'custom_fields.{field.replace(":", chr(92) + ":")}.id:"{i}"' for i in ids)
    hits = current_rdm_records_service.scan(system_identity, params={"q": query})
    record_ids = [hit["id"] for hit in hits]
    if record_ids:
        current_rdm_records_service.reindex(system_identity, params={"q": query})
    return len(record_ids)


def ensure_staff_role():
    """The role that marks HZDR staff (assigned by administrators until the login issue)."""
    name = current_app.config["RODARE_HZDR_STAFF_ROLE"]
    if current_datastore.find_role(name) is None:
        current_datastore.create_role(name=name, description="HZDR staff (from HZDR login)")
        db.session.commit()
        return True
    return False


def _community(service, slug, title, description, type_, parent=None):
    """Create the community unless a community with this slug exists; return (id, created)."""
    try:
        return service.read(system_identity, slug).id, False
    except PIDDoesNotExistError:
        pass
    data = {
        "slug": slug,
        "metadata": {"title": title, "description": description, "type": {"id": type_},
                     "organizations": [{"id": "01zy2cs03"}]},
        "access": {"visibility": "public", "members_visibility": "public",
                   "record_submission_policy": "open", "review_policy": "open"},
        "children": {"allow": parent is None},
    }
    community = service.create(system_identity, data)
    if parent:
        service.bulk_update_parent(system_identity, [community.id], parent)
    return community.id, True


def ensure_communities(files):
    """RODARE's communities: one parent with a subcommunity per institute, one per research field."""
    service = current_service_registry.get("communities")
    created = []
    parent = PARENT_COMMUNITY
    parent_id, new = _community(service, parent["slug"], parent["title"], parent["description"],
                                parent["type"])
    if new:
        created.append(PARENT_COMMUNITY["slug"])
    for entry in files["hzdrinstitutes"][1]:
        slug = entry["props"]["community"]
        _, new = _community(
            service, slug, entry["title"]["en"],
            f"Research data of the HZDR unit {entry['title']['en']} ({entry['title']['de']}).",
            "organization", parent=parent_id)
        if new:
            created.append(slug)
    for entry in files["hzdrresearch"][1]:
        if entry["props"]["level"] != "field":
            continue
        _, new = _community(
            service, entry["id"], f"{entry['title']['en']} – HZDR",
            f"HZDR research data of the Helmholtz research field {entry['title']['en']}.",
            "topic")
        if new:
            created.append(entry["id"])
    return created
