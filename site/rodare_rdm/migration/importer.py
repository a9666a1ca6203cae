"""The import of legacy records: each version with its id, concept, DOIs, files and owner.

One concept at a time, its versions in the old order (by id), each version in these steps:

1. its draft data (``metadata.to_draft``); the record JSON says whether it was deleted;
2. the draft: a new concept takes the legacy concept id, a version the legacy record id
   (``doi.records.assigned_ids``); a later version is a new version of the concept; a
   draft left by an interrupted run is continued; a published record is edited in place;
3. its DOIs: version and concept DOI are recorded as ``migrated`` (``doi/models.py``) before
   publishing, so the DataCite provider registers them locally and calls nobody;
4. the files, streamed from the source, each checked against the legacy MD5;
5. the owner (``accounts.py``) on the concept, the publish as the migration identity, the
   legacy creation date on the record, the communities by slug, the statistics
   (``stats.py``); a version the old RODARE deleted then becomes a tombstone.

A version is written in three transactions (``_migrate``): its draft (which a failure
further on leaves for the next run to continue), its files (their metadata extraction, a
task after that commit, reads them from the draft), and the rest at once: DOI states, owner,
publish, creation date, communities. Each is a ``DeferredIndexUnitOfWork`` (``uow.py``):
the services' indexing is left out and the DOI registration task of a held DOI is done in
the transaction itself (``_register_held``). At the end of the run every version of the
concepts it changed is indexed once, after one refresh of the statistics indices, so each
counts the views of all its versions (a concept with nothing new, in a second run or outside
a delta, is left as it is). Before, each version took some 13 commits and was indexed five
times (docs/benchmarks/migration.md).

After each version the database session is emptied: every record leaves some dozen objects
in it, held by reference cycles until the garbage collector comes, and the versioning
(SQLAlchemy-Continuum) looks at all of them at every flush, so the cost of a record grew with
the number done before it (the profile in docs/benchmarks/migration.md).

The migration identity is the system and the migration process (``generators.py``): the
ROBIS gate and the embargo cap hold for people, not for records the old RODARE published
under its own rules.
A record that fails is left as it was (a draft at most, continued by the next run) and the
report says why; the other records go on.
"""

import zlib
from datetime import datetime

from flask import current_app
from flask_principal import Identity
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from invenio_db import db
from invenio_pidstore.errors import PIDDoesNotExistError, PIDUnregistered
from invenio_pidstore.models import PersistentIdentifier, PIDStatus
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from sqlalchemy.exc import NoResultFound

from ..doi.models import MIGRATED, DOIState
from ..doi.records import assigned_ids
from . import stats
from .generators import migration_process
from .metadata import known_affiliations, to_draft
from .uow import DeferredIndexUnitOfWork


def in_part(concept, index, count):
    """Whether ``concept`` is in part ``index`` of ``count``: by a hash of its id, not the id
    itself, whose parity is often the same for all (each concept id followed by its first
    version's)."""
    return zlib.crc32(str(concept).encode()) % count == index


class MigrationFailure(Exception):
    """One record could not be migrated; the message goes into the report."""


def migration_identity():
    """The system, and the migration process (``generators.py``): it publishes what the old
    RODARE had, legacy embargoes beyond the cap included."""
    identity = Identity(system_identity.id)
    identity.provides.update(system_identity.provides)
    identity.provides.add(migration_process)
    return identity


def _published(recid):
    """The published record (a tombstone too) with this id, or None (nothing, or a draft)."""
    pid = PersistentIdentifier.query.filter_by(pid_type="recid", pid_value=str(recid)).one_or_none()
    if pid is None or pid.status not in (PIDStatus.REGISTERED, PIDStatus.DELETED):
        return None
    try:
        return records_service.record_cls.get_record(pid.object_uuid, with_deleted=True)
    except NoResultFound:
        return None


def _draft(recid):
    try:
        return records_service.draft_cls.pid.resolve(str(recid), registered_only=False)
    except (PIDDoesNotExistError, NoResultFound):
        return None


def _hold_doi(doi, recid, is_parent):
    """Mark a legacy DOI as migrated: registered at DataCite, pointing at the old RODARE
    (written with the publish, which reads it)."""
    row = db.session.get(DOIState, doi)
    if row is None:
        db.session.add(DOIState(doi=doi, recid=str(recid), is_parent=is_parent,
                                status=MIGRATED, attempts=0))


def _register_held(doi):
    """What upstream's DOI registration task does for a held DOI (``uow.py``): the PID
    becomes registered; DataCite hears of it at the cut-over."""
    pid = PersistentIdentifier.query.filter_by(pid_type="doi", pid_value=doi).one_or_none()
    if pid is None:  # the record got another DOI than the legacy one: not what was promised
        raise MigrationFailure(f"DOI {doi} is not the record's after publishing")
    if not pid.is_registered():
        pid.register()


