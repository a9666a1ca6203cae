"""A local GitLab (Helmholtz Codebase) for the embedded default and the tests: the part of
GitLab's OAuth and REST API v4 that invenio-vcs 0.3.6's GitLab provider and python-gitlab call,
and webhook deliveries to RODARE as GitLab makes them.

What it speaks (everything under ``/api/v4`` needs ``Authorization: Bearer <access token>``
from its OAuth, or ``PRIVATE-TOKEN``; 401 otherwise):

| endpoint                                                      | invenio-vcs uses it for          |
|---------------------------------------------------------------|----------------------------------|
| ``GET /oauth/authorize`` (page) + ``POST`` (grant)            | linking an account               |
| ``POST /oauth/token`` (authorization_code, refresh_token)     | linking an account               |
| ``GET /api/v4/user``                                          | ``gl.auth()``, the linked user   |
| ``GET /api/v4/projects?min_access_level=&visibility=``        | the project list                 |
| ``GET /api/v4/projects/:id`` (``license=true``)                | a project, its owner, licence    |
| ``GET /api/v4/projects/:id/members/all``                      | who may manage it                |
| ``GET /api/v4/projects/:id/repository/contributors``          | creators fallback                |
| ``GET /api/v4/users?search=``                                 | contributor lookup               |
| ``GET|POST /api/v4/projects/:id/hooks``, ``GET|PUT|DELETE .../hooks/:hook_id`` | the webhook   |
| ``GET|POST /api/v4/projects/:id/repository/tags``             | tags (POST: push a tag)          |
| ``GET|POST /api/v4/projects/:id/releases``, ``GET .../releases/:tag`` | releases                 |
| ``GET /api/v4/projects/:id/repository/files/:path?ref=``      | CITATION.cff, .zenodo.json, ...  |
| ``GET /:namespace/:project/-/archive/:tag/:name-:tag.zip``     | the release archive              |

A new tag sends a *Tag Push Hook* to every hook with ``tag_push_events``, a new release a
*Release Hook* (``object_kind: release``, ``action: create``) to every hook with
``releases_events``, each with the hook's secret in ``X-Gitlab-Token``, in a thread of its own
(GitLab delivers asynchronously). Every delivery and RODARE's answer is kept in
``--dir``/deliveries; ``GET /-/standin/deliveries`` lists them (JSON) and
``POST /-/standin/deliveries/:n/resend`` sends one again, as GitLab's "Resend request".
Faults for the tests: ``POST /-/standin/projects/:id/archive-fault`` (``status=404|500``, empty
to end it) makes its archives fail; ``POST /-/standin/projects/:id/delete`` deletes a project.

The page at ``/`` shows the projects, their hooks, tags and deliveries, and lets a developer
push a tag (with a release, and the CITATION.cff it is tagged with; the form takes other files
as ``file:<path>`` fields, an empty one deletes the file at the tag) by hand. The projects,
users, tokens, tags and hooks live in ``--dir``/state.json (seeded at the first start), so a
restart changes nothing.

    python -m stack.standins.gitlab --port 55040 --dir .rodare/gitlab \
        --client-id rodare-local-gitlab --client-secret-file .rodare/gitlab-client-secret \
        --ca .rodare/tls/cert.pem
"""

import argparse
import base64
import copy
import datetime
import hashlib
import html
import io
import json
import re
import secrets
import threading
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from flask import Flask, abort, jsonify, redirect, request

