"""The load run's users (locust, run from .venv-bench): search, landing pages, downloads, deposits.

Weights follow a repository's traffic: mostly reading (search 4, landing page 4),
some downloads (2), few deposits (1). Settings come from the environment the bench sets:
BENCH_TOKEN, BENCH_CERT and BENCH_RECORDS (a file with one "record-id file-key" a line).
"""

import os
import random

from locust import HttpUser, between, task

RECORDS = [line.split() for line in open(os.environ["BENCH_RECORDS"]).read().splitlines()]
QUERIES = ("neutron", "laser plasma", "detector", "ELBE beamline", "")
PAYLOAD = os.urandom(64 * 1024)


class Researcher(HttpUser):
    """One visitor or depositor; waits 0.5-1.5 s between requests, as a person clicks."""

    wait_time = between(0.5, 1.5)

    def on_start(self):
        """Trust the stack's certificate; authenticate deposits with the bench's token."""
        self.client.verify = os.environ["BENCH_CERT"]
        self.client.trust_env = False
        self.token = {"Authorization": f"Bearer {os.environ['BENCH_TOKEN']}"}

    @task(4)
    def search(self):
        """A search with facets, as the search page sends it."""
        self.client.get("/api/records", params={"q": random.choice(QUERIES), "size": 10},
                        name="/api/records?q=")

    @task(4)
    def landing_page(self):
        """A record's HTML landing page."""
        recid, _ = random.choice(RECORDS)
        self.client.get(f"/records/{recid}", name="/records/<id>")

    @task(2)
    def download(self):
        """A file download through the REST API."""
        recid, key = random.choice(RECORDS)
        self.client.get(f"/api/records/{recid}/files/{key}/content",
                        name="/api/records/<id>/files/<key>/content")

    @task(1)
    def deposit(self):
        """Draft, 64 KiB upload, publish."""
        body = {"access": {"record": "public", "files": "public"}, "files": {"enabled": True},
                "metadata": {"title": "Load run deposit", "publication_date": "2024-01-01",
                             "publisher": "Rodare", "resource_type": {"id": "dataset"},
                             "creators": [{"person_or_org": {"family_name": "Load",
                                                             "type": "personal"}}]}}
        draft = self.client.post("/api/records", json=body, headers=self.token,
                                 name="deposit: draft")
        if draft.status_code != 201:
            return
        files = draft.json()["links"]["files"]
        self.client.post(files, json=[{"key": "l.bin"}], headers=self.token, name="deposit: file")
        self.client.put(f"{files}/l.bin/content", data=PAYLOAD, name="deposit: upload",
                        headers={**self.token, "Content-Type": "application/octet-stream"})
        self.client.post(f"{files}/l.bin/commit", headers=self.token, name="deposit: commit")
        self.client.post(draft.json()["links"]["publish"], headers=self.token,
                         name="deposit: publish")
