"""The whole embedded RODARE stack: services, instance, Celery worker and web app.

``./rodare up`` runs one :class:`Stack` in the foreground on fixed ports; the end-to-end
tests run another on free ports in a temporary root. Start order and what is reused:

1. PostgreSQL, Redis, search server (``stack.services``); PGDATA and Redis data survive.
2. ``python -m stack.instance auto``: a new database is set up (tables, roles, indices,
   fixtures, vocabularies, admin account); an existing one is re-indexed into the
   in-memory search server.
3. UI assets are built when their inputs changed (stamp in the instance folder).
4. The local stand-ins (``stack.standins``): mail sink, DataCite, ROBIS and GitLab
   (``mailsink``, ``datacite``, ``robis``, ``gitlab``), the identity providers (HZDR's SAML IdP ``saml_idp``,
   Helmholtz AAI and ORCID ``oidc``), then the Celery worker, beat, the jobs
   scheduler, then the web app (UI + API) on HTTPS: gunicorn
   (``stack.gunicorn_conf``) by default, Flask's development server (``invenio run``)
   with ``web="development"`` (for comparisons, see ``stack.bench``).

:meth:`Stack.supervise` keeps them up while the stack runs: a child that exits is
restarted with back-off and given up after too many crashes (``stack.restarts``), and a
restarted search server is refilled from PostgreSQL. :meth:`Stack.stop` stops them in
reverse order; every child runs in its own process group, which is killed whole, so
nothing outlives the supervisor, orphans included.
"""

import hashlib
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from .standins import oidc
from .certs import ensure_certificate
from . import kept_index, usage_stats
from .restarts import Crashes, RestartPolicy
from .services import Postgres, Service, Services, wait_for_port

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(sys.executable).parent
DEFAULT_PORTS = {"postgres": 55432, "redis": 56379, "search": 59200, "web": 5000, "mail": 55025,
                 "robis": 55080, "datacite": 55030, "gitlab": 55040,
                 "saml": 55091, "helmholtz": 55092, "orcid": 55093, "s3": 55060}
DATACITE_PREFIX = "10.5072"
"""DataCite's test prefix: the embedded default's local DataCite (stack/standins/datacite.py)
owns it."""
DATACITE_ACCOUNT = "RODARE.LOCAL"
GITLAB_CLIENT_ID = "rodare-local-gitlab"
"""RODARE's OAuth application at the local GitLab (stack/standins/gitlab.py, docs/software-releases.md)."""
OIDC_CLIENT_ID = "rodare-local"
"""RODARE's client ID at the local Helmholtz AAI and ORCID (stack/standins/oidc.py takes any)."""
SAML_SP_METADATA = "/saml/metadata/hzdr"
"""Where the instance serves its SAML SP metadata for the HZDR IdP (invenio-saml)."""
WEB_SERVERS = ("production", "development")


def _secret(path, nbytes=32):
    """A secret kept in a file of the stack root, created on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(nbytes))
        path.chmod(0o600)
    return path.read_text().strip()


def assets_fingerprint():
    """Hash of everything the UI bundles are built from."""
    site = REPO / "site" / "rodare_rdm"
    sources = [REPO / "Pipfile.lock", site / "webpack.py"]
    for folder in [REPO / "assets", REPO / "static", *site.glob("**/assets")]:
        sources += sorted(p for p in folder.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for path in sources:
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


CELERY_ENV = {
    "BROKER_URL", "RESULT_BACKEND", "CELERY_BROKER_URL", "CELERY_BROKER_READ_URL",
    "CELERY_BROKER_WRITE_URL", "CELERY_RESULT_BACKEND", "CELERY_CONFIG_MODULE", "APP",
    "LOADER", "CONFIG_MODULE",
}
"""Variables the celery CLI or Celery read before the app's config; set by us only."""


