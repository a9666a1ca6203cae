"""A second real client of the legacy deposit API: openscm-zenodo's ZenodoInteractor, run by
tests/e2e/test_hermes.py in .venv-hermes against the live stack.

    python openscm_deposit.py SITE_URL TOKEN PUB_ID FILE

Creates a deposition, sets its metadata, uploads FILE into its bucket and publishes it, then
makes a new version of it (metadata, the file again, publish), with the client's own calls
(the token goes in ``?access_token=``, as this client sends it). Prints the two published
depositions as one JSON object: ``{"first": ..., "second": ...}``.
"""

import json
import sys
from pathlib import Path

from openscm_zenodo.zenodo import RestAction, ZenodoInteractor


def metadata(version, pub_id):
    """Legacy deposition metadata of a small software release."""
    return {"metadata": {
        "upload_type": "software", "title": "openscm-zenodo sample", "version": version,
        "description": "Deposited by openscm-zenodo through RODARE's legacy API.",
        "creators": [{"name": "Rossendorf, Rosa", "affiliation": "HZDR"}],
        "access_right": "open", "license": "mit", "pub_id": pub_id,
    }}


def main(site_url, token, pub_id, file):
    """Create, upload, publish; then a new version of it."""
    zenodo = ZenodoInteractor(token=token, zenodo_domain=site_url)
    created = zenodo.get_response("/api/deposit/depositions", rest_action=RestAction.post, json={}).json()
    zenodo.update_metadata(str(created["id"]), metadata("1.0.0", pub_id))
    zenodo.upload_files(str(created["id"]), [Path(file)], n_threads=1)
    first = zenodo.publish(str(created["id"])).json()
    draft = zenodo.create_new_version_from_latest(str(first["id"])).json()
    draft_id = draft["links"]["latest_draft"].rstrip("/").rsplit("/", 1)[-1]
    zenodo.update_metadata(draft_id, metadata("1.1.0", pub_id))
    zenodo.upload_files(draft_id, [Path(file)], n_threads=1)
    second = zenodo.publish(draft_id).json()
    print(json.dumps({"first": first, "second": second}))


if __name__ == "__main__":
    main(*sys.argv[1:])
