"""HERMES publishes a software release on RODARE through the legacy deposit API, unchanged.

HERMES (PyPI ``hermes`` 0.9.2, its ``rodare`` target) and a second client, openscm-zenodo, run from
.venv-hermes (tests/hermes/requirements.txt; ``./rodare test`` makes it) against the live
stack, as processes of their own. The sample project (tests/hermes/sample: CITATION.cff,
codemeta.json, one file, hermes.toml) goes through ``hermes clean``, ``harvest``, ``process``,
``curate`` and ``deposit --initial``; then its next release, a new version of the same
concept. HERMES's harvest downloads two schema files; tests/hermes/schema_mirror.py serves
them here (the machine has no internet), through HERMES's own proxy and CA settings.

The depositor is a plain researcher with a token of the legacy scopes, and ROBIS publication
30001, which the local ROBIS knows (stack/standins/robis.py).
"""

import json
import os
import re
import subprocess
import tomllib
import uuid
from pathlib import Path

import pytest
import requests

from stack.supervisor import REPO

from tests.hermes.schema_mirror import CFF_SCHEMA, CODEMETA_CONTEXT, SchemaMirror

pytestmark = pytest.mark.e2e

VENV = REPO / ".venv-hermes" / "bin"
SAMPLE = REPO / "tests" / "hermes" / "sample"
PUB_ID = "30001"
RDM_JSON = {"Accept": "application/vnd.inveniordm.v1+json"}
TIMEOUT = 240
"""Seconds one HERMES step may take (a deposit is a handful of requests)."""


