"""The Docker path, checked without a Docker engine.

What is checked, and why it matters when nobody can run ``docker compose up`` here:

| check                                   | what breaks without it                          |
|-----------------------------------------|-------------------------------------------------|
| compose files parse, references resolve | ``docker compose`` refuses the file             |
| app env == ``Services.env()`` keys      | one path silently uses a localhost default      |
| each setting targets the right service  | e.g. sessions in the cache db, broker on Redis  |
| host app defaults hit published ports   | ``invenio-cli services setup`` cannot connect   |
| Dockerfile sources exist, not ignored   | the image build stops at a COPY                 |
| Dockerfile Python == Pipfile Python     | ``pipenv install --deploy`` refuses the lock    |
| the assets command exists in ``stack``  | the image build stops at the assets step        |
| uwsgi/nginx files agree with compose    | nginx answers 502                               |
| no private key in the work tree         | a TLS key ends up in git                        |
| secrets and passwords only from the env | a deployment runs with a key anyone can read    |
| no start without them (real parser)     | the same, when someone adds a default           |
| uwsgi stats on loopback, not published  | every request in flight readable from outside   |
| ``docker-compose config -q``            | whatever the checks above do not model          |
"""

import ast
import fnmatch
import importlib
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
import yaml

from stack.services import Services

REPO = Path(__file__).resolve().parents[1]
SERVICES_FILE = "docker-services.yml"
BACKEND_FILE = "docker-compose.yml"
FULL_FILE = "docker-compose.full.yml"
COMPOSE_FILES = [SERVICES_FILE, BACKEND_FILE, FULL_FILE]

BACKEND = {"cache", "db", "mq", "search"}
APP_SERVICES = ["web-ui", "web-api", "worker", "beat", "jobs"]
INSTANCE_PATH = "/opt/invenio/var/instance"

# Which backend service a setting must reach, by URL scheme (SEARCH_HOSTS has none).
SCHEME_SERVICE = {"postgresql": "db", "redis": "cache", "amqp": "mq"}
DEFAULT_PORTS = {"postgresql": 5432, "redis": 6379, "amqp": 5672, "search": 9200}
# What an operator's environment (or .env) holds for the full stack: the variables that
# docker-compose.full.yml requires (``${VAR:?message}``), with sample values.
DEPLOYMENT = {
    "INVENIO_SECRET_KEY": "k" * 48,
    "RODARE_POSTGRES_PASSWORD": "pg-sample-password",
    "RODARE_MQ_PASSWORD": "mq-sample-password",
    "RODARE_DATACITE_PASSWORD": "datacite-sample-password",
}
# Where the host app (invenio-cli run) gets each setting when no INVENIO_* is set:
# the instance file first, then the config modules (RODARE's, then invenio-app-rdm's), then
# the defaults of the extension that owns the key.
CONFIG_MODULES = ["rodare_rdm.config", "invenio_app_rdm.config", "invenio_communities.config",
                  "flask_iiif.config"]


# Compose helpers
# ---------------


def load_compose(name):
    """Parse one compose file as YAML."""
    return yaml.safe_load((REPO / name).read_text())


class MissingVariable(Exception):
    """A ``${VAR:?message}`` whose variable is not set: compose refuses the file."""


_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def interpolate(value, env=None):
    """Substitute ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?message}`` as compose does,
    with the variables of ``env`` (DEPLOYMENT unless given) set and all others unset."""
    if not isinstance(value, str):
        return value
    env = DEPLOYMENT if env is None else env

    def substitute(match):
        name, operator, argument = match.groups()
        if env.get(name):
            return env[name]
        if operator and operator.endswith("?"):
            raise MissingVariable(f"{name}: {argument}")
        return argument or ""

    return _VARIABLE.sub(substitute, value)


def env_dict(environment, env=None):
    """A service's ``environment`` (list of K=V or mapping) as an interpolated dict."""
    if environment is None:
        return {}
    if isinstance(environment, dict):
        items = environment.items()
    else:
        items = (entry.split("=", 1) for entry in environment)
    return {key: interpolate(str(value), env) for key, value in items}


def resolve(name, service, seen=(), env=None):
    """A service with its ``extends`` chain applied (environment merged, rest overridden),
    interpolated with ``env`` (DEPLOYMENT unless given)."""
    assert (name, service) not in seen, f"extends loop through {name}:{service}"
    spec = dict(load_compose(name)["services"][service])
    extends = spec.pop("extends", None)
    if extends is None:
        return {**spec, "environment": env_dict(spec.get("environment"), env)}
    base = resolve(extends.get("file", name), extends["service"], seen + ((name, service),), env)
    merged = {**base, **spec}
    merged["environment"] = {**base["environment"], **env_dict(spec.get("environment"), env)}
    return merged