MAINTAINER = 40
DEVELOPER = 30
ROBIS_CFF = """cff-version: 1.2.0
message: If you use this software, please cite it as below.
title: Flow solver
abstract: A solver for two-phase flows, developed at HZDR.
type: software
license: MIT
authors:
  - family-names: Schmidt
    given-names: Anna
    affiliation: Helmholtz-Zentrum Dresden-Rossendorf
    orcid: https://orcid.org/0000-0002-1825-0097
identifiers:
  - type: other
    value: "30001"
    description: ROBIS publication id
"""
PLAIN_CFF = """cff-version: 1.2.0
message: If you use this software, please cite it as below.
title: Beam tool
type: software
license: Apache-2.0
authors:
  - family-names: Schmidt
    given-names: Anna
"""
SEED = {
    "users": {
        "101": {"id": 101, "username": "a.schmidt", "name": "Anna Schmidt",
                "email": "a.schmidt@hzdr.de", "state": "active"},
        "102": {"id": 102, "username": "b.mueller", "name": "Bernd Müller",
                "email": "b.mueller@hzdr.de", "state": "active"},
    },
    "projects": {
        "2001": {"id": 2001, "name": "flow-solver", "path": "flow-solver",
                 "namespace": {"id": 501, "name": "FWDF", "path": "fwdf", "kind": "group",
                               "full_path": "fwdf"},
                 "description": "Two-phase flow solver (CITATION.cff names its ROBIS id)",
                 "visibility": "private", "default_branch": "main",
                 "license": {"key": "mit", "name": "MIT License", "nickname": None},
                 "members": {"101": MAINTAINER, "102": DEVELOPER},
                 "files": {"CITATION.cff": ROBIS_CFF,
                           "README.md": "# Flow solver\n\nTwo-phase flows.\n",
                           "LICENSE": "MIT License\n"}},
        "2002": {"id": 2002, "name": "beam-tool", "path": "beam-tool",
                 "namespace": {"id": 601, "name": "Anna Schmidt", "path": "a.schmidt",
                               "kind": "user", "full_path": "a.schmidt"},
                 "description": "Beam tool (no ROBIS id yet)", "visibility": "internal",
                 "default_branch": "main",
                 "license": {"key": "apache-2.0", "name": "Apache License 2.0", "nickname": None},
                 "members": {"101": MAINTAINER},
                 "files": {"CITATION.cff": PLAIN_CFF,
                           ".zenodo.json": json.dumps({"title": "Beam tool",
                                                       "upload_type": "software"}, indent=2),
                           "codemeta.json": json.dumps({"@context": "https://w3id.org/codemeta/3.0",
                                                        "name": "Beam tool"}, indent=2),
                           "README.md": "# Beam tool\n"}},
        "2003": {"id": 2003, "name": "wiki-only", "path": "wiki-only",
                 "namespace": {"id": 601, "name": "Anna Schmidt", "path": "a.schmidt",
                               "kind": "user", "full_path": "a.schmidt"},
                 "description": "A project without a repository", "visibility": "private",
                 "default_branch": None, "license": None, "members": {"101": MAINTAINER},
                 "files": {}},
        "2004": {"id": 2004, "name": "shared-lib", "path": "shared-lib",
                 "namespace": {"id": 502, "name": "FWK", "path": "fwk", "kind": "group",
                               "full_path": "fwk"},
                 "description": "Anna is only a developer here", "visibility": "public",
                 "default_branch": "main", "license": None,
                 "members": {"101": DEVELOPER, "102": MAINTAINER},
                 "files": {"README.md": "# Shared lib\n"}},
        "2005": {"id": 2005, "name": "probe-kit", "path": "probe-kit",
                 "namespace": {"id": 501, "name": "FWDF", "path": "fwdf", "kind": "group",
                               "full_path": "fwdf"},
                 "description": "Probe kit (settings and failures; no release yet)",
                 "visibility": "private", "default_branch": "main",
                 "license": {"key": "mit", "name": "MIT License", "nickname": None},
                 "members": {"101": MAINTAINER},
                 "files": {"CITATION.cff": ROBIS_CFF, "README.md": "# Probe kit\n"}},
    },
    "tags": {}, "releases": {}, "hooks": {}, "tokens": {}, "codes": {}, "next_id": 9001,
}
"""What the stand-in knows at its first start. Anna (a.schmidt, the e-mail of the Helmholtz
AAI stand-in's HZDR scientist) maintains flow-solver (CITATION.cff with a ROBIS id) and
beam-tool (no ROBIS id; also .zenodo.json and codemeta.json) and probe-kit (as flow-solver,
for the project settings and the failures); wiki-only has no repository (invenio-vcs leaves
it out) and on shared-lib she is a developer only (not listed)."""

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>GitLab – {title}</title>
<style>body{{font-family:sans-serif;margin:2em auto;max-width:60em;color:#222}}h1{{color:#6b4fbb}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left;
vertical-align:top}}button{{background:#6b4fbb;color:#fff;border:0;padding:.5em 1em;cursor:pointer}}
textarea{{width:100%;font-family:monospace}}.note{{color:#555;font-size:.9em}}</style></head>
<body><h1>GitLab – Helmholtz Codebase</h1><p class="note">Local stand-in of GitLab for the RODARE
embedded default.</p>{body}</body></html>"""
TAG_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,99}$")


def now():
    """The time as GitLab writes it (ISO 8601, UTC, milliseconds)."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


class State:
    """The stand-in's data, kept in ``folder``/state.json and written after every change."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "deliveries").mkdir(exist_ok=True)
        self.path = self.folder / "state.json"
        self.lock = threading.RLock()
        self.data = json.loads(self.path.read_text()) if self.path.exists() else copy.deepcopy(SEED)
        self.save()

    def save(self):
        with self.lock:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data, indent=2, ensure_ascii=False))
            tmp.replace(self.path)

    def new_id(self):
        with self.lock:
            value = self.data["next_id"]
            self.data["next_id"] = value + 1
            return value


def create_app(folder, client_id, client_secret, ca=None, base_url=None):
    """The stand-in's web application; ``base_url`` is how RODARE reaches it (for links)."""
    app = Flask("gitlab")
    folder = Path(folder)
    state = State(folder)
    data = state.data

    def base():
        return (base_url or request.host_url).rstrip("/")

    # --- OAuth ---------------------------------------------------------------------------

    def oauth_error(error, description, status=400):
        return jsonify({"error": error, "error_description": description}), status

    def authorize_params(source):
        missing = [k for k in ("client_id", "redirect_uri", "response_type") if not source.get(k)]
        if missing:
            abort(400, f"missing: {', '.join(missing)}")
        if source["client_id"] != client_id:
            abort(400, "unknown client_id")
        if source["response_type"] != "code":
            abort(400, "response_type must be code")
        if urlsplit(source["redirect_uri"]).scheme not in ("http", "https"):
            abort(400, "redirect_uri must be an http(s) address")
        return {k: source.get(k, "") for k in ("client_id", "redirect_uri", "response_type",
                                                 "state", "scope")}

    @app.get("/oauth/authorize")
    def authorize_page():
        params = authorize_params(request.args)
        hidden = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                         for k, v in params.items())
        buttons = "".join(
            f'<p><button type="submit" name="user_id" value="{u["id"]}">Authorize as '
            f'{html.escape(u["name"])} ({html.escape(u["username"])})</button></p>'
            for u in data["users"].values())
        body = (f"<h2>Authorize RODARE?</h2><p>An application ({html.escape(client_id)}) asks for "
                f"access with scope <code>{html.escape(params['scope'] or 'api')}</code>.</p>"
                f'<form method="post">{hidden}{buttons}<p><button type="submit" name="deny" '
                f'value="1">Deny</button></p></form>')
        return PAGE.format(title="authorize", body=body)

    @app.post("/oauth/authorize")
    def authorize_grant():
        params = authorize_params(request.form)
        sep = "&" if "?" in params["redirect_uri"] else "?"
        answer = {"state": params["state"]} if params["state"] else {}
        if request.form.get("deny"):
            answer["error"] = "access_denied"
            return redirect(f"{params['redirect_uri']}{sep}{urlencode(answer)}", 302)
        user_id = request.form.get("user_id", "")
        if user_id not in data["users"]:
            abort(400, "unknown user")
        code = secrets.token_urlsafe(24)
        with state.lock:
            data["codes"][code] = {"user_id": user_id, "redirect_uri": params["redirect_uri"],
                                   "scope": params["scope"] or "api", "at": time.time()}
            state.save()
        answer["code"] = code
        return redirect(f"{params['redirect_uri']}{sep}{urlencode(answer)}", 302)

    def issue_token(user_id, scope):
        token = {"access_token": secrets.token_hex(32), "refresh_token": secrets.token_hex(32),
                 "token_type": "Bearer", "expires_in": 7200, "scope": scope,
                 "created_at": int(time.time())}
        data["tokens"][token["access_token"]] = {"user_id": user_id, "scope": scope,
                                                 "refresh_token": token["refresh_token"]}
        state.save()
        return token

    @app.post("/oauth/token")
    def token():
        form = request.form
        auth = request.authorization
        cid = form.get("client_id") or (auth.username if auth else None)
        secret = form.get("client_secret") or (auth.password if auth else None)
        if cid != client_id or secret != client_secret:
            return oauth_error("invalid_client", "Client authentication failed", 401)
        grant = form.get("grant_type")
        with state.lock:
            if grant == "authorization_code":
                code = data["codes"].pop(form.get("code", ""), None)
                state.save()
                if code is None or time.time() - code["at"] > 600:
                    return oauth_error("invalid_grant", "The authorization code is invalid")
                if form.get("redirect_uri") != code["redirect_uri"]:
                    return oauth_error("invalid_grant", "redirect_uri does not match")
                return jsonify(issue_token(code["user_id"], code["scope"]))
            if grant == "refresh_token":
                for access, held in list(data["tokens"].items()):
                    if held["refresh_token"] == form.get("refresh_token"):
                        del data["tokens"][access]
                        return jsonify(issue_token(held["user_id"], held["scope"]))
                return oauth_error("invalid_grant", "The refresh token is invalid")
        return oauth_error("unsupported_grant_type", "grant_type not supported")

    # --- REST API v4 ---------------------------------------------------------------------

    def current_user(required=True):
        header = request.headers.get("Authorization", "")
        access = header[7:] if header.startswith("Bearer ") else request.headers.get("PRIVATE-TOKEN")
        held = data["tokens"].get(access or "")
        if held is None:
            if required:
                abort(problem(401, "401 Unauthorized"))
            return None
        return data["users"][held["user_id"]]

    @app.before_request
    def authenticate():
        if request.path.startswith("/api/v4/"):
            header = request.headers.get("Authorization", "")
            access = header[7:] if header.startswith("Bearer ") else request.headers.get("PRIVATE-TOKEN")
            if (access or "") not in data["tokens"]:
                return jsonify({"message": "401 Unauthorized"}), 401
        return None

    def problem(status, message):
        """GitLab's error answer; a response object, so it can be returned or aborted with."""
        response = jsonify({"message": message})
        response.status_code = status
        return response

    def flag(name, default=None):
        value = request.values.get(name)
        if value is None and request.is_json:
            value = (request.get_json(silent=True) or {}).get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "1"):
            return True
        if str(value).lower() in ("false", "0"):
            return False
        abort(problem(400, f"{name} is invalid"))

    def params():
        """Body fields (form or JSON) over query parameters, as GitLab takes them."""
        merged = dict(request.args)
        merged.update(request.form)
        if request.is_json:
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                abort(problem(400, "the body is not a JSON object"))
            merged.update(body)
        return merged

    def project_for(user, project_id, level=10):
        project = data["projects"].get(str(project_id))
        if project is None:
            abort(problem(404, "404 Project Not Found"))
        access = project["members"].get(str(user["id"]), 0)
        if access == 0 and project["visibility"] == "private":
            abort(problem(404, "404 Project Not Found"))
        if access < level:
            abort(problem(403, "403 Forbidden"))
        return project

    def user_json(user):
        return {**{k: user[k] for k in ("id", "username", "name", "state")},
                "email": user["email"], "avatar_url": None,
                "web_url": f"{base()}/{user['username']}"}

    def project_json(project, with_license=False):
        full = f"{project['namespace']['full_path']}/{project['path']}"
        answer = {
            "id": project["id"], "name": project["name"], "path": project["path"],
            "path_with_namespace": full, "name_with_namespace": f"{project['namespace']['name']} / {project['name']}",
            "description": project["description"], "visibility": project["visibility"],
            "namespace": project["namespace"], "web_url": f"{base()}/{full}",
            "http_url_to_repo": f"{base()}/{full}.git", "created_at": "2024-01-15T09:00:00.000Z",
            "archived": False,
        }
        if project["default_branch"]:
            answer["default_branch"] = project["default_branch"]  # absent without a repository
        if with_license:
            answer["license"] = project["license"]
        return answer

    def page(items):
        """One page of ``items`` with GitLab's pagination headers."""
        try:
            per_page = max(1, min(100, int(request.args.get("per_page", 20))))
            number = max(1, int(request.args.get("page", 1)))
        except ValueError:
            abort(problem(400, "page and per_page must be numbers"))
        total_pages = max(1, -(-len(items) // per_page))
        response = jsonify(items[(number - 1) * per_page:number * per_page])
        response.headers.update({"X-Page": str(number), "X-Per-Page": str(per_page),
                                 "X-Total": str(len(items)), "X-Total-Pages": str(total_pages)})
        if number < total_pages:
            query = {**request.args, "page": number + 1, "per_page": per_page}
            response.headers["X-Next-Page"] = str(number + 1)
            response.headers["Link"] = f'<{base()}{request.path}?{urlencode(query)}>; rel="next"'
        return response

    @app.get("/api/v4/user")
    def api_user():
        return jsonify(user_json(current_user()))

    @app.get("/api/v4/users")
    def api_users():
        current_user()
        search = request.args.get("search", "").lower()
        found = [u for u in data["users"].values()
                 if search and (search in u["username"].lower() or search in u["name"].lower()
                                or search == u["email"].lower())]
        return page([{k: u[k] for k in ("id", "username", "name", "state")} for u in found])

    @app.get("/api/v4/projects")
    def api_projects():
        user = current_user()
        visibility = request.args.get("visibility")
        if visibility not in (None, "private", "internal", "public"):
            return problem(400, "visibility does not have a valid value")
        try:
            level = int(request.args.get("min_access_level", 0))
        except ValueError:
            return problem(400, "min_access_level is invalid")
        member_only = flag("membership", False) or level > 0
        found = []
        for project in data["projects"].values():
            access = project["members"].get(str(user["id"]), 0)
            if member_only and access < max(level, 10):
                continue
            if not member_only and access == 0 and project["visibility"] == "private":
                continue
            if visibility and project["visibility"] != visibility:
                continue
            found.append(project_json(project))
        return page(sorted(found, key=lambda p: -p["id"]))

    @app.get("/api/v4/projects/<int:project_id>")
    def api_project(project_id):
        project = project_for(current_user(), project_id)
        return jsonify(project_json(project, with_license=flag("license", False)))

    @app.get("/api/v4/projects/<int:project_id>/members/all")
    def api_members(project_id):
        project = project_for(current_user(), project_id)
        return page([{**{k: data["users"][uid][k] for k in ("id", "username", "name", "state")},
                      "access_level": level} for uid, level in project["members"].items()])

    @app.get("/api/v4/projects/<int:project_id>/repository/contributors")
    def api_contributors(project_id):
        project = project_for(current_user(), project_id)
        if request.args.get("order_by", "commits") not in ("name", "email", "commits"):
            return problem(400, "order_by does not have a valid value")
        people = [data["users"][uid] for uid, level in project["members"].items() if level >= DEVELOPER]
        return page([{"name": u["name"], "email": u["email"], "commits": 10 * (i + 1),
                      "additions": 0, "deletions": 0} for i, u in enumerate(people)])

    # hooks

    def hook_json(hook):
        return {k: v for k, v in hook.items() if k != "token"}

    def project_hooks(project_id):
        return [h for h in data["hooks"].values() if h["project_id"] == project_id]

    @app.route("/api/v4/projects/<int:project_id>/hooks", methods=["GET", "POST"])
    def api_hooks(project_id):
        project = project_for(current_user(), project_id, MAINTAINER)
        if request.method == "GET":
            return page([hook_json(h) for h in project_hooks(project["id"])])
        fields = params()
        url = fields.get("url", "")
        if urlsplit(str(url)).scheme not in ("http", "https") or not urlsplit(str(url)).netloc:
            return problem(400, "url is missing or invalid")
        hook = {"id": state.new_id(), "url": url, "project_id": project["id"],
                "created_at": now(), "description": str(fields.get("description") or ""),
                "token": str(fields.get("token") or "")}
        for name, default in (("push_events", True), ("tag_push_events", False),
                              ("releases_events", False), ("enable_ssl_verification", True)):
            hook[name] = flag(name, default)
        with state.lock:
            data["hooks"][str(hook["id"])] = hook
            state.save()
        return jsonify(hook_json(hook)), 201

    @app.route("/api/v4/projects/<int:project_id>/hooks/<int:hook_id>",
               methods=["GET", "PUT", "DELETE"])
    def api_hook(project_id, hook_id):
        project = project_for(current_user(), project_id, MAINTAINER)
        hook = data["hooks"].get(str(hook_id))
        if hook is None or hook["project_id"] != project["id"]:
            return problem(404, "404 Not found")
        with state.lock:
            if request.method == "DELETE":
                del data["hooks"][str(hook_id)]
                state.save()
                return "", 204
            if request.method == "PUT":
                fields = params()
                if "url" in fields:
                    if urlsplit(str(fields["url"])).scheme not in ("http", "https"):
                        return problem(400, "url is invalid")
                    hook["url"] = fields["url"]
                for name in ("token", "description"):
                    if name in fields:
                        hook[name] = str(fields[name] or "")
                for name in ("push_events", "tag_push_events", "releases_events",
                             "enable_ssl_verification"):
                    hook[name] = flag(name, hook[name])
                state.save()
        return jsonify(hook_json(hook))

    # tags, releases, files, archives

    def tags_of(project):
        return data["tags"].setdefault(str(project["id"]), {})

    def tag_json(project, tag):
        return {"name": tag["name"], "message": tag["message"], "target": tag["sha"],
                "commit": {"id": tag["sha"], "short_id": tag["sha"][:8], "created_at": tag["created_at"],
                           "title": tag["message"] or tag["name"]},
                "release": ({"tag_name": tag["name"], "description": r["description"]}
                            if (r := data["releases"].get(f"{project['id']}:{tag['name']}")) else None),
                "protected": False, "created_at": tag["created_at"]}

    def archive_url(project, tag_name, fmt="zip"):
        full = f"{project['namespace']['full_path']}/{project['path']}"
        name = tag_name.replace("/", "-")
        return f"{base()}/{full}/-/archive/{tag_name}/{project['path']}-{name}.{fmt}"

    def release_json(project, release):
        return {"id": release["id"], "tag_name": release["tag"], "name": release["name"],
                "description": release["description"], "created_at": release["created_at"],
                "released_at": release["released_at"], "upcoming_release": False,
                "author": user_json(data["users"][release["author_id"]]),
                "commit": {"id": tags_of(project)[release["tag"]]["sha"]},
                "assets": {"count": 2, "sources": [
                    {"format": fmt, "url": archive_url(project, release["tag"], fmt)}
                    for fmt in ("zip", "tar.gz")], "links": []},
                "_links": {"self": f"{base()}/{project_json(project)['path_with_namespace']}"
                                   f"/-/releases/{release['tag']}"}}

    def create_tag(project, user, name, ref, message="", files=None):
        """Tag ``ref`` (the default branch) as ``name``, with ``files`` as the tree if given."""
        if not TAG_PATTERN.match(name or "") or ".." in name:
            abort(problem(400, "tag_name is missing or invalid"))
        if not project["default_branch"]:
            abort(problem(400, "the project has no repository"))
        if ref not in (project["default_branch"],):
            abort(problem(400, "Target ref is invalid"))
        with state.lock:
            if name in tags_of(project):
                abort(problem(400, f"Tag {name} already exists"))
            if files is not None:
                project["files"] = files
            tree = dict(project["files"])
            sha = hashlib.sha1(json.dumps([name, tree], sort_keys=True).encode()).hexdigest()
            tag = {"name": name, "message": message, "sha": sha, "created_at": now(), "files": tree}
            tags_of(project)[name] = tag
            state.save()
        deliver(project, "tag_push_events", "Tag Push Hook", {
            "object_kind": "tag_push", "event_name": "tag_push", "before": "0" * 40,
            "after": sha, "ref": f"refs/tags/{name}", "checkout_sha": sha, "message": message,
            "user_id": user["id"], "user_name": user["name"], "user_username": user["username"],
            "user_email": user["email"], "project_id": project["id"],
            "project": project_json(project), "commits": [], "total_commits_count": 0})
        return tag

    def create_release(project, user, tag_name, name, description):
        if tag_name not in tags_of(project):
            abort(problem(400, f"Tag {tag_name} does not exist; create it with ref"))
        key = f"{project['id']}:{tag_name}"
        with state.lock:
            if key in data["releases"]:
                abort(problem(409, "Release already exists"))
            stamp = now()
            release = {"id": state.new_id(), "tag": tag_name, "name": name or tag_name,
                       "description": description or "", "created_at": stamp,
                       "released_at": stamp, "author_id": str(user["id"])}
            data["releases"][key] = release
            state.save()
        answer = release_json(project, release)
        deliver(project, "releases_events", "Release Hook", {
            "object_kind": "release", "action": "create", "id": release["id"],
            "created_at": release["created_at"], "released_at": release["released_at"],
            "description": release["description"], "name": release["name"],
            "tag": tag_name, "url": answer["_links"]["self"], "assets": answer["assets"],
            "commit": {"id": answer["commit"]["id"]}, "project": project_json(project)})
        return release

    @app.route("/api/v4/projects/<int:project_id>/repository/tags", methods=["GET", "POST"])
    def api_tags(project_id):
        user = current_user()
        if request.method == "GET":
            project = project_for(user, project_id)
            return page([tag_json(project, t) for t in reversed(tags_of(project).values())])
        project = project_for(user, project_id, DEVELOPER)
        fields = params()
        if not fields.get("tag_name") or not fields.get("ref"):
            return problem(400, "tag_name, ref are missing")
        tag = create_tag(project, user, str(fields["tag_name"]), str(fields["ref"]),
                         str(fields.get("message") or ""))
        return jsonify(tag_json(project, tag)), 201

    @app.route("/api/v4/projects/<int:project_id>/releases", methods=["GET", "POST"])
    def api_releases(project_id):
        user = current_user()
        if request.method == "GET":
            project = project_for(user, project_id)
            found = [r for k, r in data["releases"].items() if k.startswith(f"{project['id']}:")]
            return page([release_json(project, r) for r in reversed(found)])
        project = project_for(user, project_id, DEVELOPER)
        fields = params()
        tag_name = str(fields.get("tag_name") or "")
        if not tag_name:
            return problem(400, "tag_name is missing")
        if tag_name not in tags_of(project):
            if not fields.get("ref"):
                return problem(400, "Ref is not specified")
            create_tag(project, user, tag_name, str(fields["ref"]))
        release = create_release(project, user, tag_name, str(fields.get("name") or ""),
                                 str(fields.get("description") or ""))
        return jsonify(release_json(project, release)), 201

    @app.get("/api/v4/projects/<int:project_id>/releases/<path:tag_name>")
    def api_release(project_id, tag_name):
        project = project_for(current_user(), project_id)
        release = data["releases"].get(f"{project['id']}:{tag_name}")
        if release is None:
            return problem(404, "404 Not Found")
        return jsonify(release_json(project, release))

    def tree_at(project, ref):
        if ref == project["default_branch"]:
            return project["files"]
        tag = tags_of(project).get(ref)
        if tag is None:
            abort(problem(404, "404 Commit Not Found"))
        return tag["files"]

    @app.get("/api/v4/projects/<int:project_id>/repository/files/<path:file_path>")
    def api_file(project_id, file_path):
        project = project_for(current_user(), project_id)
        ref = request.args.get("ref")
        if not ref:
            return problem(400, "ref is missing")
        tree = tree_at(project, ref)
        if file_path not in tree:
            return problem(404, "404 File Not Found")
        content = tree[file_path].encode()
        return jsonify({"file_name": file_path.rsplit("/", 1)[-1], "file_path": file_path,
                        "size": len(content), "encoding": "base64", "ref": ref,
                        "content": base64.b64encode(content).decode(),
                        "content_sha256": hashlib.sha256(content).hexdigest(),
                        "blob_id": hashlib.sha1(content).hexdigest(),
                        "commit_id": tags_of(project).get(ref, {}).get("sha", "0" * 40),
                        "last_commit_id": tags_of(project).get(ref, {}).get("sha", "0" * 40)})

    def zip_of(project, tag_name):
        prefix = f"{project['path']}-{tag_name.replace('/', '-')}"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in sorted(tree_at(project, tag_name).items()):
                info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=(2024, 1, 15, 9, 0, 0))
                archive.writestr(info, text)
        return buffer.getvalue()

    @app.get("/<path:namespace>/<project_path>/-/archive/<path:rest>")
    def archive(namespace, project_path, rest):
        project = next((p for p in data["projects"].values()
                        if p["namespace"]["full_path"] == namespace and p["path"] == project_path), None)
        user = current_user(required=False)
        if project is None or (project["visibility"] != "public" and user is None):
            return problem(404, "404 Not Found")  # GitLab hides what one may not see
        if project.get("archive_fault"):  # the developer's switch (POST .../archive-fault)
            return problem(project["archive_fault"], f"{project['archive_fault']} archive fault")
        if project["visibility"] == "private" and not project["members"].get(str(user["id"])):
            return problem(404, "404 Not Found")
        for tag_name in tags_of(project):
            if rest == f"{tag_name}/{project['path']}-{tag_name.replace('/', '-')}.zip":
                response = app.response_class(zip_of(project, tag_name), mimetype="application/zip")
                response.headers["Content-Disposition"] = (
                    f'attachment; filename="{project["path"]}-{tag_name.replace("/", "-")}.zip"')
                return response
        return problem(404, "404 Not Found")

    # --- webhook deliveries -------------------------------------------------------------

    def deliveries():
        return sorted((folder / "deliveries").glob("*.json"), key=lambda p: int(p.stem))

    def send(record_path):
        record = json.loads(record_path.read_text())
        hook = data["hooks"].get(str(record["hook_id"]))
        headers = {"Content-Type": "application/json", "User-Agent": "GitLab/17.11.0",
                   "X-Gitlab-Event": record["event"], "X-Gitlab-Instance": base_url or "",
                   "X-Gitlab-Webhook-UUID": record["webhook_uuid"],
                   "X-Gitlab-Event-UUID": str(uuid.uuid4())}
        if hook and hook["token"]:
            headers["X-Gitlab-Token"] = hook["token"]
        verify = (ca or True) if (hook or {}).get("enable_ssl_verification", True) else False
        attempt = {"at": now(), "headers": {k: v for k, v in headers.items() if k != "X-Gitlab-Token"}}
        try:
            answer = requests.post(record["url"], data=json.dumps(record["payload"]),
                                   headers=headers, timeout=10, verify=verify)
            attempt.update(status=answer.status_code, answer=answer.text[:2000])
        except requests.RequestException as error:
            attempt.update(status=None, answer=f"{type(error).__name__}: {error}"[:2000])
        with state.lock:
            record = json.loads(record_path.read_text())
            record["attempts"].append(attempt)
            record_path.write_text(json.dumps(record, indent=2, ensure_ascii=False))

    def deliver(project, kind, event, payload):
        """Send ``payload`` to every hook of ``project`` that wants ``kind``, in the background."""
        folder_path = folder / "deliveries"
        for hook in project_hooks(project["id"]):
            if not hook.get(kind):
                continue
            with state.lock:
                number = len(deliveries()) + 1
                path = folder_path / f"{number}.json"
                path.write_text(json.dumps({
                    "n": number, "hook_id": hook["id"], "project_id": project["id"],
                    "url": hook["url"], "event": event, "webhook_uuid": str(uuid.uuid5(
                        uuid.NAMESPACE_URL, f"hook-{hook['id']}")),
                    "payload": payload, "attempts": []}, indent=2, ensure_ascii=False))
            threading.Thread(target=send, args=(path,), daemon=True).start()

    @app.get("/-/standin/deliveries")
    def list_deliveries():
        # under the lock: a delivery thread rewrites its record (the answer) meanwhile
        with state.lock:
            return jsonify([json.loads(p.read_text()) for p in deliveries()])

    @app.post("/-/standin/deliveries/<int:number>/resend")
    def resend(number):
        path = folder / "deliveries" / f"{number}.json"
        if not path.exists():
            abort(404)
        send(path)
        if request.accept_mimetypes.best == "application/json":
            return jsonify(json.loads(path.read_text()))
        return redirect("/", 303)

    # --- the developer's page ------------------------------------------------------------

    @app.get("/")
    def index():
        rows = []
        for project in data["projects"].values():
            full = html.escape(project_json(project)["path_with_namespace"])
            hooks = "<br>".join(html.escape(h["url"]) for h in project_hooks(project["id"])) or "–"
            tags = ", ".join(html.escape(t) for t in tags_of(project)) or "–"
            if project["default_branch"]:
                cff = html.escape(project["files"].get("CITATION.cff", ""))
                push = (f'<form method="post" action="/-/standin/projects/{project["id"]}/push-tag">'
                        f'<label>Tag <input name="tag_name" required pattern="[A-Za-z0-9][A-Za-z0-9._/-]*">'
                        f'</label> <label><input type="checkbox" name="release" value="1" checked> '
                        f'with a release</label><br><label>CITATION.cff at this tag<br>'
                        f'<textarea name="citation" rows="6">{cff}</textarea></label>'
                        f'<br><button type="submit">Push tag</button></form>')
            else:
                push = "no repository"
            rows.append(f"<tr><td><b>{full}</b> ({project['id']}, {project['visibility']})<br>"
                        f"{html.escape(project['description'] or '')}</td><td>{hooks}</td>"
                        f"<td>{tags}</td><td>{push}</td></tr>")
        sent = []
        with state.lock:  # a delivery thread may be rewriting one
            records = [json.loads(path.read_text()) for path in reversed(deliveries()[-20:])]
        for record in records:
            last = record["attempts"][-1] if record["attempts"] else {}
            sent.append(f"<tr><td>{record['n']}</td><td>{html.escape(record['event'])}</td>"
                        f"<td>{html.escape(record['url'])}</td><td>{last.get('status', 'sending')}"
                        f"</td><td><form method=\"post\" action=\"/-/standin/deliveries/"
                        f"{record['n']}/resend\"><button type=\"submit\">Resend</button></form></td></tr>")
        body = ("<h2>Projects</h2><table><tr><th>project</th><th>hooks</th><th>tags</th>"
                f"<th>push a tag</th></tr>{''.join(rows)}</table><h2>Webhook deliveries</h2>"
                "<table><tr><th>#</th><th>event</th><th>to</th><th>answer</th><th></th></tr>"
                f"{''.join(sent) or '<tr><td colspan=5>none yet</td></tr>'}</table>")
        return PAGE.format(title="projects", body=body)

    @app.post("/-/standin/projects/<int:project_id>/push-tag")
    def push_tag(project_id):
        """The developer's "git push --tags" (as the project's first maintainer)."""
        project = data["projects"].get(str(project_id))
        if project is None:
            abort(404)
        maintainer = next((uid for uid, lvl in project["members"].items() if lvl >= MAINTAINER), None)
        user = data["users"][maintainer]
        files = None
        # "citation" (the page's textarea) is CITATION.cff; "file:<path>" any other file; an
        # empty one is deleted at the tag
        given = {("CITATION.cff" if key == "citation" else key[5:]): value
                 for key, value in request.form.items()
                 if key == "citation" or (key.startswith("file:") and len(key) > 5)}
        if given and project["default_branch"]:
            files = dict(project["files"])
            for path, content in given.items():
                files[path] = content.replace("\r\n", "\n")
                if not files[path].strip():
                    del files[path]
        tag_name = request.form.get("tag_name", "")
        create_tag(project, user, tag_name, project["default_branch"] or "", files=files)
        if request.form.get("release"):
            create_release(project, user, tag_name, tag_name, request.form.get("description", ""))
        if request.accept_mimetypes.best == "application/json":
            return jsonify(tag_json(project, tags_of(project)[tag_name])), 201
        return redirect("/", 303)

    @app.post("/-/standin/projects/<int:project_id>/archive-fault")
    def archive_fault(project_id):
        """Its archives answer ``status`` (404 or 500) from now on; none or empty: served again."""
        project = data["projects"].get(str(project_id))
        status = request.form.get("status", "")
        if project is None or status not in ("", "404", "500"):
            abort(404 if project is None else 400)
        with state.lock:
            project["archive_fault"] = int(status) if status else None
            state.save()
        return "", 204

    @app.post("/-/standin/projects/<int:project_id>/delete")
    def delete_project(project_id):
        """The project deleted at GitLab: every API call and archive about it answers 404."""
        with state.lock:
            if data["projects"].pop(str(project_id), None) is None:
                abort(404)
            state.save()
        return "", 204

    @app.errorhandler(400)
    @app.errorhandler(404)
    def plain_error(error):
        if request.path.startswith("/api/v4/"):
            return problem(error.code, str(error.description))
        return PAGE.format(title="error", body=f"<p>{html.escape(str(error.description))}</p>"), error.code

    return app


def running(folder, client_id, client_secret):
    """The stand-in in a process of its own over ``folder`` (``secret`` and ``data/`` in it),
    as the stack starts it; yields its base URL, stops it afterwards. For the tests."""
    from .launch import running as launch

    folder = Path(folder)
    (folder / "secret").write_text(client_secret)
    return launch("gitlab", "--dir", str(folder / "data"), "--client-id", client_id,
                  "--client-secret-file", str(folder / "secret"), name="GitLab stand-in")


def main():
    """Serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret-file", required=True)
    parser.add_argument("--ca", help="CA bundle to verify RODARE's certificate with")
    args = parser.parse_args()
    secret = Path(args.client_secret_file).read_text().strip()
    base_url = f"http://127.0.0.1:{args.port}"
    app = create_app(args.dir, args.client_id, secret, args.ca, base_url)
    print(f"GitLab stand-in on {base_url}", flush=True)
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()
