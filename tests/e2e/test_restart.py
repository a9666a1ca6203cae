"""Stopping and starting the embedded stack keeps records, files, accounts and sign-ins.

The search server keeps its indices in memory only: the stack saves them at a clean stop
and puts them back at the next start (stack/kept_index.py), so this proves that records,
communities, users and the researcher's own dashboard are searched again after a restart,
and that a write after the restart lands in the put-back index.
"""

import uuid

from playwright.sync_api import expect



def test_restart_keeps_everything(live_stack, api, publish_record, page, new_page, login,
                                  admin_email, invenio_cli, visitor_agent, wait_for_stats):
    """Records, files, communities, accounts, tokens and usage statistics survive; search
    finds them again."""
    email, password = f"researcher-{uuid.uuid4().hex[:6]}@hzdr.de", "restart-secret-42"
    invenio_cli("users", "create", email, "--password", password, "-a", "-c")
    title = f"Survives a restart {uuid.uuid4().hex[:6]}"
    record = publish_record(title, filename="restart.txt", content=b"persisted\n")
    slug = f"restart-{uuid.uuid4().hex[:6]}"
    created = api.post(f"{api.base}/communities", json={
        "access": {"visibility": "public"}, "slug": slug,
        "metadata": {"title": "Survives a restart too"},
    })
    assert created.status_code == 201, created.text

    # A counted visit. The embedded search server keeps nothing on disk: the stack saves the
    # statistics at stop and restores them at start, before the records are indexed
    # (stack/usage_stats.py).
    visitor = new_page()
    visitor.context.set_extra_http_headers({"User-Agent": visitor_agent})
    assert visitor.goto(f"/records/{record['id']}").ok
    stats = wait_for_stats(record["id"], {"unique_views": 1})
    visitor.context.close()

    # Signed in with Helmholtz AAI before the restart (issue 25: it answered 403 after one).
    helmholtz = new_page()
    _sign_in_with_helmholtz(helmholtz, "external-guest")

    live_stack.stop()
    live_stack.start(assets=False)

    # Still signed in, and a new sign-in with Helmholtz AAI works: the provider kept its key.
    helmholtz.goto("/account/settings/profile")
    expect(helmholtz.get_by_role("link", name="Log in")).to_have_count(0)
    again = new_page()
    _sign_in_with_helmholtz(again, "external-guest")
    expect(again.get_by_role("link", name="Log in")).to_have_count(0)
    expect(again.get_by_text("did not work")).to_have_count(0)

    # The index of the stop came back instead of a rebuild (nothing changed meanwhile).
    assert live_stack.index_kept
    # The admin's API token still works, and every index is back.
    got = api.get(f"{api.base}/records/{record['id']}")
    assert got.status_code == 200 and got.json()["metadata"]["title"] == title
    assert got.json()["stats"] == stats
    hits = api.get(f"{api.base}/records", params={"q": f'id:"{record["id"]}"'}).json()["hits"]
    assert hits["total"] == 1
    content = api.get(f"{api.base}/records/{record['id']}/files/restart.txt/content")
    assert content.status_code == 200 and content.content == b"persisted\n"
    communities = api.get(f"{api.base}/communities", params={"q": f"slug:{slug}"}).json()
    assert communities["hits"]["total"] == 1
    # A write after the restart replaces a put-back document (it kept its version).
    renamed = api.put(f"{api.base}/communities/{created.json()['id']}", json={
        "access": {"visibility": "public"}, "slug": slug,
        "metadata": {"title": "Renamed after a restart"},
    })
    assert renamed.status_code == 200, renamed.text
    communities = api.get(f"{api.base}/communities", params={"q": f"slug:{slug}"}).json()
    assert [hit["metadata"]["title"] for hit in communities["hits"]["hits"]] == [
        "Renamed after a restart"]
    users = api.get(f"{api.base}/users", params={"q": email}).json()
    assert [hit["email"] for hit in users["hits"]["hits"]] == [email]

    # The account made before the restart logs in through the web form; the admin's
    # dashboard lists the record (a user-scoped search of the put-back index).
    login(page, email, password)
    expect(page.get_by_text(email).first).to_be_visible()
    # The admin logs in in a browser of their own (see the new_page fixture).
    admin_page = new_page()
    login(admin_page, admin_email, live_stack.admin_password)
    admin_page.goto("/me/uploads")
    expect(admin_page.get_by_text(title).first).to_be_visible()
    admin_page.goto(f"/records/{record['id']}")
    views = admin_page.locator(".ui.statistics .statistic").filter(has_text="Views")
    expect(views.locator(".value")).to_have_text("1")


def _sign_in_with_helmholtz(page, sub):
    """The login page's Helmholtz AAI button, the provider's page (which ``sub``), back."""
    page.goto("/login/")
    rodare = page.url.split("/login/")[0]
    page.get_by_role("link", name="Sign in with Helmholtz AAI").click()
    page.get_by_role("button", name=sub).click()
    page.wait_for_url(lambda url: url.startswith(rodare), wait_until="load")
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)