def depends_on(spec):
    """Names a service depends on (list or mapping form)."""
    deps = spec.get("depends_on") or []
    return list(deps) if isinstance(deps, dict) else deps


def named_volumes(spec):
    """Named volumes (not bind mounts) a service mounts."""
    names = []
    for volume in spec.get("volumes") or []:
        source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
        if source and not source.startswith((".", "/", "~", "$")):
            names.append(source)
    return names


def published_ports(spec):
    """Host port -> container port of a service's ``ports``."""
    ports = {}
    for entry in spec.get("ports") or []:
        parts = interpolate(str(entry)).split("/")[0].split(":")
        ports[int(parts[-2])] = int(parts[-1])
    return ports


def target(key, value):
    """(scheme, host, port, url) that a service setting points at."""
    if key.endswith("SEARCH_HOSTS"):
        hosts = ast.literal_eval(value) if isinstance(value, str) else value
        assert len(hosts) == 1, f"{key}: expected one search host, got {hosts!r}"
        host = hosts[0]
        if isinstance(host, dict):
            return "search", host["host"], int(host.get("port", 9200)), None
        url = urlsplit(host if "://" in host else f"http://{host}")
        return "search", url.hostname, url.port or DEFAULT_PORTS["search"], url
    url = urlsplit(value)
    scheme = url.scheme.split("+")[0]
    return scheme, url.hostname, url.port or DEFAULT_PORTS.get(scheme), url


def service_of(scheme):
    """The compose service a URL scheme belongs to."""
    return "search" if scheme == "search" else SCHEME_SERVICE[scheme]


@pytest.fixture(scope="module")
def embedded_env(tmp_path_factory):
    """What ``./rodare up`` gives the app; constructing Services starts nothing."""
    return Services(tmp_path_factory.mktemp("stack")).env()


# Compose files: syntax and references
# ------------------------------------


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_file_parses(name):
    """Each compose file is a YAML mapping with services."""
    data = load_compose(name)
    assert isinstance(data, dict), f"{name} is not a YAML mapping"
    assert isinstance(data.get("services"), dict) and data["services"], f"{name} has no services"


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_references_resolve(name):
    """extends, depends_on, named volumes and build contexts all point at something defined."""
    data = load_compose(name)
    services = data["services"]
    declared_volumes = set(data.get("volumes") or {})
    for service, spec in services.items():
        extends = spec.get("extends")
        if extends:
            other = extends.get("file", name)
            assert (REPO / other).is_file(), f"{name}:{service} extends missing file {other}"
            assert extends["service"] in load_compose(other)["services"], (
                f"{name}:{service} extends undefined {other}:{extends['service']}"
            )
        resolved = resolve(name, service)
        for dep in depends_on(spec):
            assert dep in services, f"{name}:{service} depends on undefined service {dep}"
        for volume in named_volumes(resolved):
            assert volume in declared_volumes, f"{name}:{service} mounts undeclared volume {volume}"
        build = resolved.get("build")
        if build:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = None if isinstance(build, str) else build.get("dockerfile")
            assert (REPO / context / (dockerfile or "Dockerfile")).is_file(), (
                f"{name}:{service} builds from {context} without a Dockerfile"
            )


def test_backend_compose_has_only_the_backend_services():
    """`invenio-cli services setup` starts this file: services only, no app."""
    services = load_compose(BACKEND_FILE)["services"]
    assert set(services) == BACKEND
    for service in services:
        assert "build" not in resolve(BACKEND_FILE, service), f"{service} is an app service"


def test_full_compose_has_frontend_apps_and_backend():
    """The full stack has nginx, both uwsgi apps, worker, beat, jobs scheduler and the services."""
    services = load_compose(FULL_FILE)["services"]
    assert set(services) >= BACKEND | set(APP_SERVICES) | {"frontend"}
    for service in APP_SERVICES:
        assert services[service]["extends"] == {"file": SERVICES_FILE, "service": "app"}