class Process(Service):
    """An app process (web, worker, scheduler) managed like a service."""

    def __init__(self, root, name, args, env, port=None, ready=None, ready_count=1):
        """Remember how to start it; ``ready`` is a log line that says it is serving.

        ``ready_count`` is how often the line must appear (once per gunicorn worker).
        """
        self.name = name
        super().__init__(root, port)
        self.args, self.env, self.ready, self.ready_count = args, env, ready, ready_count
        self._log_offset = 0

    def start(self):
        """Start it; :meth:`wait_ready` waits until it serves."""
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self.proc = self._popen(self.args, env=self.env, cwd=REPO)
        return self

    def wait_ready(self, timeout=180):
        """Block until the port listens and the ready line (after this start) is logged."""
        if self.port:
            wait_for_port(self.port, timeout=timeout, proc=self.proc, name=self.name)
        deadline = time.monotonic() + timeout
        while self.ready:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_offset)
                if log.read().count(self.ready.encode()) >= self.ready_count:
                    return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.proc.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} was not ready in {timeout}s; see {self.log_path}")
            time.sleep(0.2)
        return self


class Stack:
    """One complete RODARE instance on embedded services."""

    def __init__(self, root, ports=None, instance_path=None, echo=print, web="production",
                 s3=None, settings=None):
        """Lay out the root folder; nothing is started yet.

        ``web`` is "production" (gunicorn) or "development" (Flask's server). ``s3`` (default:
        ``RODARE_S3=1`` in the environment) adds the local S3 server (stack/standins/s3.py)
        and connects the app to it; the files stay in the local folder until
        ``invenio rodare-storage move --to s3`` (docs/storage-s3.md). ``settings`` are
        INVENIO_* variables of this stack alone, on top of the caller's environment: a test
        gives its stack settings without handing them to every other app of its process.
        """
        self.settings = dict(settings or {})
        self.s3 = os.environ.get("RODARE_S3") == "1" if s3 is None else s3
        if web not in WEB_SERVERS:
            raise ValueError(f"web must be one of {', '.join(WEB_SERVERS)}, not {web!r}")
        self.web = web
        self.root = Path(root).resolve()
        self.ports = {**DEFAULT_PORTS, **(ports or {})}
        self.instance = Path(instance_path or self.root / "instance").resolve()
        self.data_dir = self.root / "data"
        self.echo = echo
        self.services = None
        self.processes = []
        self.up = False  # every process served once (the stack restored its statistics)
        self.policy = RestartPolicy.from_env()
        self._crashes = {}  # child name -> Crashes
        self._due = {}  # child name -> when to restart it (monotonic)
        self.given_up = set()
        self._refill = None  # the reindex after a restart of the search server
        self.index_kept = False  # the last start put back the index of the last stop
        self.index_complete = False  # the search server holds every document (not refilling)
        self._started_code = None  # kept_index.code_fingerprint at the last start

    @property
    def url(self):
        """Where the web app answers."""
        return f"https://127.0.0.1:{self.ports['web']}"

    @property
    def certificate(self):
        """The self-signed certificate the web app serves (PEM path), for TLS clients."""
        return str(self.root / "tls" / "cert.pem")

    @property
    def admin_password(self):
        """The admin account's password (created on first start)."""
        return _secret(self.root / "admin-password", 12)

    def _link_instance(self):
        """Give the instance folder the project's config, templates and app data."""
        self.instance.mkdir(parents=True, exist_ok=True)
        for name in ("invenio.cfg", "templates", "app_data"):
            link = self.instance / name
            if not link.is_symlink():
                link.symlink_to(REPO / name)

    def env(self):
        """Environment of every app process."""
        services = self.services or Services(self.root, self.ports)  # settings only
        settings = services.env()
        # The celery CLI takes its broker and result backend from BROKER_URL and
        # RESULT_BACKEND, and Celery prefers CELERY_BROKER_URL/CELERY_RESULT_BACKEND over the
        # app's config: a value inherited from the caller's environment (pytest-invenio's
        # BROKER_URL in a test run, say) would silently send the worker to another broker.
        inherited = {key: value for key, value in os.environ.items() if key not in CELERY_ENV}
        return {
            **inherited,
            **self.settings,
            **settings,
            "BROKER_URL": settings["INVENIO_BROKER_URL"],
            "RESULT_BACKEND": settings["INVENIO_CELERY_RESULT_BACKEND"],
            "INVENIO_INSTANCE_PATH": str(self.instance),
            "INVENIO_SECRET_KEY": _secret(self.root / "secret-key"),
            "INVENIO_SITE_UI_URL": self.url,
            "INVENIO_SITE_API_URL": f"{self.url}/api",
            "INVENIO_SECURITY_LOGIN_WITHOUT_CONFIRMATION": "True",
            # E-mail goes to the local mailbox (stack/standins/mailsink.py, .rodare/mail/).
            "INVENIO_MAIL_SERVER": "127.0.0.1",
            "INVENIO_MAIL_PORT": str(self.ports["mail"]),
            "INVENIO_MAIL_SUPPRESS_SEND": "False",
            # The publish gate sends researchers to the local ROBIS (stack/standins/robis.py).
            "INVENIO_RODARE_ROBIS_REGISTER_URL": f"http://127.0.0.1:{self.ports['robis']}/robis/rodare/register",
            # The legacy deposit API asks it whether a pub_id exists (rodare_rdm/robis/lookup.py).
            "INVENIO_RODARE_ROBIS_LOOKUP_URL": f"http://127.0.0.1:{self.ports['robis']}/robis/api/publications",
            "RODARE_ROBIS_TOKEN_FILE": str(self.root / "robis-token"),
            # Usage statistics saved at stop and restored at start (stack/usage_stats.py).
            "RODARE_USAGE_STATS_FILE": str(self.usage_stats_file),
            # DOIs go to the local DataCite (stack/standins/datacite.py, .rodare/datacite/).
            "INVENIO_DATACITE_URL": f"http://127.0.0.1:{self.ports['datacite']}/",
            "INVENIO_DATACITE_PREFIX": DATACITE_PREFIX,
            "INVENIO_DATACITE_USERNAME": DATACITE_ACCOUNT,
            "INVENIO_DATACITE_PASSWORD": _secret(self.root / "datacite-password", 12),
            **self._login_env(),
            # Software releases come from the local GitLab (stack/standins/gitlab.py,
            # docs/software-releases.md): on here (INVENIO_RODARE_VCS_ENABLED=False turns them
            # off), with a webhook secret the hooks carry as X-Gitlab-Token.
            "INVENIO_RODARE_VCS_ENABLED": os.environ.get("INVENIO_RODARE_VCS_ENABLED", "True"),
            "INVENIO_RODARE_VCS_GITLAB_URL": f"http://127.0.0.1:{self.ports['gitlab']}",
            "INVENIO_RODARE_VCS_GITLAB_CLIENT_ID": GITLAB_CLIENT_ID,
            "INVENIO_RODARE_VCS_GITLAB_CLIENT_SECRET": _secret(self.root / "gitlab-client-secret"),
            "INVENIO_RODARE_VCS_GITLAB_WEBHOOK_SECRET": _secret(self.root / "gitlab-webhook-secret"),
            **self._s3_env(),
            "RODARE_ADMIN_PASSWORD": self.admin_password,
            "FLASK_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }

    def _s3_env(self):
        """With the S3 option: invenio-s3's connection to the local S3 server."""
        if not self.s3:
            return {}
        from .standins.s3 import ACCESS_KEY, SECRET_KEY

        return {"INVENIO_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
                "INVENIO_S3_ACCESS_KEY_ID": ACCESS_KEY,
                "INVENIO_S3_SECRET_ACCESS_KEY": SECRET_KEY}

    def _login_env(self):
        """Login at the local identity providers (docs/login-identities.md).

        The IdP's certificate is made here, so it exists before any app process reads it.
        """
        from .standins.saml_idp import ensure_keys  # pysaml2 is slow to import; only the stack needs it

        saml = f"http://127.0.0.1:{self.ports['saml']}"
        cert, _ = ensure_keys(self.root / "saml-idp")
        settings = {
            "INVENIO_RODARE_LOGIN_SAML_IDP_ENTITY_ID": f"{saml}/idp/metadata",
            "INVENIO_RODARE_LOGIN_SAML_IDP_SSO_URL": f"{saml}/idp/sso",
            "INVENIO_RODARE_LOGIN_SAML_IDP_CERT_FILE": str(cert),
            # The local providers speak HTTP, which oauthlib refuses without this.
            "OAUTHLIB_INSECURE_TRANSPORT": "1",
        }
        for provider in ("helmholtz", "orcid"):
            prefix = f"INVENIO_RODARE_LOGIN_{provider.upper()}_"
            urls = oidc.endpoints(self.ports[provider])
            settings.update({prefix + key.upper(): url for key, url in urls.items()})
            # One client per provider, as in production: upstream keys the linked accounts
            # (RemoteAccount) by client id, so a shared one would mix the two providers up.
            settings[prefix + "CLIENT_ID"] = f"{OIDC_CLIENT_ID}-{provider}"
            settings[prefix + "CLIENT_SECRET"] = _secret(self.root / f"{provider}-client-secret")
        return settings

    def invenio(self, *args, **kwargs):
        """Run an ``invenio`` CLI command with the app processes' settings."""
        return subprocess.run([str(BIN / "invenio"), *args], env=self.env(), cwd=REPO, **kwargs)

    def _run(self, *args, env=None):
        """Run ``python -m stack.instance``; a Ctrl-C while it runs stops it too."""
        proc = subprocess.Popen([PYTHON, "-m", "stack.instance", *args],
                                env={**self.env(), **(env or {})}, cwd=REPO)
        try:
            if proc.wait() != 0:
                raise subprocess.CalledProcessError(proc.returncode, proc.args)
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()

    def build_assets(self, force=False):
        """Build the UI bundles when their inputs changed since the last build."""
        self._link_instance()
        stamp = self.instance / ".assets-fingerprint"
        fingerprint = assets_fingerprint()
        built = (self.instance / "static" / "dist" / "manifest.json").exists()
        if not force and built and stamp.exists() and stamp.read_text() == fingerprint:
            self.echo("Assets: up to date")
            return
        # The app refuses to start without a real secret (rodare_rdm.security): the stack's own.
        env = {**os.environ, "INVENIO_INSTANCE_PATH": str(self.instance), "FLASK_DEBUG": "0",
               "INVENIO_SECRET_KEY": _secret(self.root / "secret-key")}
        subprocess.run(
            [PYTHON, "-m", "stack.instance", "assets", "--project", str(REPO)],
            env=env, cwd=REPO, check=True,
        )
        stamp.write_text(fingerprint)

    def start(self, assets=True):
        """Start everything; on failure stop what was started and re-raise."""
        try:
            self._start(assets)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, assets):
        t0 = time.monotonic()
        self._link_instance()
        self.echo(f"Services: PostgreSQL :{self.ports['postgres']}, Redis :{self.ports['redis']},"
                  f" search :{self.ports['search']} (data in {self.root})")
        # The code the processes load now makes the documents: what a stop seals them with.
        self._started_code = self._code()
        kept = kept_index.take(self.kept_index_folder, self._checkpoint(), self._started_code)
        self.index_kept = kept is not None
        self.services = Services(self.root, self.ports).start()
        self._run("auto", "--data-dir", str(self.data_dir),
                  env={"RODARE_KEPT_INDEX_FILE": str(kept)} if kept else None)
        self.index_complete = True
        if assets:
            self.build_assets()
        cert, key = Path(self.certificate), self.root / "tls" / "key.pem"
        ensure_certificate(cert, key)
        env = self.env()
        mail = Process(
            self.root, "mail",
            [PYTHON, "-m", "stack.standins.mailsink", "--port", str(self.ports["mail"]),
             "--dir", str(self.root / "mail")],
            env, port=self.ports["mail"],
        )
        robis = Process(
            self.root, "robis",
            [PYTHON, "-m", "stack.standins.robis", "--port", str(self.ports["robis"]),
             "--api", f"{self.url}/api", "--token-file", str(self.root / "robis-token"),
             "--ca", str(cert), "--dir", str(self.root / "robis")],
            env, port=self.ports["robis"],
        )
        datacite = Process(
            self.root, "datacite",
            [PYTHON, "-m", "stack.standins.datacite", "--port", str(self.ports["datacite"]),
             "--dir", str(self.root / "datacite"), "--prefix", DATACITE_PREFIX,
             "--username", DATACITE_ACCOUNT,
             # One argument with "=": a password that starts with "-" (token_urlsafe makes
             # one now and then) would otherwise read as an option, and the stand-in exits 2.
             f"--password={env['INVENIO_DATACITE_PASSWORD']}"],
            env, port=self.ports["datacite"],
        )
        gitlab = Process(
            self.root, "gitlab",
            [PYTHON, "-m", "stack.standins.gitlab", "--port", str(self.ports["gitlab"]),
             "--dir", str(self.root / "gitlab"), "--client-id", GITLAB_CLIENT_ID,
             "--client-secret-file", str(self.root / "gitlab-client-secret"), "--ca", str(cert)],
            env, port=self.ports["gitlab"],
        )
        saml = Process(
            self.root, "saml-idp",
            [PYTHON, "-m", "stack.standins.saml_idp", "--port", str(self.ports["saml"]),
             "--dir", str(self.root / "saml-idp"),
             "--sp-metadata-url", self.url + SAML_SP_METADATA, "--ca", str(cert)],
            env, port=self.ports["saml"],
        )
        providers = [
            Process(self.root, provider,
                    [PYTHON, "-m", "stack.standins.oidc", "--provider", provider,
                     "--port", str(self.ports[provider]),
                     # Its signing key is kept, as a real provider's: a restart changes nothing.
                     "--key-file", str(self.root / "oidc" / f"{provider}.pem")],
                    env, port=self.ports[provider])
            for provider in ("helmholtz", "orcid")
        ]
        worker = Process(
            self.root, "worker",
            [str(BIN / "celery"), "--app", "invenio_app.celery", "worker",
             "--events", "--loglevel", "INFO", "--queues", "celery,low", "--concurrency", "2"],
            env,
            # "Up" means every process serves: a task sent while the worker still boots
            # would wait in Redis (not be lost), but would not run when "Up" says it would.
            ready=" ready.",
        )
        # Periodic tasks (CELERY_BEAT_SCHEDULE) from a beat of their own, not the worker's
        # embedded one (--beat): a crashed embedded beat goes unnoticed by its worker,
        # a process of its own is restarted like any other (docker-compose.full.yml too).
        beat = Process(
            self.root, "beat",
            [str(BIN / "celery"), "--app", "invenio_app.celery", "beat", "--loglevel", "INFO",
             "--schedule", str(self.root / "celerybeat-schedule")],
            env, ready="beat: Starting",
        )
        # Jobs an administrator schedules in the admin UI (invenio-jobs) are read from the
        # database by their own beat scheduler, as in production (docker-compose.full.yml).
        jobs = Process(
            self.root, "jobs",
            [str(BIN / "celery"), "--app", "invenio_app.celery", "beat", "--loglevel", "INFO",
             "--scheduler", "invenio_jobs.services.scheduler:RunScheduler"],
            env, ready="beat: Starting",
        )
        # The S3 option only (docs/storage-s3.md): its objects live in the process, so a
        # restart of it loses them; the default stack has no such process.
        s3 = [Process(self.root, "s3", [PYTHON, "-m", "stack.standins.s3", "--port",
                                         str(self.ports["s3"])], env, port=self.ports["s3"])
              ] if self.s3 else []
        web = self.web_process(self.web, self.ports["web"], env)
        for process in (*s3, mail, datacite, robis, gitlab, saml, *providers, worker, beat, jobs,
                        web):
            self.echo(f"Starting {process.name} (log: {process.log_path})")
            self.processes.append(process.start())
        for process in self.processes:
            process.wait_ready()
        self.up = True
        self.echo(f"Up in {time.monotonic() - t0:.0f}s")

    def web_process(self, kind, port, env, name="web"):
        """The web app (UI + API) over HTTPS on ``port``: gunicorn or Flask's server.

        The benchmark starts extra ones beside the stack's own (another port, another
        instance folder) to compare servers and configurations on the same services.
        """
        cert, key = self.certificate, str(self.root / "tls" / "key.pem")
        if kind == "development":
            args = [str(BIN / "invenio"), "run", "--cert", cert, "--key", key,
                    "--host", "127.0.0.1", "--port", str(port)]
            return Process(self.root, name, args, env, port=port)
        from . import gunicorn_conf

        args = [str(BIN / "gunicorn"), "--config", "python:stack.gunicorn_conf",
                "--bind", f"127.0.0.1:{port}", "--certfile", cert, "--keyfile", key]
        workers = int(env.get("RODARE_WEB_WORKERS") or gunicorn_conf.default_workers())
        return Process(self.root, name, args, env, port=port,
                       ready=gunicorn_conf.READY, ready_count=workers)

    def children(self):
        """Every supervised child: the three servers, then the app processes."""
        services = self.services
        servers = [services.postgres, services.redis, services.search] if services else []
        return [*servers, *self.processes]

    def log(self, message):
        """Say what the supervisor did, on the terminal and in logs/supervisor.log."""
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}"
        self.echo(line)
        path = self.root / "logs" / "supervisor.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a") as log:
            log.write(line + "\n")

    def supervise(self, now=None):
        """One round of supervision: notice exits, restart what is due, follow the refill.

        ``./rodare up`` calls this twice a second. A child that exited is restarted after
        a back-off, and given up after too many crashes (``stack.restarts``); the others
        keep serving meanwhile. A restarted search server is refilled from PostgreSQL.
        """
        now = time.monotonic() if now is None else now
        for child in self.children():
            if child.name in self.given_up:
                continue
            if child.name in self._due:
                if now >= self._due[child.name]:
                    self._restart(child, now)
                continue
            code = child.proc.poll() if child.proc is not None else None
            if code is not None:
                self._crashed(child, f"exited ({code})", now)
        self._follow_refill(now)

    def _crashed(self, child, what, now):
        child.kill_group()  # orphans of the dead leader (a worker's pool processes)
        if self.services is not None and child is self.services.search:
            self.index_complete = False  # its documents went with it
        crashes = self._crashes.setdefault(child.name, Crashes(self.policy))
        count = crashes.record(now)
        if crashes.exhausted():
            self.given_up.add(child.name)
            self.log(f"{child.name} {what}: {count} crashes in {self.policy.window:.0f}s, "
                     f"GIVING UP on {child.name}; the rest keeps serving. "
                     f"See {child.log_path}; restart the stack to try again.")
            return
        delay = self.policy.delay(count)
        self._due[child.name] = now + delay
        self.log(f"{child.name} {what}; restarting it in {delay:g}s "
                 f"(crash {count} of {self.policy.limit} allowed in "
                 f"{self.policy.window:.0f}s; see {child.log_path})")

    def _restart(self, child, now):
        del self._due[child.name]
        try:
            child.start()
        except Exception as error:  # it did not come up: one more crash
            self._crashed(child, f"did not start again ({error})", now)
            return
        self.log(f"{child.name} restarted (pid {child.proc.pid})")
        if child is self.services.search:
            self._start_refill()

    def _start_refill(self):
        """Refill the restarted in-memory search server from PostgreSQL, in the background.

        Search answers 503 until the refill is done (rodare_rdm.search_ready).
        """
        self._stop_refill()
        self.index_complete = False
        log = open(self.root / "logs" / "refill.log", "ab")
        self._refill = subprocess.Popen(
            [PYTHON, "-m", "stack.instance", "reindex"], env=self.env(), cwd=REPO,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        log.close()
        self.log(f"search: refilling it from PostgreSQL (pid {self._refill.pid}; "
                 f"log {self.root / 'logs' / 'refill.log'}); search answers 503 until done")

    def _follow_refill(self, now):
        if self._refill is None or self._refill.poll() is None:
            return
        code, self._refill = self._refill.returncode, None
        if code == 0:
            self.index_complete = True
            self.log("search: refilled; search answers again")
            return
        crashes = self._crashes.setdefault("refill", Crashes(self.policy))
        crashes.record(now)
        if crashes.exhausted():
            self.log(f"search: the refill failed ({code}) too often: GIVING UP; search answers "
                     f"503 until the stack is restarted (see {self.root / 'logs' / 'refill.log'})")
            return
        self.log(f"search: the refill failed ({code}); trying again")
        self._start_refill()

    def _stop_refill(self):
        if self._refill is not None:
            try:
                os.killpg(self._refill.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._refill.wait()
            self._refill = None

    @property
    def usage_stats_file(self):
        """Where the usage statistics wait for the next start (stack/usage_stats.py)."""
        return self.root / "stats" / "usage.jsonl"

    def save_usage_stats(self):
        """Save the statistics indices of the in-memory search server (a failure is reported,
        and the previous file kept: the stack still stops)."""
        from opensearchpy import OpenSearch

        try:
            client = OpenSearch(hosts=self.services.search.hosts)
            count = usage_stats.save(client, str(self.usage_stats_file))
            self.echo(f"Usage statistics saved ({count} documents)")
        except Exception as error:  # the stop must go on
            self.echo(f"Usage statistics not saved: {error!r}")

    @property
    def kept_index_folder(self):
        """Where the search index waits for the next start (stack/kept_index.py)."""
        return self.root / "search"

    def _checkpoint(self):
        """PostgreSQL's last checkpoint if it was shut down cleanly (stack/kept_index.py)."""
        return kept_index.checkpoint(Postgres._bin("pg_controldata"), self.root / "postgres")

    def _code(self):
        """What the indexed documents are made from (stack/kept_index.py)."""
        return kept_index.code_fingerprint(REPO, self.env())

    def save_kept_index(self):
        """Save the documents of the rebuilt indices for the next start (a failure is
        reported, and the next start rebuilds). True if they were saved."""
        from opensearchpy import OpenSearch

        try:
            start = time.monotonic()
            client = OpenSearch(hosts=self.services.search.hosts, timeout=120)
            count = kept_index.save(client, self.kept_index_folder)
            self.echo(f"Search index saved ({count} documents, {time.monotonic() - start:.0f} s)")
            return True
        except Exception as error:  # the stop must go on
            self.echo(f"Search index not saved (the next start rebuilds it): {error!r}")
            return False

    def stop(self):
        """Stop the app processes, save the usage statistics, then stop the services.

        Each child's whole process group goes (``Service.stop``): nothing is left behind.
        """
        self._stop_refill()
        self._due.clear()
        for process in reversed(self.processes):
            process.stop(signal.SIGTERM, timeout=20)
        self.processes = []
        if self.services is not None and self.up:
            # Only a stack that came up has restored the previous statistics: saving
            # after a failed start would replace them with less.
            self.save_usage_stats()
        # A complete index is worth keeping even if a later step of the start failed; one
        # that a refill was filling (killed just above) is not.
        kept = self.services is not None and self.index_complete and self.save_kept_index()
        self.up = self.index_complete = False
        if self.services is not None:
            self.services.stop()
            self.services = None
            # Sealed with the checkpoint of the stopped database: valid until it next writes.
            if kept and kept_index.seal(self.kept_index_folder, self._checkpoint(),
                                        self._started_code):
                self.echo("Search index kept for the next start")
