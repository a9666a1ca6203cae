"""A live RODARE stack for the end-to-end tests: services, worker and web app over HTTPS.

One stack per test session, in a temporary root, on free ports, using the UI assets that
``./rodare test`` built into ``.rodare/instance`` (RODARE_INSTANCE_PATH). It is set up
exactly as ``./rodare up`` sets up a new instance.
"""

import os
import random
import shutil
import tempfile
import time
import uuid
from collections import namedtuple
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from stack.instance import ADMIN_EMAIL as ADMIN
from stack.services import free_port
from stack.supervisor import REPO, Stack

FAILURES = REPO / ".rodare" / "e2e-failures"  # what the browser showed when a test failed



@pytest.fixture(scope="session")
def live_stack():
    """Start the whole stack once; stop it (and remove its data) at the end."""
    instance = os.environ.get("RODARE_INSTANCE_PATH", str(REPO / ".rodare" / "instance"))
    if not (Path(instance) / "static" / "dist" / "manifest.json").exists():
        pytest.fail("UI assets are not built: run the tests with ./rodare test")
    shutil.rmtree(FAILURES, ignore_errors=True)  # what failed in an earlier run
    root = tempfile.mkdtemp(prefix="rodare-e2e-")
    ports = {name: free_port() for name in ("postgres", "redis", "search", "web", "mail", "robis",
                                             "datacite", "gitlab", "saml", "helmholtz", "orcid")}
    settings = {
        "INVENIO_OAISERVER_PAGE_SIZE": "2",  # so a harvest needs resumption tokens
        # The statistics pipeline every 20 s instead of 5 minutes: a visit shows within a test
        # (test_statistics.py); the beat and the task are the production ones.
        "INVENIO_RODARE_STATISTICS_INTERVAL": "20",
        # Every browser and REST client of the suite is one guest IP (127.0.0.1): upstream's
        # per-IP limits (60 guest requests and 10 logins a minute) answered the login page 429
        # once the suite grew. Production keeps upstream's limits.
        "INVENIO_RATELIMIT_GUEST_USER": "100000 per hour;5000 per minute",
        "INVENIO_RATELIMIT_PER_ENDPOINT": repr({
            endpoint: "1000 per minute" for endpoint in (
                "security.login", "security.register", "security.forgot_password",
                "security.reset_password")}),
    }
    # The stack's own settings, not the process's: the xdist worker running these tests runs
    # the site package's tests afterwards, whose apps must not read them.
    stack = Stack(root, ports=ports, instance_path=instance, settings=settings)
    stack.start(assets=False)
    yield stack
    stack.stop()
    # Keep the logs of the last run for whoever investigates a failure.
    kept = REPO / ".rodare" / "e2e-logs"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(Path(root) / "logs", kept)
    shutil.rmtree(root, ignore_errors=True)
    # A background task that failed is a defect even when no test looked at its result.
    failed = [line for line in (kept / "worker.log").read_text().splitlines()
              if "raised unexpected" in line]
    if failed:
        pytest.fail("Celery tasks failed during the e2e run (.rodare/e2e-logs/worker.log):\n"
                    + "\n".join(failed[:10]))


@pytest.fixture(scope="session")
def invenio_cli(live_stack):
    """A function running ``invenio`` CLI commands against the live stack."""
    def run(*args):
        return live_stack.invenio(*args, check=True, capture_output=True, text=True).stdout

    return run


@pytest.fixture(scope="session")
def admin_token(invenio_cli):
    """A personal access token of the admin account, for REST calls."""
    return invenio_cli("tokens", "create", "-n", "e2e", "-u", ADMIN).strip().splitlines()[-1]


@pytest.fixture(scope="session")
def api(live_stack, admin_token):
    """A requests session speaking to the live REST API as the admin."""
    session = requests.Session()
    session.trust_env = False  # else REQUESTS_CA_BUNDLE silently replaces `verify`
    session.verify = live_stack.certificate  # the IP SAN makes this a real TLS check
    session.headers["Authorization"] = f"Bearer {admin_token}"
    session.base = f"{live_stack.url}/api"
    return session


Account = namedtuple("Account", ["email", "password"])