def _in_client_venv(code):
    """A value computed by the client virtualenv's Python (where its packages live)."""
    return subprocess.run([str(VENV / "python"), "-c", code], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    """The schema files HERMES downloads, served from local copies."""
    if not (VENV / "hermes").exists():
        pytest.fail("HERMES is not installed: run the tests with ./rodare test (it makes .venv-hermes)")
    cffconvert = Path(_in_client_venv("import cffconvert, os; print(os.path.dirname(cffconvert.__file__))"))
    server = SchemaMirror(tmp_path_factory.mktemp("mirror"), {
        CFF_SCHEMA: cffconvert / "schemas" / "1.2.0" / "schema.json",
        CODEMETA_CONTEXT: REPO / "tests" / "hermes" / "codemeta-2.0.jsonld",
    })
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client_env(mirror, live_stack, tmp_path_factory):
    """The environment of a client process: no internet but the mirror, TLS verified."""
    return {"PATH": os.environ["PATH"], "HOME": str(tmp_path_factory.mktemp("home")),
            "LANG": "C.UTF-8", **mirror.environment(live_stack.certificate)}


@pytest.fixture(scope="module")
def depositor(invenio_cli, live_stack):
    """A plain researcher, a token of the legacy scopes, and a community they own whose review
    policy lets owners include records directly (with a reviewed community, the deposit API
    asks for inclusion instead)."""
    email = f"hermes-{uuid.uuid4().hex[:8]}@hzdr.de"
    invenio_cli("users", "create", email, "--password", "a-hermes-password", "-a", "-c")
    token = invenio_cli("tokens", "create", "-n", "hermes", "-u", email,
                        "-s", "deposit:write", "-s", "deposit:actions").strip().splitlines()[-1]
    session = requests.Session()
    session.trust_env = False
    session.verify = live_stack.certificate
    session.headers["Authorization"] = f"Bearer {token}"
    session.base = f"{live_stack.url}/api"
    slug = f"hermes-{uuid.uuid4().hex[:6]}"
    community = session.post(f"{session.base}/communities", json={
        "slug": slug, "access": {"visibility": "public", "review_policy": "open"},
        "metadata": {"title": "HERMES sample group"}})
    assert community.status_code == 201, community.text
    session.token, session.community = token, community.json()
    return session


def _configure(project, **values):
    """Set ``[deposit.rodare]`` values in the project's hermes.toml, keeping the rest."""
    path = project / "hermes.toml"
    text = path.read_text()
    for key, value in values.items():
        line = f"{key} = {json.dumps(value)}"
        text, count = re.subn(rf"^{key} = .*$", lambda _: line, text, flags=re.M)
        if not count:
            text = text.replace("[deposit.rodare]\n", f"[deposit.rodare]\n{line}\n")
    path.write_text(text)
    return tomllib.loads(text)


def _release(project, version):
    """Make ``version`` the project's release: CITATION.cff, codemeta.json, the program."""
    cff = project / "CITATION.cff"
    cff.write_text(re.sub(r'^version: ".*"$', f'version: "{version}"', cff.read_text(), flags=re.M))
    codemeta = json.loads((project / "codemeta.json").read_text())
    (project / "codemeta.json").write_text(json.dumps({**codemeta, "version": version}, indent=2))
    (project / "hello.py").write_text(f'"""Sample software, release {version}."""\n\nprint("Hello, {version}")\n')


def _hermes(project, env, *args):
    """Run one HERMES step in the project; fail with its output and log if it fails."""
    result = subprocess.run([str(VENV / "hermes"), *args], cwd=project, env=env, capture_output=True,
                            text=True, timeout=TIMEOUT)
    log = project / "hermes.log"
    assert result.returncode == 0, (
        f"hermes {' '.join(args)} exited {result.returncode}\n{result.stdout[-4000:]}\n"
        f"{result.stderr[-4000:]}\n{log.read_text()[-4000:] if log.exists() else ''}")
    return result


def _publish_with_hermes(project, env, *deposit_args):
    for step in ("clean", "harvest", "process", "curate"):
        _hermes(project, env, step)
    _hermes(project, env, "deposit", "--file", "hello.py", *deposit_args)
    return json.loads((project / ".hermes" / "deposit" / "deposit.json").read_text())


@pytest.fixture(scope="module")
def project(tmp_path_factory, live_stack, depositor):
    """The sample project, configured for the live stack and the depositor."""
    folder = tmp_path_factory.mktemp("project") / "sample"
    folder.mkdir()
    for name in ("CITATION.cff", "codemeta.json", "hello.py", "hermes.toml"):
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    _configure(folder, site_url=live_stack.url, auth_token=depositor.token, robis_pub_id=PUB_ID,
               communities=[depositor.community["slug"]])
    return folder


@pytest.fixture(scope="module")
def first_release(project, client_env, mirror):
    """Release 1.0.0, deposited with ``hermes deposit --initial``: the deposition HERMES keeps
    (``.hermes/deposit/deposit.json``, the answer to its metadata update)."""
    return _publish_with_hermes(project, client_env, "--initial")


def _record(depositor, record_id):
    response = depositor.get(f"{depositor.base}/records/{record_id}", headers=RDM_JSON)
    assert response.status_code == 200, response.text
    return response.json()


def test_hermes_harvests_offline_through_the_mirror(first_release, mirror):
    """Both schema files came from the mirror, and HERMES asked for nothing else outside."""
    assert "https://citation-file-format.github.io/1.2.0/schema.json" in mirror.served
    assert any("codemeta.jsonld" in url for url in mirror.served)
    assert mirror.refused == []


def test_hermes_deposits_the_first_release(first_release, depositor):
    record = _record(depositor, first_release["record_id"])
    assert record["status"] == "published" and record["metadata"]["version"] == "1.0.0"
    assert record["metadata"]["title"] == "rodare-hermes-sample"
    assert record["metadata"]["resource_type"]["id"] == "software"
    assert record["pids"]["doi"]["identifier"].startswith("10.5072/rodare.")
    assert record["custom_fields"]["hzdr:robis_id"] == PUB_ID
    assert record["custom_fields"]["rodare:access_level"] == "open"
    assert record["access"] == {**record["access"], "record": "public", "files": "public"}
    assert record["metadata"]["rights"][0]["id"] == "apache-2.0"
    assert depositor.community["id"] in record["parent"]["communities"]["ids"]
    legacy = depositor.get(f"{depositor.base}/records/{record['id']}",
                           headers={"Accept": "application/vnd.zenodo.v1+json"}).json()["metadata"]
    assert legacy["pub_id"] == PUB_ID
    assert {"identifier": f"https://www.hzdr.de/publications/Publ-{PUB_ID}", "relation": "isIdenticalTo",
            "scheme": "url"} in legacy["related_identifiers"]
    files = depositor.get(f"{depositor.base}/records/{record['id']}/files").json()["entries"]
    assert [f["key"] for f in files] == ["hello.py"]
    # What HERMES keeps of the deposit, where its post-processing plugins read record_id, doi and
    # metadata.version: the reserved DOI is the record's.
    assert (str(first_release["record_id"]), first_release["doi"], first_release["metadata"]["version"]) == (
        record["id"], record["pids"]["doi"]["identifier"], "1.0.0")


def test_hermes_deposits_the_next_release_as_a_new_version(first_release, project, client_env, depositor):
    """Release 1.1.0: HERMES finds the record (``record_id``), makes a new version of it,
    uploads and publishes. Same concept, its own DOI, the latest version."""
    _configure(project, record_id=int(first_release["record_id"]))
    _release(project, "1.1.0")
    second = _publish_with_hermes(project, client_env)
    old, new = _record(depositor, first_release["record_id"]), _record(depositor, second["record_id"])
    assert new["id"] != old["id"] and new["metadata"]["version"] == "1.1.0"
    assert new["parent"]["id"] == old["parent"]["id"]
    assert new["pids"]["doi"]["identifier"] != old["pids"]["doi"]["identifier"]
    assert new["versions"]["is_latest"] and new["versions"]["index"] == old["versions"]["index"] + 1
    assert new["custom_fields"]["hzdr:robis_id"] == PUB_ID
    assert depositor.community["id"] in new["parent"]["communities"]["ids"]
    # What HERMES's post-processing reads from a deposit: record_id, doi, metadata.version.
    legacy = depositor.get(f"{depositor.base}/records/{new['id']}",
                           headers={"Accept": "application/vnd.zenodo.v1+json"}).json()
    assert (str(legacy["record_id"]), legacy["doi"], legacy["metadata"]["version"]) == (
        new["id"], new["pids"]["doi"]["identifier"], "1.1.0")
    assert legacy["conceptrecid"] == old["parent"]["id"]
    # The same release again: HERMES reads the latest version back and refuses.
    result = subprocess.run([str(VENV / "hermes"), "deposit", "--file", "hello.py"], cwd=project, env=client_env,
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode != 0
    assert "Version 1.1.0 already deposited" in (project / "hermes.log").read_text()


def test_a_second_client_deposits_and_versions(depositor, live_stack, client_env, tmp_path):
    """openscm-zenodo: create, metadata, bucket upload, publish; new version; with the token
    in the query string, as that client sends it."""
    upload = tmp_path / "data.txt"
    upload.write_text("17 counts\n")
    result = subprocess.run(
        [str(VENV / "python"), str(REPO / "tests" / "hermes" / "openscm_deposit.py"), live_stack.url,
         depositor.token, "30002", str(upload)],
        env=client_env, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    published = json.loads(result.stdout.strip().splitlines()[-1])
    first, second = (_record(depositor, published[k]["record_id"]) for k in ("first", "second"))
    assert (first["metadata"]["version"], second["metadata"]["version"]) == ("1.0.0", "1.1.0")
    assert first["parent"]["id"] == second["parent"]["id"] and second["versions"]["is_latest"]
    assert first["custom_fields"]["hzdr:robis_id"] == "30002"
    assert [f["key"] for f in depositor.get(f"{depositor.base}/records/{second['id']}/files").json()["entries"]] \
        == ["data.txt"]


def test_hermes_with_a_publication_robis_does_not_know(project, client_env, tmp_path):
    """ROBIS first: a ``robis_pub_id`` ROBIS does not know stops the deposit with the reason."""
    other = tmp_path / "sample"
    other.mkdir()
    for name in ("CITATION.cff", "codemeta.json", "hello.py", "hermes.toml"):
        (other / name).write_bytes((project / name).read_bytes())
    _configure(other, robis_pub_id="99999")
    toml = other / "hermes.toml"  # a first release of its own: no record to version
    toml.write_text(re.sub(r"^record_id = .*\n", "", toml.read_text(), flags=re.M))
    _release(other, "2.0.0")
    for step in ("clean", "harvest", "process", "curate"):
        _hermes(other, client_env, step)
    result = subprocess.run([str(VENV / "hermes"), "deposit", "--initial", "--file", "hello.py"], cwd=other,
                            env=client_env, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode != 0
    # HERMES prints the server's answer (its ``cli`` logger goes to the terminal).
    assert "Server answered with error code 400" in result.stdout
    assert "metadata.pub_id" in result.stdout and "99999" in result.stdout
    assert "Could not update metadata of draft" in (other / "hermes.log").read_text()
