"""Stopping and starting the embedded stack keeps records, files and accounts.

The search server keeps its indices in memory only, so this also proves that start-up
rebuilds every index from PostgreSQL.
"""

import requests


def test_restart_keeps_everything(live_stack, api, publish_record, admin_email):
    """A record with a file is readable, searchable and downloadable after a restart."""
    record = publish_record("Survives a restart", filename="restart.txt", content=b"persisted\n")
    live_stack.stop()
    live_stack.start(assets=False)

    url = live_stack.url
    got = api.get(f"{api.base}/records/{record['id']}")
    assert got.status_code == 200 and got.json()["metadata"]["title"] == "Survives a restart"
    hits = api.get(f"{api.base}/records", params={"q": f'id:"{record["id"]}"'}).json()["hits"]
    assert hits["total"] == 1
    content = api.get(f"{api.base}/records/{record['id']}/files/restart.txt/content")
    assert content.content == b"persisted\n"

    # The admin account still logs in through the web form.
    session = requests.Session()
    session.trust_env = False
    session.verify = live_stack.certificate
    login_page = session.get(f"{url}/login/")
    assert login_page.status_code == 200
    users = api.get(f"{api.base}/users", params={"q": admin_email})
    assert users.status_code == 200 and users.json()["hits"]["total"] >= 1