@pytest.mark.parametrize(
    "service, command",
    [
        ("web-ui", "uwsgi /opt/invenio/var/instance/uwsgi_ui.ini"),
        ("web-api", "uwsgi /opt/invenio/var/instance/uwsgi_rest.ini"),
        ("worker", "celery -A invenio_app.celery worker --events"),
        ("beat", "celery -A invenio_app.celery beat --loglevel=INFO --schedule"),
        ("jobs", "--scheduler invenio_jobs.services.scheduler:RunScheduler"),
    ],
)
def test_full_compose_app_commands(service, command):
    """Each app container runs its process, and the uwsgi .ini it names is in the repo."""
    spec = resolve(FULL_FILE, service)
    assert command in " ".join(spec["command"]), f"{service} runs {spec['command']}"
    for path in re.findall(rf"{INSTANCE_PATH}/(\S+\.ini)", " ".join(spec["command"])):
        assert (REPO / "docker" / "uwsgi" / path).is_file(), f"docker/uwsgi/{path} is missing"


# Supervision: restart, health, start order (docs/reliability.md)
# ----------------------------------------------------------------

# Which backend services each app service reaches (and so waits for, healthy).
NEEDS = {"web-ui": BACKEND, "web-api": BACKEND, "worker": BACKEND,
         "beat": {"db", "cache", "mq"}, "jobs": {"db", "cache", "mq"}}


@pytest.mark.parametrize("name", [BACKEND_FILE, FULL_FILE])
def test_every_container_restarts_when_it_exits(name):
    """A crashed process comes back (the embedded stack's supervisor does the same)."""
    for service in load_compose(name)["services"]:
        assert resolve(name, service).get("restart") == "unless-stopped", f"{name}:{service}"


@pytest.mark.parametrize("name", [BACKEND_FILE, FULL_FILE])
def test_every_backend_service_has_a_health_check(name):
    """The app waits for health, not for a started container that does not answer yet."""
    for service in BACKEND:
        check = resolve(name, service).get("healthcheck") or {}
        assert check.get("test"), f"{name}:{service} has no health check"


@pytest.mark.parametrize("service", ["web-ui", "web-api", "worker"])
def test_serving_app_containers_have_a_health_check(service):
    check = resolve(FULL_FILE, service).get("healthcheck") or {}
    assert check.get("test") and check.get("start_period"), service


@pytest.mark.parametrize("service", sorted(NEEDS))
def test_app_containers_start_once_their_services_are_healthy(service):
    deps = load_compose(FULL_FILE)["services"][service]["depends_on"]
    assert isinstance(deps, dict), f"{service}: depends_on needs conditions"
    assert {name for name, dep in deps.items()
            if dep.get("condition") == "service_healthy"} >= NEEDS[service], service


def test_nginx_starts_once_both_apps_are_healthy():
    deps = load_compose(FULL_FILE)["services"]["frontend"]["depends_on"]
    assert {name: dep["condition"] for name, dep in deps.items()} == {
        "web-ui": "service_healthy", "web-api": "service_healthy"}


def test_periodic_tasks_have_a_beat_of_their_own():
    """The worker's embedded beat (--beat) would die unnoticed; a beat container restarts."""
    assert "--beat" not in " ".join(resolve(FULL_FILE, "worker")["command"])
    assert "celery -A invenio_app.celery beat" in " ".join(resolve(FULL_FILE, "beat")["command"])


def test_worker_listens_on_every_jobs_queue():
    """Jobs may be sent to any queue in JOBS_QUEUES; a worker must consume each."""
    from invenio_jobs.config import JOBS_QUEUES

    command = " ".join(resolve(FULL_FILE, "worker")["command"])
    queues = re.search(r"--queues[ =](\S+)", command)
    assert queues, "the worker must name its queues"
    assert set(queues.group(1).split(",")) >= set(JOBS_QUEUES)


# Service settings: the same on both paths
# ----------------------------------------


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_service_settings_match_embedded_stack(service, embedded_env):
    """Both paths set the same service settings: none falls back to a localhost default."""
    env = resolve(FULL_FILE, service)["environment"]
    settings = {
        key for key, value in env.items()
        if key.startswith("INVENIO_") and _points_at_backend(key, value)
    } - set(DOCKER_ONLY)
    assert settings == set(embedded_env), (
        f"only in compose: {sorted(settings - set(embedded_env))}; "
        f"only in Services.env(): {sorted(set(embedded_env) - settings)}"
    )


DOCKER_ONLY = {
    "INVENIO_RODARE_BROKER_FALLBACK_URL": "redis://cache:6379/5",
}
"""Backend settings of the Docker path alone: the broker fallback (broker/), for a RabbitMQ
that is down; the embedded path's broker is Redis itself, its database 5."""