def _community(slug, report):
    """The community with ``slug``; made (public, titled by its slug) if missing."""
    service = current_communities.service
    try:
        return service.read(system_identity, slug)
    except Exception:  # noqa: BLE001 - PIDDoesNotExistError: not there yet
        pass
    community = service.create(system_identity, {
        "slug": slug, "access": {"visibility": "public", "record_policy": "open",
                                 "review_policy": "open"},
        "metadata": {"title": slug}})
    if slug not in report.data["communities"]:
        report.data["communities"].append(slug)
    return community


def _include(record, communities):
    """Put the concept into ``communities`` (the first is the default); written with the
    record's unit of work."""
    parent = record.parent
    have = {str(c) for c in parent.communities.ids}
    changed = False
    for index, community in enumerate(communities):
        if str(community.id) not in have:
            parent.communities.add(community._record, default=index == 0 and not have)
            changed = True
    if changed:
        parent.commit()
    return changed


class Importer:
    """Imports legacy depositions from a source into the records service."""

    def __init__(self, source, report, owners, dry_run=False):
        """``owners``: legacy user id → account (``accounts.Owners``)."""
        self.source, self.report, self.owners, self.dry_run = source, report, owners, dry_run
        self.identity = migration_identity()
        self.affiliations = known_affiliations()
        self.changed = set()
        """The concepts of which this run wrote a version (indexed again at the end)."""

    def run(self, since=None, part=None):
        """Import every deposition (changed since ``since``), concept by concept.

        ``part``: (i, N), only the concepts of part i of N (``in_part``, ``parallel.py``)."""
        concepts = {}
        for deposit in self.source.depositions(since):
            if part is not None and not in_part(deposit["conceptrecid"], *part):
                continue
            if deposit.get("state") != "done" or not deposit.get("submitted"):
                self.report.set(deposit["id"], "skipped", warnings=["never published in the old RODARE"])
                continue
            concepts.setdefault(int(deposit["conceptrecid"]), []).append(deposit)
        for concept in sorted(concepts):
            failed = None
            for deposit in sorted(concepts[concept], key=lambda d: int(d["record_id"])):
                if failed is not None:  # versions keep their order: none after a failed one
                    self.report.set(deposit["record_id"], "failed", concept=str(concept),
                                    error=f"waits for version {failed}, which failed")
                elif not self.version(deposit):
                    failed = deposit["record_id"]
        if not self.dry_run and self.changed:
            stats.refresh()  # once: a refresh per record would cost more than the record
            for concept in sorted(self.changed):
                self._reindex(concept)
            self.report.indexed(self.changed)
        return self.report

    def _reindex(self, concept):
        """Index every version of a concept again: each counts the views of all versions."""
        try:
            parent = records_service.record_cls.parent_record_cls.pid.resolve(str(concept))
        except (PIDDoesNotExistError, PIDUnregistered, NoResultFound):
            return
        for model in records_service.record_cls.model_cls.query.filter_by(parent_id=parent.id):
            records_service.indexer.index(records_service.record_cls(model.data, model=model))

    def version(self, deposit):
        """Import one version; failures go into the report. False if it failed."""
        recid, modified = int(deposit["record_id"]), deposit["modified"]
        if self.report.done(recid, modified):
            self.report.counts["unchanged"] += 1
            if self.report.record(recid).get("indexed") is False:  # a run stopped before the end
                self.changed.add(int(deposit["conceptrecid"]))
            return True
        try:
            return self._version(deposit, recid, modified)
        finally:
            db.session.expunge_all()  # committed or rolled back: nothing of it is needed again

    def _version(self, deposit, recid, modified):
        try:
            legacy_record = self.source.record(recid)
            draft, slugs, warnings, unmapped = to_draft(deposit, affiliations=self.affiliations)
            if self.dry_run:
                action = "update" if _published(recid) else "import"
                self.report.set(recid, "planned", action=action, concept=deposit["conceptrecid"],
                                warnings=warnings, unmapped=unmapped, legacy_modified=None,
                                files=len(deposit.get("files") or []))
                return True
            self.changed.add(int(deposit["conceptrecid"]))
            status = self._migrate(deposit, legacy_record, draft, slugs)
        except Exception as error:  # noqa: BLE001 - one record's failure must not stop the rest
            db.session.rollback()
            current_app.logger.exception("migration of legacy record %s failed", recid)
            self.report.set(recid, "failed", error=f"{type(error).__name__}: {error}",
                            concept=deposit["conceptrecid"])
            return False
        self.report.set(recid, status, concept=deposit["conceptrecid"], legacy_modified=modified,
                        warnings=warnings, unmapped=unmapped, files=len(deposit.get("files") or []),
                        deleted=legacy_record is None, indexed=False)
        return True

    def _migrate(self, deposit, legacy_record, data, slugs):
        """Three transactions: the draft (kept if the rest fails: the next run continues it),
        its files (their metadata extraction, a task after the commit, reads them from the
        draft), then everything else of the version at once (DOIs, owner, publish, dates,
        communities); a tombstone then in a fourth. None of them indexes (``uow.py``)."""
        recid, concept = str(deposit["record_id"]), str(deposit["conceptrecid"])
        communities = [_community(slug, self.report) for slug in slugs]  # each its own commit
        published = _published(recid)
        if published is None:
            with DeferredIndexUnitOfWork() as uow:
                self._draft(recid, concept, data, uow)
                uow.commit()
            with DeferredIndexUnitOfWork() as uow:
                self._files(deposit, recid, uow)
                uow.commit()
        held = [(deposit["doi"], False)] + ([(deposit["conceptdoi"], True)] if deposit.get("conceptdoi") else [])
        with DeferredIndexUnitOfWork(registered_here=[(recid, parent) for _, parent in held]) as uow:
            for doi, parent in held:
                _hold_doi(doi, recid, parent)
            if published is not None:
                status = self._update(recid, published, data, uow)
            else:
                self._publish(deposit, recid, uow)
                status = "imported"
            for doi, _ in held:
                _register_held(doi)
            record = records_service.record_cls.pid.resolve(recid)
            self._dates(record, deposit)
            _include(record, communities)
            uow.commit()
        if legacy_record is not None:
            stats.carry_over(record, legacy_record.get("stats") or {}, deposit["created"])
        if legacy_record is None and not record.deletion_status.is_deleted:
            with DeferredIndexUnitOfWork() as uow:
                records_service.delete_record(self.identity, recid, {
                    "removal_reason": {"id": current_app.config["RODARE_MIGRATION_REMOVAL_REASON"]},
                    "note": "Deleted in the old RODARE before the migration.", "is_visible": True},
                    uow=uow)
                uow.commit()
        return status

    def _draft(self, recid, concept, data, uow):
        """The version's draft: a new concept, a new version of it, or the draft a run left."""
        if _draft(recid) is None:
            latest = self._latest_of(concept)
            if latest is None:
                with assigned_ids(record=recid, concept=concept):
                    item = records_service.create(self.identity, data, uow=uow)
            else:
                with assigned_ids(record=recid):
                    item = records_service.new_version(self.identity, latest, uow=uow)
                item = records_service.update_draft(self.identity, recid, {
                    **data, "pids": data.get("pids", {})}, uow=uow)
            if item.id != recid:
                raise MigrationFailure(f"the draft got id {item.id}, not {recid}")
        else:
            records_service.update_draft(self.identity, recid, data, uow=uow)

    def _publish(self, deposit, recid, uow):
        """Owner and publish of the draft, in ``uow``."""
        owner = self.owners(deposit.get("owner"))
        if owner is None:
            raise MigrationFailure(f"legacy owner {deposit.get('owner')} is not in the accounts")
        draft = _draft(recid)
        draft.parent.access.owned_by = {"user": str(owner.id)}
        draft.parent.commit()
        records_service.publish(self.identity, recid, uow=uow)

    def _latest_of(self, concept):
        """The id of a published version of ``concept`` (to start a new version from)."""
        try:
            parent = records_service.record_cls.parent_record_cls.pid.resolve(concept)
        except (PIDDoesNotExistError, PIDUnregistered, NoResultFound):
            return None
        latest = records_service.record_cls.get_latest_by_parent(parent)
        return latest.pid.pid_value if latest is not None else None

    def _update(self, recid, published, data, uow):
        """Edit a migrated record in place with the legacy metadata of now."""
        records_service.edit(self.identity, recid, uow=uow)
        records_service.update_draft(self.identity, recid, {**data, "files": {"enabled": published.files.enabled}},
                                     uow=uow)
        records_service.publish(self.identity, recid, uow=uow)
        return "updated"

    def _files(self, deposit, recid, uow):
        """Upload each legacy file not yet in the draft; each must match its legacy MD5 (a
        mismatch fails the version: its unit of work, files and all, is rolled back)."""
        if not deposit.get("files"):
            return
        files = records_service.draft_files
        have = {f.key: f.file.checksum if f.file else None
                for f in _draft(recid).files.values()}
        for entry in deposit.get("files") or []:
            key, md5 = entry["filename"], f"md5:{entry['checksum']}"
            if have.get(key) == md5:
                continue
            if key in have:
                files.delete_file(self.identity, recid, key, uow=uow)
            files.init_files(self.identity, recid, [{"key": key}], uow=uow)
            stream = self.source.open_file(deposit, entry)
            try:
                files.set_file_content(self.identity, recid, key, stream,
                                       content_length=entry.get("filesize"), uow=uow)
            finally:
                stream.close()
            result = files.commit_file(self.identity, recid, key, uow=uow).to_dict()
            if result.get("checksum") != md5:
                raise MigrationFailure(f"{key}: checksum {result.get('checksum')}, legacy {md5}")

    def _dates(self, record, deposit):
        """The legacy creation date on the record (publication date is in the metadata)."""
        created = datetime.fromisoformat(deposit["created"]).replace(tzinfo=None)
        if record.model.created != created:
            record.model.created = created
