"""A local ROBIS for the embedded default and the tests: the registration step of HZDR's
publication database, speaking to RODARE exactly as ROBIS does.

The deposit form sends the browser to ``/robis/rodare/register`` with the draft's id, title,
creators, resource type, publication date, a return address and a signed token. This page
shows what it received and, when the researcher registers, assigns the next publication id,
calls RODARE's REST API with ROBIS's service credential (``PUT /api/robis/drafts/<id>/robis-id``,
Bearer token from ``--token-file``) over HTTPS, keeps what it sent and got in ``--dir``, and
sends the browser back. It refuses a request without the fields ROBIS needs.

    python -m stack.standins.robis --port 55080 --api https://127.0.0.1:5000/api --token-file .rodare/robis-token \
        --ca .rodare/tls/cert.pem --dir .rodare/robis
"""

import argparse
import html
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from flask import Flask, abort, redirect, request

REQUIRED = ("rodare_id", "title", "return", "token")
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ROBIS – {title}</title>
<style>body{{font-family:sans-serif;margin:2em auto;max-width:46em;color:#222}}
h1{{color:#00589c}}th{{text-align:left;padding-right:1em;vertical-align:top}}
button{{background:#00589c;color:#fff;border:0;padding:.7em 1.4em;font-size:1em;cursor:pointer}}
.note{{color:#555;font-size:.9em}}.error{{background:#fde;padding:1em}}</style></head>
<body><h1>ROBIS – HZDR publication database</h1><p class="note">Local stand-in of ROBIS for
the RODARE embedded default.</p>{body}</body></html>"""


def create_app(api, token_file, ca, folder):
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
    args = parser.parse_args()
    app = create_app(args.api, args.token_file, args.ca, args.dir)
    print(f"ROBIS stand-in on http://127.0.0.1:{args.port}", flush=True)
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()
