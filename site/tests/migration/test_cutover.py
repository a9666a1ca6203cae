"""``invenio rodare-migrate cutover``: the old RODARE's DOIs pointed here at DataCite.

| step                  | at the local DataCite                                      |
|-----------------------|------------------------------------------------------------|
| before (import done)  | every DOI still at the old landing page                    |
| ``--dry-run``         | unchanged; each DOI listed                                 |
| cut-over              | versions and concepts: findable, URL here; the deleted     |
|                       | version's DOI hidden (registered); the posters (106, 108)  |
|                       | as Text; a DOI whose request DataCite answers with an      |
|                       | error: failed with DataCite's message, exit 1, still at    |
|                       | the old page                                               |
| again                 | nothing left to do                                         |
"""

import json
import re
from pathlib import Path

import requests
from datacite import DataCiteRESTClient

from rodare_rdm.migration.cutover import Throttle

from .test_resume import _small_dump

OLD = "https://rodare.hzdr.de/record/{}"
DOIS = {2: 1, 4: 3, 106: 105, 107: 105, 108: 105}
"""Version → concept of the small dump."""


def _registered_by_the_old_rodare(datacite):
    client = DataCiteRESTClient(datacite.username, datacite.password, datacite.prefix,
                                test_mode=False, url=datacite.url)
    for recid in {*DOIS, *DOIS.values()}:
        client.public_doi({
            "creators": [{"name": "Rossendorf, Rosa", "nameType": "Personal"}],
            "titles": [{"title": f"legacy {recid}"}],
            "publisher": {"name": "Rodare"}, "publicationYear": "2019",
            "types": {"resourceTypeGeneral": "Dataset", "resourceType": ""},
            "schemaVersion": "http://datacite.org/schema/kernel-4"},
            OLD.format(recid), doi=f"{datacite.prefix}/rodare.{recid}")


def _at_datacite(datacite, recid):
    return json.loads((Path(datacite.folder) / datacite.prefix / f"rodare.{recid}.json").read_text())


def test_cutover_points_every_doi_here(legacy_rodare, run_migrate, migration_app, local_datacite, tmp_path):
    """Dry run, then the cut-over, then nothing left."""
    assert run_migrate("run", "--source", str(_small_dump(legacy_rodare, tmp_path))).exit_code == 0
    _registered_by_the_old_rodare(local_datacite)

    dry = run_migrate("cutover", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.count("would point") == 8 and "DOIs: 8 planned" in dry.output
    assert _at_datacite(local_datacite, 2)["url"] == OLD.format(2)

    # An outage drill: DataCite answers the cut-over's first request with a 503.
    requests.post(f"{local_datacite.url}_faults", json={"status": 503, "count": 1}, timeout=10
                  ).raise_for_status()
    done = run_migrate("cutover", "--rate", "1000")
    assert done.exit_code == 1
    assert "DOIs: 1 failed" in done.output and "Service Unavailable" in done.output
    ui = migration_app.config["SITE_UI_URL"]
    left = {int(m) for m in re.findall(r"DOI 10\.5072/rodare\.(\d+): ", done.output)}
    assert len(left) == 1, done.output
    if left != {107}:  # the deleted version's DOI is hidden where it is
        assert _at_datacite(local_datacite, *left)["url"] == OLD.format(*left)
    for recid in set(DOIS) - {107} - set(left):
        doi = _at_datacite(local_datacite, recid)
        assert doi["url"] == f"{ui}/doi/{doi['doi']}" and doi["state"] == "findable"
        assert doi["titles"][0]["title"] != f"legacy {recid}"
    for concept in set(DOIS.values()) - set(left):
        doi = _at_datacite(local_datacite, concept)
        assert doi["url"].startswith(ui) and doi["state"] == "findable"
    for poster in {106, 108} - set(left):  # upstream's general type Poster: Text at DataCite
        assert _at_datacite(local_datacite, poster)["types"]["resourceTypeGeneral"] == "Text"
    if 107 not in left:
        assert _at_datacite(local_datacite, 107)["state"] == "registered"

    # Nothing migrated is left: the refused DOIs are the DOI feature's (rodare-doi sync).
    assert "DOIs: none migrated" in run_migrate("cutover").output


def test_throttle_spaces_calls():
    """At 4 per second, calls come at least 0.25 s apart (time as the throttle sees it)."""
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(round(seconds, 3))
        now[0] += seconds

    throttle = Throttle(4, clock=lambda: now[0], sleep=sleep)
    throttle.wait()
    now[0] += 0.1
    throttle.wait()
    now[0] += 0.5
    throttle.wait()
    assert slept == [0.15]