@pytest.mark.parametrize("service", APP_SERVICES)
def test_docker_only_backend_settings(service, embedded_env):
    """The broker fallback: Redis database 5 of the cache container, free on this path."""
    env = resolve(FULL_FILE, service)["environment"]
    for key, value in DOCKER_ONLY.items():
        assert env[key] == value
        assert key not in embedded_env
    redis_databases = {urlsplit(value).path for key, value in env.items()
                       if value.startswith("redis://cache") and key not in DOCKER_ONLY}
    assert "/5" not in redis_databases


def _points_at_backend(key, value):
    try:
        return target(key, value)[1] in BACKEND
    except (ValueError, SyntaxError, KeyError, TypeError, AttributeError):
        return False


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_service_settings_reach_the_right_service(service, embedded_env):
    """Each setting names the right container, port, Redis database and DB credentials."""
    compose = load_compose(FULL_FILE)["services"]
    env = resolve(FULL_FILE, service)["environment"]
    for key, embedded_value in embedded_env.items():
        assert key in env, f"{service} lacks {key}"
        scheme, host, port, url = target(key, env[key])
        embedded_scheme = target(key, embedded_value)[0]
        if key in ("INVENIO_BROKER_URL", "INVENIO_CELERY_BROKER_URL"):
            assert scheme == "amqp", f"{key}: the Docker path uses RabbitMQ as broker"
        else:
            assert scheme == embedded_scheme, f"{key}: {scheme} here, {embedded_scheme} embedded"
        assert host == service_of(scheme), f"{key} points at {host}, not {service_of(scheme)}"
        internal_ports = set(published_ports(resolve(FULL_FILE, host)).values())
        assert port in internal_ports, f"{key}: {host} does not listen on {port}"
        if scheme == "redis" and embedded_scheme == "redis":
            assert url.path == urlsplit(embedded_value).path, (
                f"{key}: Redis database {url.path} here, {urlsplit(embedded_value).path} embedded"
            )
        if scheme == "postgresql":
            _assert_db_credentials(url, resolve(FULL_FILE, "db"))
        assert service_of(scheme) in compose


