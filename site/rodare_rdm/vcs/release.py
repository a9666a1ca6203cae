"""A release becomes a version through the ROBIS gate (issue 24, item 3).

Upstream's release (``RDMVCSRelease``) makes the draft as the researcher who switched the
project on and publishes it as them, so the ROBIS gate holds as for any deposit: without a
ROBIS id the publish is refused, the draft is kept and the researcher is notified with the
gate's message (which links ROBIS); registering the draft in ROBIS and publishing it then
marks the release published (upstream's ``VCSComponent``).

The record's metadata comes from the repository's CITATION.cff, .zenodo.json or codemeta.json
(the first present; ``vcs/metadata.py``), the rest from the project as upstream has it.

What this class adds besides is where a release's ROBIS id comes from: the repository names it, as
HERMES and today's RODARE have it written —

1. ``CITATION.cff`` at the tag: an ``identifiers`` entry whose value is the ROBIS page
   (``https://www.hzdr.de/publications/Publ-27151``) or whose description names ROBIS;
2. ``.rodare.json`` at the tag: ``pub_id`` (today's RODARE GitLab/GitHub integration).

The id is taken only when ROBIS knows it (``robis.lookup``), and it is set as the system, as
ROBIS's own callback sets it (the gate refuses an id a depositor sends). A later version keeps
the id of the version before it (``RODARE_ROBIS_INHERIT_ON_NEW_VERSION``), and its other
custom fields (the HZDR institutes a staff member's deposit needs, see ``get_custom_fields``).
"""

import json
import re
from contextlib import ExitStack, contextmanager

import yaml
from flask import current_app
from invenio_db import db
from invenio_pidstore.errors import PIDDoesNotExistError
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_rdm_records.records.api import RDMDraft, RDMRecord
from invenio_rdm_records.services.vcs.release import RDMVCSRelease
from invenio_records_resources.services.uow import RecordCommitOp
from invenio_vcs.errors import CustomVCSReleaseNoRetryError
from invenio_vocabularies.proxies import current_service as vocabulary_service
from marshmallow import ValidationError
from sqlalchemy.exc import NoResultFound

from ..robis.components import robis_id_of
from ..robis.ids import ROBIS_ID, normalise
from ..robis.lookup import RobisUnavailable, verify_publication
from .failures import GONE, ArchiveGone, ArchiveUnavailable, RepositoryGone, status_of
from .metadata import ReleaseMetadataError, RodareReleaseMetadata
from .models import RepositorySettings
from .settings import RELEASE_SETTINGS, validate
from .waiting import queue_behind, start_next, waiting_release

ROBIS_PAGE = re.compile(r"hzdr\.de/publications/publ-([0-9-]+)\s*$", re.IGNORECASE)
MAX_FILE = 256 * 1024
"""Larger citation files are not read (a citation file is a few kilobytes)."""


def robis_id_from_citation(text):
    """The ROBIS id a CITATION.cff names in ``identifiers``, or None. ``text`` is hostile."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    entries = data.get("identifiers") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), (str, int)):
            continue
        value, description = str(entry["value"]), str(entry.get("description") or "")
        page = ROBIS_PAGE.search(value)
        if page:
            return normalise(page.group(1))
        if "robis" in description.lower() and normalise(value):
            return normalise(value)
    return None


def robis_id_from_rodare_json(text):
    """``pub_id`` of a ``.rodare.json``, or None."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return normalise(data.get("pub_id")) if isinstance(data, dict) else None


class WaitingForRobis(CustomVCSReleaseNoRetryError):
    """The release's draft is kept until ROBIS gives its id (the message says how)."""

    def __init__(self, unreachable=None):
        """``unreachable``: the id ROBIS could not confirm (an outage), if that is why."""
        register = current_app.config["RODARE_ROBIS_REGISTER_URL"]
        if unreachable:
            self.message = (f"Waiting for ROBIS: ROBIS could not be reached to confirm the "
                            f"publication id {unreachable}; RODARE asks again and then "
                            "publishes this release by itself.")
        else:
            self.message = (
                "Waiting for ROBIS: register this release in ROBIS, HZDR's publication "
                f"database ({register}), or name its ROBIS id in CITATION.cff or on this "
                "project's page; it is published by itself once ROBIS gives the id.")
        super().__init__(message=self.message)

    def __str__(self):
        """The message (upstream's task stores ``str(error)``)."""
        return self.message


