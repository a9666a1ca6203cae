"""A local ROBIS for the embedded default and the tests: the registration step of HZDR's
publication database, speaking to RODARE exactly as ROBIS does.

The deposit form sends the browser to ``/robis/rodare/register`` with the draft's id, title,
creators, resource type, publication date, a return address and a signed token. This page
shows what it received and, when the researcher registers, assigns the next publication id,
calls RODARE's REST API with ROBIS's service credential (``PUT /api/robis/drafts/<id>/robis-id``,
Bearer token from ``--token-file``) over HTTPS, keeps what it sent and got in ``--dir``, and
sends the browser back. It refuses a request without the fields ROBIS needs.

It also answers the publication lookup RODARE makes before it accepts a ``pub_id`` from the
legacy deposit API (``rodare_rdm.robis.lookup``): ``GET /robis/api/publications/<id>`` with
``Accept: application/json`` gives ``200 {"id", "title", "type", "url"}`` for a publication it
knows (the seed publications below and every id it has assigned), ``404`` for an unknown id,
``400`` for something that is not a ROBIS id, ``406`` when the client does not take JSON, and
``405`` for any other method. ``--delay`` makes every lookup answer late (an overloaded ROBIS).

    python -m stack.standins.robis --port 55080 --api https://127.0.0.1:5000/api --token-file .rodare/robis-token \
        --ca .rodare/tls/cert.pem --dir .rodare/robis
"""

import argparse
import html
import json
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from flask import Flask, abort, jsonify, redirect, request

SEED_PUBLICATIONS = {
    "27151": {"title": "Example software publication (the one HERMES's documentation links)",
              "type": "Software"},
    "30001": {"title": "RODARE sample software for the HERMES end-to-end test", "type": "Software"},
    "30002": {"title": "RODARE sample software for the legacy API clients", "type": "Software"},
    "31000": {"title": "ELBE beamline data, campaign 2024", "type": "Dataset"},
}
"""Publications the stand-in knows from the start (ROBIS holds tens of thousands): ids the
tests and the embedded default's users can deposit against with the legacy API."""
ID_PATTERN = re.compile(r"^[1-9][0-9]{0,8}$")
PUBLICATION_URL = "https://www.hzdr.de/publications/Publ-{id}"

REQUIRED = ("rodare_id", "title", "return", "token")
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ROBIS – {title}</title>
<style>body{{font-family:sans-serif;margin:2em auto;max-width:46em;color:#222}}
h1{{color:#00589c}}th{{text-align:left;padding-right:1em;vertical-align:top}}
button{{background:#00589c;color:#fff;border:0;padding:.7em 1.4em;font-size:1em;cursor:pointer}}
.note{{color:#555;font-size:.9em}}.error{{background:#fde;padding:1em}}</style></head>
<body><h1>ROBIS – HZDR publication database</h1><p class="note">Local stand-in of ROBIS for
the RODARE embedded default.</p>{body}</body></html>"""


def create_app(api, token_file, ca, folder, delay=0.0):
    """The stand-in's web application."""
    app = Flask("robis")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counter = folder / "next-id"
    lock = threading.Lock()

    def next_id():
        with lock:
            value = int(counter.read_text()) if counter.exists() else 90001
            counter.write_text(str(value + 1))
            return value

    def fields():
        source = request.form if request.method == "POST" else request.args
        missing = [name for name in REQUIRED if not source.get(name)]
        if missing:
            abort(400, f"missing: {', '.join(missing)}")
        if urlsplit(source["return"]).scheme not in ("http", "https"):
            abort(400, "return must be an http(s) address")
        return {key: source.get(key, "") for key in
                ("rodare_id", "title", "creators", "resource_type", "publication_date", "return", "token")}

    def publication(robis_id):
        """What ROBIS knows of an id, or None: a seed publication or one it registered."""
        if robis_id in SEED_PUBLICATIONS:
            return SEED_PUBLICATIONS[robis_id]
        registered = folder / f"{robis_id}.json"
        if registered.exists():
            received = json.loads(registered.read_text())["received"]
            return {"title": received["title"], "type": received.get("resource_type") or "Other"}
        return None

    def problem(status, message):
        return jsonify({"status": status, "message": message}), status

    @app.route("/robis/api/publications/<robis_id>", methods=["GET", "HEAD"])
    def lookup(robis_id):
        if delay:
            time.sleep(delay)
        if not request.accept_mimetypes.accept_json:
            return problem(406, "this API answers application/json only")
        if not ID_PATTERN.match(robis_id):
            return problem(400, f"not a publication id: {robis_id!r} (a number such as 27151)")
        found = publication(robis_id)
        if found is None:
            return problem(404, f"no publication Publ-{robis_id}")
        return jsonify({"id": robis_id, **found, "url": PUBLICATION_URL.format(id=robis_id)})

    @app.errorhandler(405)
    def method_not_allowed(error):
        if request.path.startswith("/robis/api/"):
            return problem(405, "method not allowed")
        return error

    @app.get("/")
    def index():
        return PAGE.format(title="start", body="<p>ROBIS is up.</p>")

    @app.get("/robis/rodare/register")
    def form():
        data = fields()
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                       for k, v in data.items() if k not in ("token", "return"))
        hidden = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in data.items())
        body = (f"<h2>Register a publication</h2><p>RODARE sent this draft:</p><table>{rows}</table>"
                f'<form method="post">{hidden}<p><button type="submit">Register publication</button></p></form>')
        return PAGE.format(title="register", body=body)

    @app.post("/robis/rodare/register")
    def register():
        data = fields()
        robis_id = next_id()
        response = requests.put(
            f"{api}/robis/drafts/{data['rodare_id']}/robis-id",
            json={"token": data["token"], "robis_id": str(robis_id)},
            headers={"Authorization": f"Bearer {Path(token_file).read_text().strip()}"},
            verify=ca, timeout=30,
        )
        (folder / f"{robis_id}.json").write_text(json.dumps({
            "received": {k: v for k, v in data.items() if k != "token"}, "sent_at": time.time(),
            "rodare_status": response.status_code, "rodare_answer": response.text}, indent=2))
        if not response.ok:
            body = (f'<div class="error"><h2>RODARE refused the registration</h2><p>HTTP '
                    f"{response.status_code}: {html.escape(response.text)}</p></div>")
            return PAGE.format(title="error", body=body), 502
        sep = "&" if "?" in data["return"] else "?"
        return redirect(f"{data['return']}{sep}{urlencode({'robis': f'Publ-{robis_id}'})}", 303)

    return app


def main():
    """Serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds every lookup waits")
    args = parser.parse_args()
    app = create_app(args.api, args.token_file, args.ca, args.dir, args.delay)
    print(f"ROBIS stand-in on http://127.0.0.1:{args.port}", flush=True)
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()