def _assert_db_credentials(url, db_spec):
    db_env = db_spec["environment"]
    assert url.username == db_env["POSTGRES_USER"]
    assert url.password == db_env["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == db_env["POSTGRES_DB"]


def test_app_deployment_settings():
    """The settings behind nginx: instance path, URLs, proxy headers, the operator's key."""
    env = resolve(FULL_FILE, "web-ui")["environment"]
    assert env["INVENIO_INSTANCE_PATH"] == INSTANCE_PATH
    assert env["INVENIO_SITE_API_URL"] == env["INVENIO_SITE_UI_URL"] + "/api"
    assert ast.literal_eval(env["INVENIO_PROXYFIX_CONFIG"]) == {"x_for": 1, "x_proto": 1}
    assert env["INVENIO_SECRET_KEY"] == DEPLOYMENT["INVENIO_SECRET_KEY"]


# Secrets: from the environment, or no start
# ------------------------------------------

# Where each required variable ends up, per service of the full stack.
SECRET_SETTINGS = {
    "INVENIO_SECRET_KEY": {service: ["INVENIO_SECRET_KEY"] for service in APP_SERVICES},
    "RODARE_POSTGRES_PASSWORD": {
        "db": ["POSTGRES_PASSWORD"],
        **{service: ["INVENIO_SQLALCHEMY_DATABASE_URI"] for service in APP_SERVICES}},
    "RODARE_MQ_PASSWORD": {
        "mq": ["RABBITMQ_DEFAULT_PASS"],
        **{service: ["INVENIO_BROKER_URL", "INVENIO_CELERY_BROKER_URL"] for service in APP_SERVICES}},
    "RODARE_DATACITE_PASSWORD": {service: ["INVENIO_DATACITE_PASSWORD"] for service in APP_SERVICES},
}


@pytest.mark.parametrize("variable", sorted(DEPLOYMENT))
def test_full_stack_takes_each_secret_from_the_environment(variable):
    """Each secret reaches every service that needs it, from the environment only."""
    for service, keys in SECRET_SETTINGS[variable].items():
        env = resolve(FULL_FILE, service)["environment"]
        for key in keys:
            assert DEPLOYMENT[variable] in env[key], f"{service}: {key} does not use {variable}"
        without = {**DEPLOYMENT, variable: ""}
        with pytest.raises(MissingVariable, match=variable):
            resolve(FULL_FILE, service, env=without)


def test_no_secret_has_a_default_in_the_compose_files():
    """No placeholder and no literal password reaches the full stack's app or its services."""
    for name in COMPOSE_FILES:
        assert "CHANGE_ME" not in (REPO / name).read_text(), f"{name} has a placeholder secret"
    for service in [*APP_SERVICES, "db", "mq"]:
        env = resolve(FULL_FILE, service)["environment"]
        for key, value in env.items():
            if key.endswith(("_URI", "_URL")) and "@" in value:
                password = urlsplit(value).password
                assert password in DEPLOYMENT.values(), f"{service}: {key} has a literal password"
            elif key.endswith(("PASSWORD", "_PASS", "SECRET_KEY")):
                assert value in DEPLOYMENT.values(), f"{service}: {key} has a literal value"


def _compose(name, env):
    """``docker-compose -f name config -q`` with exactly ``env`` (and PATH) in its environment."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is not installed (./rodare test installs it: apt-get install docker-compose)")
    return subprocess.run([binary, "-f", name, "config", "-q"], cwd=REPO, capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], **env})


@pytest.mark.parametrize("variable", sorted(DEPLOYMENT))
def test_docker_compose_refuses_the_full_stack_without_each_secret(variable):
    """The real parser: without the variable, `docker compose up` stops with its message."""
    result = _compose(FULL_FILE, {k: v for k, v in DEPLOYMENT.items() if k != variable})
    assert result.returncode != 0
    assert variable in result.stderr and "docs/docker.md" in result.stderr, result.stderr


def test_docker_compose_starts_the_backend_services_without_any_secret():
    """docker-compose.yml (development services on 127.0.0.1) needs no variable."""
    result = _compose(BACKEND_FILE, {})
    assert result.returncode == 0, result.stderr


def test_uwsgi_stats_stay_inside_the_container():
    """The stats sockets list every request in flight: loopback only, never published."""
    for ini in ("uwsgi_ui.ini", "uwsgi_rest.ini"):
        text = (REPO / "docker" / "uwsgi" / ini).read_text()
        stats = re.findall(r"^stats\s*=\s*(\S+)", text, re.M)
        assert stats and all(value.startswith("127.0.0.1:") for value in stats), f"{ini}: stats {stats}"
    stats_ports = {9000, 9001}
    for name in (BACKEND_FILE, FULL_FILE):
        for service in load_compose(name)["services"]:
            spec = resolve(name, service)
            assert not stats_ports & set(published_ports(spec).values()), f"{name}:{service} publishes stats"
            assert not stats_ports & {int(p) for p in spec.get("expose") or []}, f"{service} exposes stats"
    exposed = [args for instruction, args in dockerfile_instructions(REPO / "Dockerfile") if instruction == "EXPOSE"]
    assert not any(str(port) in " ".join(exposed) for port in stats_ports), exposed


def host_app_config():
    """The settings the host app gets with no INVENIO_* variables (invenio-cli run)."""
    layers = []
    namespace = {}
    exec(compile((REPO / "invenio.cfg").read_text(), "invenio.cfg", "exec"), namespace)
    layers.append(namespace)
    layers += [vars(importlib.import_module(name)) for name in CONFIG_MODULES]
    config = {}
    for layer in reversed(layers):
        config.update({k: v for k, v in layer.items() if k.isupper()})
    return config


def test_host_app_defaults_reach_backend_compose_ports(embedded_env):
    """`invenio-cli services setup` path: the host app's defaults reach docker-compose.yml's ports."""
    config = host_app_config()
    for key in embedded_env:
        name = key.removeprefix("INVENIO_")
        assert name in config, f"no default for {name}: the host app would need {key}"
        scheme, host, port, url = target(name, config[name])
        assert host in ("localhost", "127.0.0.1"), f"{name} default points at {host}"
        service = resolve(BACKEND_FILE, service_of(scheme), env={})  # the dev path sets nothing
        assert port in published_ports(service), (
            f"{name} default uses port {port}; {service_of(scheme)} publishes "
            f"{sorted(published_ports(service))}"
        )
        if scheme == "postgresql":
            _assert_db_credentials(url, service)


# Dockerfiles
# -----------


def dockerfile_instructions(path):
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        instruction, _, args = current.partition(" ")
        lines.append((instruction.upper(), args.strip()))
        current = ""
    return lines


def copy_sources(path):
    """Build-context sources of every COPY/ADD that does not copy from a stage or image."""
    sources = []
    for instruction, args in dockerfile_instructions(path):
        if instruction not in ("COPY", "ADD"):
            continue
        words = shlex.split(args)
        if any(word.startswith("--from") for word in words):
            continue
        words = [word for word in words if not word.startswith("--")]
        sources += words[:-1]
    return sources


def dockerignore_patterns():
    """The .dockerignore patterns, without comments and trailing slashes."""
    path = REPO / ".dockerignore"
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line.rstrip("/") for line in lines if line and not line.startswith("#")]


def is_dockerignored(source, patterns):
    """True when a COPY source is excluded from the build context."""
    source = source.rstrip("/").removeprefix("./") or "."
    for pattern in patterns:
        if fnmatch.fnmatch(source, pattern) or fnmatch.fnmatch(source, pattern.removeprefix("**/")):
            return True
    return False


def test_dockerfile_copies_only_files_that_exist():
    """A COPY of a missing or .dockerignored path stops the image build."""
    sources = copy_sources(REPO / "Dockerfile")
    assert sources, "no COPY found in the Dockerfile"
    patterns = dockerignore_patterns()
    for source in sources:
        assert (REPO / source).exists(), f"Dockerfile copies {source}, which is not in the repo"
        assert not is_dockerignored(source, patterns), f"{source} is excluded by .dockerignore"


def test_dockerfile_copies_what_the_instance_needs():
    """The image gets the lock, the site package, the instance files and the stack code."""
    sources = {source.rstrip("/").removeprefix("./") for source in copy_sources(REPO / "Dockerfile")}
    for needed in ("Pipfile", "Pipfile.lock", "site", "invenio.cfg", "templates", "app_data",
                   "static", "assets", "docker/uwsgi", "stack"):
        assert needed in sources, f"the Dockerfile does not copy {needed}"


def test_dockerfile_base_images():
    """Python is the Pipfile's (pipenv --deploy refuses another); Node is 20."""
    text = (REPO / "Dockerfile").read_text()
    args = dict(re.findall(r"^ARG (\w+)=(\S+)", text, re.M))
    bases = [
        re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], args_)
        for instruction, args_ in dockerfile_instructions(REPO / "Dockerfile")
        if instruction == "FROM"
    ]
    python = [base for base in bases if base.startswith("python:")]
    assert python, f"no python base image in {bases}"
    pipfile = tomllib.loads((REPO / "Pipfile").read_text())
    wanted = pipfile["requires"]["python_version"]
    for base in python:
        assert re.fullmatch(rf"python:{re.escape(wanted)}-slim-bookworm( AS \w+)?", base), base
    assert any(re.match(r"node:20\b", base) for base in bases), f"no Node 20 in {bases}"