@pytest.fixture(scope="session")
def researcher(invenio_cli):
    """A plain researcher: active and confirmed, with no role (not an administrator).

    The researcher's paths (deposit, ROBIS, embargo dialog, refusals) run as this account,
    so that none passes on an administrator's rights: administrators publish without a
    ROBIS id, curate every community and open every record.
    """
    account = Account(f"researcher-{uuid.uuid4().hex[:8]}@hzdr.de", "a-researcher-password")
    invenio_cli("users", "create", account.email, "--password", account.password, "-a", "-c")
    return account


@pytest.fixture(scope="session")
def researcher_api(live_stack, invenio_cli, researcher):
    """A requests session speaking to the live REST API as the researcher."""
    token = invenio_cli("tokens", "create", "-n", "e2e", "-u", researcher.email)
    session = requests.Session()
    session.trust_env = False
    session.verify = live_stack.certificate
    session.headers["Authorization"] = f"Bearer {token.strip().splitlines()[-1]}"
    session.base = f"{live_stack.url}/api"
    return session


@pytest.fixture(scope="session")
def give_robis_id(api):
    """A function registering a draft in ROBIS the short way: the administrator sets the id
    ROBIS's callback would set (test_robis.py takes ROBIS's own path). Returns the id."""
    def _give(record_id):
        draft = api.get(f"{api.base}/records/{record_id}/draft").json()
        robis_id = str(random.randint(10000, 999999999))
        data = {key: draft[key] for key in ("access", "files", "metadata", "pids") if key in draft}
        data["custom_fields"] = {**draft.get("custom_fields", {}), "hzdr:robis_id": robis_id}
        updated = api.put(f"{api.base}/records/{record_id}/draft", json=data)
        assert updated.ok, updated.text
        return robis_id

    return _give


@pytest.fixture(scope="session")
def publish_as_researcher(researcher_api, give_robis_id):
    """A function publishing a record over REST as the researcher (owner), with a ROBIS id."""
    return lambda *args, **kwargs: _publish_record(researcher_api, *args,
                                                   before_publish=give_robis_id, **kwargs)


@pytest.fixture(scope="session")
def admin_email():
    """The admin account that set-up creates."""
    return ADMIN


VISITOR = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Safari/537.36")
"""A desktop Chrome: Playwright's headless Chromium says "HeadlessChrome", a COUNTER robot."""


@pytest.fixture(scope="session")
def visitor_agent():
    """The User-Agent of a counted visitor (a desktop Chrome)."""
    return VISITOR


@pytest.fixture(scope="session")
def wait_for_stats(api):
    """``wait_for_stats(record_id, {"unique_views": 1})``: poll the REST API (a REST read is
    no view) until this version's stats reach the values, within ``timeout`` seconds."""
    def wait(record_id, expected, timeout=150):
        deadline = time.monotonic() + timeout
        while True:
            stats = api.get(f"{api.base}/records/{record_id}").json()["stats"]
            if all(stats["this_version"][key] == value for key, value in expected.items()):
                return stats
            assert time.monotonic() < deadline, stats
            time.sleep(3)
    return wait


@pytest.fixture(scope="session")
def publish_record(api):
    """A function that publishes a record over REST."""
    return lambda *args, **kwargs: _publish_record(api, *args, **kwargs)


def _publish_record(api, title, date="2024-05-13", filename=None, content=b"", access=None,
                    custom_fields=None, before_publish=None):
    """Create, optionally upload one file to, and publish a record over REST.

    ``before_publish(draft_id)`` runs before the publish (a ROBIS id for a researcher's).
    """
    data = {
        "access": access or {"record": "public", "files": "public"},
        "custom_fields": custom_fields or {},
        "files": {"enabled": bool(filename)},
        "metadata": {
            "creators": [{"person_or_org": {"family_name": "Rossendorf", "given_name": "Rosa",
                                            "type": "personal"}}],
            "publication_date": date,
            "publisher": "Rodare",
            "resource_type": {"id": "dataset"},
            "title": title,
        },
    }
    draft = api.post(f"{api.base}/records", json=data)
    assert draft.status_code == 201, draft.text
    links = draft.json()["links"]
    if filename:
        assert api.post(links["files"], json=[{"key": filename}]).ok
        put = api.put(f"{links['files']}/{filename}/content", data=content,
                      headers={"Content-Type": "application/octet-stream"})
        assert put.ok, put.text
        assert api.post(f"{links['files']}/{filename}/commit").ok
    if before_publish is not None:
        before_publish(draft.json()["id"])
    published = api.post(links["publish"])
    assert published.status_code == 202, published.text
    return published.json()


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright (its own browser download is not used).

    Named ``chromium``, not ``browser``: pytest-invenio skips tests using a ``browser``
    fixture unless its Selenium end-to-end mode is switched on.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rodare_{report.when}", report)


