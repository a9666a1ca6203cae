"""A REST client of one web server, and the record the benchmark deposits."""

import requests

RECORD = {
    "access": {"record": "public", "files": "public"},
    "files": {"enabled": True},
    "metadata": {
        "creators": [{"person_or_org": {"family_name": "Rossendorf", "given_name": "Rosa",
                                        "type": "personal"}}],
        "publication_date": "2024-05-13",
        "publisher": "Rodare",
        "resource_type": {"id": "dataset"},
        "title": "Benchmark record",
        "description": "Neutron yields measured at the ELBE beamline.",
    },
}
"""A minimal valid record; the bulk import varies its title, date and description."""


def session(url, certificate, token):
    """A requests session to ``url`` that checks the stack's certificate and sends the token."""
    http = requests.Session()
    http.trust_env = False  # else REQUESTS_CA_BUNDLE silently replaces `verify`
    http.verify = certificate
    http.headers["Authorization"] = f"Bearer {token}"
    http.base = url
    return http


def check(response, status):
    """The response, or an error that says what the server answered."""
    if response.status_code != status:
        raise RuntimeError(f"{response.request.method} {response.url}: "
                           f"{response.status_code} {response.text[:300]}")
    return response


def deposit(http, steps, title, content):
    """Create a draft, upload one file, publish: the three steps timed in ``steps``."""
    data = {**RECORD, "metadata": {**RECORD["metadata"], "title": title}}
    draft = steps.time("draft", lambda: check(http.post(f"{http.base}/api/records", json=data), 201))
    links = draft.json()["links"]

    def upload():
        check(http.post(links["files"], json=[{"key": "data.bin"}]), 201)
        check(http.put(f"{links['files']}/data.bin/content", data=content,
                       headers={"Content-Type": "application/octet-stream"}), 200)
        check(http.post(f"{links['files']}/data.bin/commit"), 200)

    steps.time("upload", upload)
    published = steps.time("publish", lambda: check(http.post(links["publish"]), 202))
    return published.json()