def test_dockerfile_installs_the_lock_and_pinned_uwsgi():
    """Exactly the lock, plus uwsgi pinned once, plus MagickWand for IIIF."""
    text = (REPO / "Dockerfile").read_text()
    assert re.search(r"pipenv (install --deploy|sync)\b.*--system", text), "Pipfile.lock not installed"
    args = dict(re.findall(r"^ARG (\w+)=(\S+)", text, re.M))
    assert args.get("UWSGI_VERSION") == "2.0.31" or "uwsgi==2.0.31" in text
    pipfile = tomllib.loads((REPO / "Pipfile").read_text())
    assert "uwsgi" not in {name.lower() for name in pipfile["packages"]}, "uwsgi would be pinned twice"
    assert "libmagickwand-6.q16-6" in text, "IIIF thumbnails need ImageMagick's MagickWand"


def test_dockerfile_assets_command_exists_in_stack():
    """The assets step calls a stack command that exists and takes the options given."""
    text = " ".join(args for _, args in dockerfile_instructions(REPO / "Dockerfile"))
    match = re.search(r"python -m ([\w.]+) assets((?: --[\w-]+(?:[ =](?!--)\S+)?)*)", text)
    assert match, "the Dockerfile does not build assets with `python -m <stack module> assets`"
    module_name, options = match.group(1), re.findall(r"--[\w-]+", match.group(2))
    assert module_name.split(".")[0] + "/" in {
        s.rstrip("/").removeprefix("./") + "/" for s in copy_sources(REPO / "Dockerfile")
    }, f"{module_name} is not copied into the image"
    module = importlib.import_module(module_name if "." in module_name else f"{module_name}.__main__")
    command = _assets_command(module)
    assert command is not None, f"python -m {module_name} has no `assets` command"
    known = {opt for param in command.params for opt in param.opts}
    assert set(options) <= known, f"`assets` does not accept {sorted(set(options) - known)}"


def _assets_command(module):
    """The click command that `python -m module assets` runs, if any."""
    for value in vars(module).values():
        if isinstance(value, click.Group) and "assets" in value.commands:
            return value.commands["assets"]
        if isinstance(value, click.Command) and not isinstance(value, click.Group):
            for param in value.params:
                if isinstance(param, click.Argument) and isinstance(param.type, click.Choice):
                    if "assets" in param.type.choices:
                        return value
    return None


