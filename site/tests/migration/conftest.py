"""Factories of the migration tests: the legacy-RODARE stand-in over HTTP serving the fixture
corpus (with the local DataCite's prefix, whose DOIs the old RODARE registered there), the
vocabularies the corpus names, and a runner of ``invenio rodare-migrate``."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from invenio_access.permissions import system_identity
from invenio_rdm_records import fixtures as rdm_fixtures
from invenio_search import current_search
from invenio_vocabularies.proxies import current_service as vocabulary_service

from rodare_rdm.migration.cli import migrate
from stack.services import free_port, wait_for_port
from stack.standins import legacy_corpus

PACKAGE_DATA = Path(rdm_fixtures.__file__).parent / "data" / "vocabularies"
REPO = Path(__file__).resolve().parents[3]
ADMIN_TOKEN = "legacy-admin-secret"
ACCOUNTS = ("anna.mueller@hzdr.de", "yuki.tanaka@hzdr.de")
"""Legacy owners who have a RODARE-RDM account before the migration; the others get one."""


class LegacyRodare:
    """The stand-in (stack/standins/legacy_rodare.py) in its own process, over a dump folder."""

    def __init__(self, folder, prefix):
        """Write the corpus into ``folder``/dump; :meth:`start` serves it."""
        self.folder, self.port, self.proc = Path(folder), free_port(), None
        self.dump = self.folder / "dump"
        legacy_corpus.write_dump(self.dump, prefix)
        (self.folder / "token").write_text(ADMIN_TOKEN)

    @property
    def url(self):
        """The old RODARE's address."""
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Serve the dump."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "stack.standins.legacy_rodare", "--port", str(self.port),
             "--dump", str(self.dump), "--token-file", str(self.folder / "token")],
            cwd=REPO, stdout=subprocess.DEVNULL)
        wait_for_port(self.port, proc=self.proc, name="legacy RODARE")
        return self

    def stop(self):
        """Stop serving."""
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def entry(self, recid):
        """The dump's entry of one record."""
        return json.loads((self.dump / "records" / f"{recid}.json").read_text())

    def change(self, recid, modified, **metadata):
        """Change a record in the old RODARE (its deposit and record JSON) at ``modified``."""
        path = self.dump / "records" / f"{recid}.json"
        entry = json.loads(path.read_text())
        entry["deposit"]["metadata"].update(metadata)
        entry["deposit"]["modified"] = modified
        if entry["record"]:
            entry["record"]["metadata"].update(metadata)
            entry["record"]["updated"] = modified
        path.write_text(json.dumps(entry, ensure_ascii=False))


@pytest.fixture(scope="module")
def legacy_rodare(tmp_path_factory, local_datacite):
    """The old RODARE with the corpus, its DOIs under the local DataCite's prefix."""
    server = LegacyRodare(tmp_path_factory.mktemp("legacy"), local_datacite.prefix).start()
    yield server
    server.stop()


def _package(name, ids=None):
    entries = yaml.safe_load((PACKAGE_DATA / name).read_text())
    return [e for e in entries if ids is None or e["id"] in ids]


def _add(type_id, pid_type, entries, create_type=True):
    if create_type:
        vocabulary_service.create_type(system_identity, type_id, pid_type)
    for entry in entries:
        vocabulary_service.create(system_identity, {**entry, "type": type_id})


@pytest.fixture(scope="module")
def corpus_vocabularies(vocabularies):
    """The resource types, relations, roles, description and date types, licences and
    languages (RODARE's own entries) of the corpus."""
    _add("resourcetypes", None, _package("resource_types.yaml", {
        "software", "publication-article", "image-figure", "poster", "presentation"}),
        create_type=False)
    _add("relationtypes", "rlt", _package("relation_types.yaml"))
    _add("descriptiontypes", "dty", _package("description_types.yaml"))
    _add("contributorsroles", "cor", _package("roles.yaml"))
    _add("licenses", None, [
        {"id": id_, "title": {"en": title}, "props": {"scheme": "spdx"}}
        for id_, title in (("cc0-1.0", "Creative Commons Zero v1.0 Universal"), ("mit", "MIT License"),
                           ("cc-by-sa-4.0", "Creative Commons Attribution Share Alike 4.0"))],
        create_type=False)
    _add("datetypes", "dat", _package("date_types.yaml"))
    rodare_languages = yaml.safe_load((REPO / "app_data" / "vocabularies" / "languages.yaml").read_text())
    _add("languages", "lng", [e for e in rodare_languages
                              if e["id"] in {*legacy_corpus.HOME_LANGUAGES, "eng"}])
    _add("removalreasons", None, [{"id": "retracted", "title": {"en": "Retraction/Withdrawal of a record"}}],
         create_type=False)
    current_search.flush_and_refresh("vocabularies")


@pytest.fixture
def migration_app(running_app, corpus_vocabularies, custom_field_mappings, index_templates, hzdr_vocabularies,
                  people, UserFixture, db):
    """The app with the corpus's and HZDR's vocabularies, fresh indices, two legacy owners, and
    the usual people: an administrator among them, as on every instance (permissions that
    name administration-access are then theirs only, not whoever claims the action)."""
    for email in ACCOUNTS:
        UserFixture(email=email, password="pw-" + email, active=True, confirmed=True).create(
            running_app.app, db)
    return running_app.app


@pytest.fixture
def run_migrate(migration_app, tmp_path):
    """``invenio rodare-migrate ARGS``; returns the click result (report in tmp_path)."""
    runner = migration_app.test_cli_runner()

    def _run(*args, report="report.json"):
        return runner.invoke(migrate, [*args, "--report", str(tmp_path / report)]
                             if args and args[0] == "run" else list(args), catch_exceptions=False)

    return _run