@pytest.fixture
def new_page(chromium, live_stack, request):
    """A function that opens a page in a new browser context: a second, separate browser.

    A new context shares no cookies with any other, so a second user logs in there
    rather than after ``clear_cookies()``, which races with requests still in flight
    from the first session (one of them can set the session cookie again, and
    ``/login/`` then redirects home). Every context is closed at the end of the test.
    """
    contexts = []
    console = []

    def open_page():
        context = chromium.new_context(ignore_https_errors=True, accept_downloads=True,
                                       base_url=live_stack.url)
        context.set_default_timeout(30000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        return page

    yield open_page
    call = getattr(request.node, "rodare_call", None)
    if call is not None and call.failed:
        _keep_failure(request.node.name, contexts, console)
    for context in contexts:
        context.close()


def _keep_failure(name, contexts, console):
    """Keep what the browser showed when a test failed: each page's screenshot and HTML,
    and the pages' console messages, under .rodare/e2e-failures/ (a CI artifact)."""
    FAILURES.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(page for context in contexts for page in context.pages):
        stem = FAILURES / f"{name}-{number}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            stem.with_suffix(".html").write_text(page.content())
        except Exception as error:  # a closed or crashed page: keep what there is
            stem.with_suffix(".txt").write_text(repr(error))
    (FAILURES / f"{name}-console.txt").write_text("\n".join(console))


@pytest.fixture
def page(new_page):
    """A page in a fresh browser context that accepts the self-signed certificate."""
    return new_page()


@pytest.fixture
def login():
    """A function that logs a browser page in through the login form."""
    return _login


def _login(page, email, password):
    """Log in through the login form and wait until the page after it has loaded.

    Waiting for the load (not only for the URL to change) means no request of the login
    is still in flight when the test goes on.
    """
    response = page.goto("/login/")
    assert response.ok, f"/login/ answered {response.status}: {page.inner_text('body')[:300]}"
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url, wait_until="load")


@pytest.fixture
def fill_deposit():
    """A function filling what every deposit needs: a file, title, resource type, a creator.

    Call it on the open deposit form; it returns the draft's id.
    """
    return _fill_deposit


def _fill_deposit(page, title, upload):
    page.locator("input[type=file]").first.set_input_files(str(upload))
    expect(page.get_by_text(upload.name).first).to_be_visible()
    # The upload saved a draft: the form's URL turns from /uploads/new?... to /uploads/<id>.
    # (A glob like "**/uploads/*" also matches the first URL, so it would not wait, and
    # the record id read below could be "new".)
    page.wait_for_url(lambda url: "/uploads/new" not in url)
    record_id = page.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    # Wait until the upload is committed (its checksum shows), as a person waits for the
    # upload to finish. The form takes the created draft's values into its fields (Formik's
    # reinitialisation, an effect after React's render) only after the URL has changed:
    # what is typed in that window is replaced by the draft's empty values.
    expect(page.get_by_text("md5:").first).to_be_visible()
    page.fill("input[name='metadata.title']", title)
    resource_type = page.locator(".field", has_text="Resource type").locator(".ui.dropdown").first
    resource_type.click()
    page.get_by_role("option", name="Dataset", exact=True).first.click()
    expect(resource_type.locator(".divider.text")).to_have_text("Dataset")
    page.get_by_role("button", name="Add author").first.click()
    creator = page.locator(".ui.modal")
    creator.locator("input[name='person_or_org.family_name']").fill("Rossendorf")
    creator.locator("input[name='person_or_org.given_name']").fill("Rosa")
    creator.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Rossendorf, Rosa").first).to_be_visible()
    return record_id