def test_nginx_image_and_upstreams():
    """nginx routes / and /api to the uwsgi services on the port their .ini listens on."""
    nginx = REPO / "docker" / "nginx"
    for source in copy_sources(nginx / "Dockerfile"):
        assert (nginx / source).exists(), f"docker/nginx/Dockerfile copies missing {source}"
    conf = (nginx / "conf.d" / "default.conf").read_text()
    upstreams = dict(re.findall(r"upstream (\w+) \{\s*server ([\w.-]+:\d+)", conf))
    assert re.search(r"location / \{[^}]*uwsgi_pass ui_server;", conf)
    assert re.search(r"location /api \{[^}]*uwsgi_pass api_server;", conf)
    services = load_compose(FULL_FILE)["services"]
    for upstream, ini in (("ui_server", "uwsgi_ui.ini"), ("api_server", "uwsgi_rest.ini")):
        host, port = upstreams[upstream].split(":")
        assert host in services, f"nginx upstream {upstream} points at unknown service {host}"
        socket = re.search(r"^socket\s*=\s*\S+:(\d+)", (REPO / "docker/uwsgi" / ini).read_text(), re.M)
        assert socket and socket.group(1) == port, f"{ini} does not listen on {port}"
    assert re.search(r"^mount\s*=\s*/api=", (REPO / "docker/uwsgi/uwsgi_rest.ini").read_text(), re.M)


def test_nginx_maintenance_page():
    """While the app is down or maintenance is switched on, nginx answers 503 with RODARE's
    own page, which it serves itself (the app's templates and static files may be down)."""
    nginx = REPO / "docker" / "nginx"
    conf = (nginx / "conf.d" / "default.conf").read_text()
    assert re.search(r"error_page 502 503 504 /maintenance\.html;", conf)
    assert re.search(r"location = /maintenance\.html \{\s*root /usr/share/nginx/html;", conf)
    assert re.search(r"if \(-f /etc/nginx/maintenance\.on\) \{\s*return 503;", conf)
    assert "COPY maintenance.html /usr/share/nginx/html/maintenance.html" in (
        nginx / "Dockerfile").read_text()
    page = (nginx / "maintenance.html").read_text()
    assert "<link" not in page and "src=" not in page, "the page must need nothing else"


def test_no_private_key_in_the_work_tree():
    """No file that git would commit holds a private key (e.g. docker/nginx/test.key)."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("not a git work tree")
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    leaked = [
        name for name in files
        if name and (REPO / name).is_file() and b"PRIVATE KEY-----" in (REPO / name).read_bytes()
        and REPO / name != Path(__file__)
    ]
    assert not leaked, f"private keys that git would commit: {leaked}"


# The real parser, when it is installed
# -------------------------------------


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_docker_compose_config(name):
    """The real compose parser accepts the file, with the deployment's variables set."""
    result = _compose(name, DEPLOYMENT)
    assert result.returncode == 0, result.stderr


def test_app_doi_settings(tmp_path):
    """Docker registers production DOIs (10.14278 at api.datacite.org); the embedded default
    registers test-prefix DOIs at its local DataCite, and its ports are configurable."""
    from stack.supervisor import DATACITE_PREFIX, Stack

    env = resolve(FULL_FILE, "worker")["environment"]
    assert env["INVENIO_DATACITE_PREFIX"] == "10.14278"
    assert env["INVENIO_DATACITE_URL"] == "https://api.datacite.org/"
    assert env["INVENIO_DATACITE_USERNAME"] and env["INVENIO_DATACITE_PASSWORD"]
    embedded = Stack(tmp_path, ports={"datacite": 1234}).env()
    assert embedded["INVENIO_DATACITE_URL"] == "http://127.0.0.1:1234/"
    assert embedded["INVENIO_DATACITE_PREFIX"] == DATACITE_PREFIX != "10.14278"
    assert host_app_config()["DATACITE_FORMAT"] == "{prefix}/rodare.{id}"


def test_app_login_settings():
    """Docker: password login for administrators only, no self-registration, and the
    providers' settings from RODARE_* variables (docs/login.md)."""
    env = resolve(FULL_FILE, "web-ui")["environment"]
    assert env["INVENIO_RODARE_LOGIN_LOCAL"] == "administrators"
    assert ast.literal_eval(env["INVENIO_SECURITY_REGISTERABLE"]) is False
    for key in ("SAML_IDP_ENTITY_ID", "SAML_IDP_SSO_URL", "SAML_IDP_CERT_FILE",
                "HELMHOLTZ_CLIENT_ID", "HELMHOLTZ_CLIENT_SECRET", "ORCID_CLIENT_ID",
                "ORCID_CLIENT_SECRET"):
        assert f"INVENIO_RODARE_LOGIN_{key}" in env, key
    from rodare_rdm.login import config

    assert config.RODARE_LOGIN_LOCAL == "everyone"  # the embedded default and invenio-cli run