class RodareVCSRelease(RDMVCSRelease):
    """Upstream's RDM release, with the ROBIS id the repository names."""

    SOURCES = (("CITATION.cff", robis_id_from_citation), (".rodare.json", robis_id_from_rodare_json))

    metadata_cls = RodareReleaseMetadata
    metadata_source = None
    """The file the metadata came from (``RodareReleaseMetadata``), None for the project's."""

    def _file(self, name):
        content = self.provider.retrieve_remote_file(
            self.generic_repo.id, self.generic_release.tag_name, name)
        if content is None or len(content) > MAX_FILE:
            return None
        return content.decode("utf-8", errors="replace")

    def metadata_file(self, name):
        """A metadata file at the tag (text), None if absent; a huge one stops the release."""
        content = self.provider.retrieve_remote_file(
            self.generic_repo.id, self.generic_release.tag_name, name)
        if content is None:
            return None
        if len(content) > MAX_FILE:
            raise ReleaseMetadataError(name, None, f"is larger than {MAX_FILE // 1024} KiB")
        return content.decode("utf-8", errors="replace")

    def license_entry(self, spdx):
        """The rights entry of an SPDX id: the licence vocabulary's, else a named licence."""
        try:
            entry = vocabulary_service.read(self.user_identity, ("licenses", spdx.lower()))
            return {"id": entry.id}
        except (PIDDoesNotExistError, NoResultFound):
            self.add_warning(f"The licence {spdx!r} is not in RODARE's list: it is named as given.")
            return {"title": {"en": spdx}}

    def named_robis_id(self, raise_unavailable=False):
        """The ROBIS id for this release that ROBIS knows, or None: the first the repository
        names at the tag, else the project's setting (``PUT .../robis-id``).

        ROBIS unreachable: None (the release waits, ``robis_unreachable`` says why, and the
        retry task asks again), or RobisUnavailable with ``raise_unavailable``.
        """
        named = [(name, parse(text)) for name, parse in self.SOURCES
                 for text in [self._file(name)] if text]
        named.append(("the project's setting", RepositorySettings.robis_id_of(self.db_repo.id)))
        for name, robis_id in named:
            if not robis_id:
                continue
            try:
                if verify_publication(robis_id):
                    return robis_id
            except RobisUnavailable as error:
                current_app.logger.warning("vcs: ROBIS lookup for release %s: %s",
                                           self.db_release.id, error)
                if raise_unavailable:
                    raise
                self.robis_unreachable = robis_id
                return None
            self.add_warning(f"ROBIS does not know the publication id {robis_id} ({name}).")
        return None

    robis_unreachable = None
    """The id ROBIS could not confirm (unreachable) while this release was made."""

    def publish(self):
        """Upstream's publish, unless a draft of the project waits.

        Then this release waits behind it (``vcs/waiting.py``); a draft kept for want of a
        ROBIS id says "Waiting for ROBIS"; a published one starts the release queued next.
        """
        earlier = waiting_release(self.db_repo, exclude=self.db_release)
        if earlier is not None:
            queue_behind(self.db_release, earlier)
            return None
        try:
            self.generic_repo  # noqa: B018 (upstream asserts it exists, deep inside publish)
        except AssertionError as error:
            self.release_failed()
            db.session.commit()
            raise RepositoryGone() from error
        try:
            settings = self.project_settings()
        except ValidationError as error:
            self.release_failed()
            db.session.commit()
            raise CustomVCSReleaseNoRetryError(
                message=f"Nothing made: the project's settings: {error.messages}") from error
        token = RELEASE_SETTINGS.set(settings)
        try:
            result = super().publish()
        except CustomVCSReleaseNoRetryError as error:
            if not self.db_release.record_is_draft or robis_id_of(
                    RDMDraft.get_record(self.db_release.record_id)):
                raise
            raise WaitingForRobis(self.robis_unreachable) from error
        finally:
            RELEASE_SETTINGS.reset(token)
        db.session.commit()
        start_next(self.db_repo)
        return result

    def project_settings(self):
        """The project's access level (open unless set) and institute, for its draft
        (``vcs/settings.py``). An embargo that has ended since it was set stops the release
        before anything is made, with the reason as its message."""
        row = RepositorySettings.of(self.db_repo.id)
        current = {"access_level": row and row.access_level,
                   "embargo_until": row and row.embargo_until, "institute": row and row.institute}
        return validate({}, current)

    def get_custom_fields(self):
        """Upstream's (the repository's address), over the custom fields of the version before.

        Upstream replaces a new version's custom fields with its own: the HZDR fields the
        researcher gave the first version (institutes, programme, ...) would be lost, and a
        staff member's release refused for want of an institute. The ROBIS id is the gate's
        to keep (it carries it itself).
        """
        fields = super().get_custom_fields()
        latest = None if self.is_first_release() else self.db_repo.latest_release()
        if latest is None or latest.record_id is None:
            return fields
        previous = RDMRecord.get_record(latest.record_id).get("custom_fields") or {}
        return {**{k: v for k, v in previous.items() if k != ROBIS_ID}, **fields}

    @contextmanager
    def fetch_zipball_file(self):
        """Upstream's download, its failure named: gone (not retried) or for now (retried).
        Raised inside upstream's unit of work, so the draft and its file entry go with it."""
        with ExitStack() as stack:
            try:
                stream = stack.enter_context(super().fetch_zipball_file())
            except Exception as error:  # noqa: BLE001 (python-gitlab's, requests', ...)
                current_app.logger.warning("vcs: archive of release %s: %r",
                                           self.db_release.id, error)
                if status_of(error) in GONE:
                    raise ArchiveGone(status_of(error)) from error
                raise ArchiveUnavailable(error) from error
            yield stream

    def _upload_files_to_draft(self, identity, draft, uow):
        """Upstream's upload; then the ROBIS id the repository names, set as the system."""
        super()._upload_files_to_draft(identity, draft, uow)
        record = draft._record
        if robis_id_of(record):
            return  # a new version keeps the id of the one before
        robis_id = self.named_robis_id()
        if robis_id:
            record.setdefault("custom_fields", {})[ROBIS_ID] = robis_id
            uow.register(RecordCommitOp(record, current_rdm_records_service.indexer))