def test_app_robis_settings():
    """Docker: the ROBIS gate's addresses are HZDR's ROBIS unless RODARE_ROBIS_* say otherwise,
    the lookup of a legacy pub_id included (the value rodare_rdm.robis's default has)."""
    from rodare_rdm.robis import config

    for service in APP_SERVICES:
        env = resolve(FULL_FILE, service)["environment"]
        assert env["INVENIO_RODARE_ROBIS_REGISTER_URL"] == config.RODARE_ROBIS_REGISTER_URL
        assert env["INVENIO_RODARE_ROBIS_LOOKUP_URL"] == config.RODARE_ROBIS_LOOKUP_URL
    lookup = "https://robis.example.org/api/publications"
    env = resolve(FULL_FILE, "web-api", env={**DEPLOYMENT, "RODARE_ROBIS_LOOKUP_URL": lookup})["environment"]
    assert env["INVENIO_RODARE_ROBIS_LOOKUP_URL"] == lookup


def test_app_vcs_settings():
    """Docker: software releases off unless RODARE_VCS_ENABLED says so; the GitLab instance is
    Helmholtz Codebase (rodare_rdm.vcs's default) and each client comes from RODARE_VCS_*
    without a default (docs/software-releases.md)."""
    from rodare_rdm.vcs import config

    for service in APP_SERVICES:
        env = resolve(FULL_FILE, service)["environment"]
        assert ast.literal_eval(env["INVENIO_RODARE_VCS_ENABLED"]) is config.RODARE_VCS_ENABLED is False
        assert env["INVENIO_RODARE_VCS_GITLAB_URL"] == config.RODARE_VCS_GITLAB_URL
        for provider in ("GITLAB", "GITHUB"):
            for key in ("CLIENT_ID", "CLIENT_SECRET", "WEBHOOK_SECRET"):
                assert env[f"INVENIO_RODARE_VCS_{provider}_{key}"] == "", (provider, key)
    chosen = {**DEPLOYMENT, "RODARE_VCS_ENABLED": "True", "RODARE_VCS_GITLAB_CLIENT_ID": "rodare",
              "RODARE_VCS_GITLAB_CLIENT_SECRET": "from-the-environment"}
    env = resolve(FULL_FILE, "worker", env=chosen)["environment"]
    assert env["INVENIO_RODARE_VCS_ENABLED"] == "True"
    assert env["INVENIO_RODARE_VCS_GITLAB_CLIENT_SECRET"] == "from-the-environment"


def test_nginx_sends_the_downloads_the_app_checked():
    """Downloads: the app's answer names the file under nginx's internal location
    (site/rodare_rdm/downloads/), which serves the uploaded_data volume the app writes; every
    request through nginx says that nginx completes X-Accel-Redirect."""
    conf = (REPO / "docker" / "nginx" / "conf.d" / "default.conf").read_text()
    prefix = importlib.import_module("rodare_rdm.downloads.config").RODARE_DOWNLOADS_ACCEL_PREFIX
    block = re.search(r"location " + re.escape(prefix) + r" \{([^}]*)\}", conf)
    assert block, f"no nginx location {prefix}"
    assert re.search(r"^\s*internal;", block.group(1), re.M)
    alias = re.search(r"alias (\S+);", block.group(1)).group(1)
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert f"add_header {header} " in block.group(1), header
    env = dict(e.split("=", 1) for e in load_compose(SERVICES_FILE)["services"]["app"]["environment"])
    root = env["INVENIO_RODARE_DOWNLOADS_ACCEL_ROOT"]
    assert alias.rstrip("/") == root
    services = load_compose(FULL_FILE)["services"]
    assert f"uploaded_data:{root}:ro" in services["frontend"]["volumes"]
    for service in ("web-ui", "web-api"):
        assert f"uploaded_data:{root}" in services[service]["volumes"]
    app_locations = re.findall(r"location [^{]+\{[^}]*uwsgi_pass[^}]*\}", conf)
    assert app_locations and all("uwsgi_param HTTP_X_SENDFILE_TYPE X-Accel-Redirect;" in loc
                                 for loc in app_locations)
