"""The Kubernetes manifests (k8s/), rendered and checked without kubectl or a cluster.

Rendering: the development machines have no kubectl, so ``render`` below implements the few
kustomize fields that k8s/ uses (``resources``, ``namespace``, ``images``,
``configMapGenerator``, ``secretGenerator``, ``generatorOptions`` with the name hash off) and
refuses every other field: whoever adds a patch or a label transformer adds it here too, or
the tests fail. The overlay's secret files (``secrets.env``, ``admin.env``) are never
committed; the render takes their ``.example`` files instead, as an operator's copy would be.

| check                                         | what breaks without it                        |
|-----------------------------------------------|-----------------------------------------------|
| every object valid for Kubernetes 1.30 (strict) | ``kubectl apply`` refuses it                |
| every INVENIO_* of the Docker path has a source | one setting silently takes a localhost default |
| same defaults as docker-services.yml          | the two paths behave differently             |
| referenced ConfigMaps/Secrets/keys/claims exist | pods stay in CreateContainerConfigError     |
| Services, Ingress, autoscalers, budgets match | traffic or scaling goes nowhere              |
| same commands as docker-compose.full.yml      | a process runs differently on the two paths  |
| beat and the jobs scheduler: one, Recreate    | periodic tasks and jobs run twice            |
| probes hit /ping on a socket that answers HTTP | pods never become ready, or restart under load |
| nginx upstreams and paths match the objects   | nginx answers 502, /static 404               |
| the init Job's action exists                  | the set-up never runs                         |
"""

import ast
import base64
import copy
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "k8s" / "base"
OVERLAY = REPO / "k8s" / "overlays" / "example"
KUBERNETES_VERSION = "1.30"
INSTANCE_PATH = "/opt/invenio/var/instance"

# The Docker path's app containers and the Deployments that run the same process.
APP_DEPLOYMENTS = ["web-ui", "web-api", "worker", "beat", "jobs"]
KUSTOMIZE_FIELDS = {"apiVersion", "kind", "resources", "namespace", "images",
                    "configMapGenerator", "secretGenerator", "generatorOptions"}
# Settings that differ between the paths on purpose (the host, the proxies in front).
DEPLOYMENT_SETTINGS = {"INVENIO_SITE_UI_URL", "INVENIO_SITE_API_URL", "INVENIO_TRUSTED_HOSTS",
                       "INVENIO_PROXYFIX_CONFIG"}


# The renderer (a subset of kustomize)
# ------------------------------------


def read_env_file(path, examples):
    """KEY=VALUE lines of a kustomize env file; ``#`` comments and blank lines skipped.
    A missing file is read from ``<file>.example`` when ``examples`` is set."""
    if not path.exists() and examples:
        path = path.with_name(path.name + ".example")
    data = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path}: not KEY=VALUE: {line!r}"
        data[key] = value
    return data


def generate(folder, spec, kind, examples):
    """The data of one generator entry (literals, envs, files)."""
    data = {}
    for name in spec.get("envs", []):
        data.update(read_env_file(folder / name, examples))
    for name in spec.get("files", []):
        data[Path(name).name] = (folder / name).read_text()
    for literal in spec.get("literals", []):
        key, _, value = literal.partition("=")
        data[key] = value
    unknown = set(spec) - {"name", "behavior", "envs", "files", "literals"}
    assert not unknown, f"{folder}: generator fields the renderer does not model: {unknown}"
    if kind == "Secret":
        return {key: base64.b64encode(value.encode()).decode() for key, value in data.items()}
    return data


def pod_specs(obj):
    """The pod spec of a workload object (Deployment, Job), or none."""
    spec = obj.get("spec", {}).get("template", {}).get("spec")
    return [spec] if spec else []


def containers(obj):
    """Every container and init container of a workload object."""
    return [c for spec in pod_specs(obj)
            for c in spec.get("initContainers", []) + spec.get("containers", [])]


def render(folder, examples=True):
    """What ``kubectl kustomize folder`` prints, as a list of objects."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(kustomization) - KUSTOMIZE_FIELDS
    assert not unknown, f"{folder}: kustomize fields the renderer does not model: {unknown}"
    objects = []
    for resource in kustomization.get("resources", []):
        path = (folder / resource).resolve()
        if path.is_dir():
            objects += render(path, examples)
        else:
            objects += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    generators = [("ConfigMap", g) for g in kustomization.get("configMapGenerator", [])] + [
        ("Secret", g) for g in kustomization.get("secretGenerator", [])]
    if generators:
        assert kustomization.get("generatorOptions") == {"disableNameSuffixHash": True}, (
            f"{folder}: the renderer makes no name hashes")
    for kind, spec in generators:
        data = generate(folder, spec, kind, examples)
        existing = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == spec["name"]]
        behavior = spec.get("behavior", "create")
        if behavior == "merge":
            assert existing, f"{folder}: merges into {kind} {spec['name']}, which is not there"
            existing[0]["data"].update(data)
        else:
            assert behavior == "create" and not existing, f"{folder}: {kind} {spec['name']} twice"
            obj = {"apiVersion": "v1", "kind": kind, "metadata": {"name": spec["name"]}, "data": data}
            if kind == "Secret":
                obj["type"] = "Opaque"
            objects.append(obj)
    for image in kustomization.get("images", []):
        for obj in objects:
            for container in containers(obj):
                name, _, tag = container["image"].partition(":")
                if name == image["name"]:
                    name = image.get("newName", name)
                    tag = image.get("newTag", tag)
                    container["image"] = f"{name}:{tag}" if tag else name
    if "namespace" in kustomization:
        for obj in objects:
            obj["metadata"]["namespace"] = kustomization["namespace"]
    return objects


# Fixtures and look-ups
# ---------------------


@pytest.fixture(scope="module")
def objects():
    """The example overlay, rendered."""
    return render(OVERLAY)


def find(objects, kind, name):
    """The one object of this kind and name."""
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind} {name}: {len(found)} objects"
    return found[0]


def has(objects, kind, name):
    return any(o["kind"] == kind and o["metadata"]["name"] == name for o in objects)


def data_of(obj):
    """A ConfigMap's or Secret's keys and (decoded) values."""
    if obj["kind"] == "Secret":
        return {k: base64.b64decode(v).decode() for k, v in obj.get("data", {}).items()}
    return obj.get("data", {})


def env_sources(objects, container):
    """Every variable a container gets: its env, and the keys of what envFrom names."""
    names = {entry["name"] for entry in container.get("env", [])}
    for source in container.get("envFrom", []):
        kind, ref = ("ConfigMap", source["configMapRef"]) if "configMapRef" in source else (
            "Secret", source["secretRef"])
        if has(objects, kind, ref["name"]):
            names |= set(data_of(find(objects, kind, ref["name"])))
    return names


def config(objects):
    return data_of(find(objects, "ConfigMap", "rodare-config"))


_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def compose_app_env(service):
    """A docker-compose.full.yml app service's environment: docker-services.yml's ``app``
    plus its own, with every variable at its default (required ones: a sample)."""
    def interpolate(value):
        return _VARIABLE.sub(lambda m: m.group(3) if m.group(2) and m.group(2).endswith("-")
                             else "sample", value)

    full = yaml.safe_load((REPO / "docker-compose.full.yml").read_text())["services"][service]
    assert full["extends"] == {"file": "docker-services.yml", "service": "app"}
    app = yaml.safe_load((REPO / "docker-services.yml").read_text())["services"]["app"]
    env = {}
    for entry in app["environment"] + full.get("environment", []):
        key, _, value = entry.partition("=")
        env[key] = interpolate(value)
    return env, full["command"]


# Rendering and schemas
# ---------------------


def test_base_renders_on_its_own():
    """The base is complete apart from what a site must give (claim, Secrets, Ingress)."""
    kinds = {(o["kind"], o["metadata"]["name"]) for o in render(BASE)}
    assert {("Deployment", name) for name in APP_DEPLOYMENTS + ["frontend"]} <= kinds
    assert ("Job", "rodare-init") in kinds
    assert ("ConfigMap", "rodare-config") in kinds


def test_objects_are_unique(objects):
    keys = [(o["kind"], o["metadata"]["name"]) for o in objects]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_every_object_is_valid_kubernetes(objects):
    """Every rendered object against the schemas of Kubernetes 1.30 that kubernetes-validate
    bundles, strict: an unknown field is an error, as the API server's field validation."""
    errors = []
    for obj in objects:
        try:
            kubernetes_validate.validate(copy.deepcopy(obj), KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = "/".join(str(p) for p in error.path)
            errors.append(f"{obj['kind']} {obj['metadata']['name']}: {path}: {error.message}")
    assert not errors, "\n".join(errors)


def test_everything_is_in_the_namespace(objects):
    assert {o["metadata"].get("namespace") for o in objects} == {"rodare"}


def test_images_are_the_sites_and_tagged(objects):
    """The base names the compose files' images; the overlay maps them to its registry."""
    compose = yaml.safe_load((REPO / "docker-services.yml").read_text())["services"]
    base_images = {c["image"] for o in render(BASE) for c in containers(o)}
    assert base_images == {compose["app"]["image"], compose["frontend"]["image"]}
    for obj in objects:
        for container in containers(obj):
            name, _, tag = container["image"].rpartition(":")
            assert "/" in name and tag, f"{obj['metadata']['name']}: {container['image']}"


# Settings: every one the app reads on the Docker path has a source
# -----------------------------------------------------------------


@pytest.mark.parametrize("name", APP_DEPLOYMENTS)
def test_every_docker_setting_has_a_source(objects, name):
    """Each INVENIO_* variable that docker-compose.full.yml gives this process comes from the
    Deployment's env, its ConfigMap or its Secret."""
    env, _ = compose_app_env(name)
    (container,) = find(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
    missing = {key for key in env if key.startswith("INVENIO_")} - env_sources(objects, container)
    assert not missing, f"{name} lacks {sorted(missing)}"


def test_the_init_job_has_the_apps_settings(objects):
    (job,) = find(objects, "Job", "rodare-init")["spec"]["template"]["spec"]["containers"]
    (web,) = find(objects, "Deployment", "web-ui")["spec"]["template"]["spec"]["containers"]
    assert env_sources(objects, web) <= env_sources(objects, job)
    assert "RODARE_ADMIN_PASSWORD" in env_sources(objects, job)
    assert "RODARE_ADMIN_PASSWORD" not in env_sources(objects, web), "only the Job needs it"


def test_defaults_are_the_docker_paths(objects):
    """Every feature setting has the value docker-services.yml gives it by default; only the
    host and the proxies differ (and what the example overlay sets for its site)."""
    env, _ = compose_app_env("web-ui")
    base = config(render(BASE))
    differing = {key: (base[key], env[key]) for key in base
                 if key in env and key not in DEPLOYMENT_SETTINGS and base[key] != env[key]}
    assert not differing, differing


def test_service_settings_and_secrets_are_in_the_secret(objects, tmp_path):
    """Credentials never in the ConfigMap: every service address and secret is in
    rodare-secrets, and the service addresses are the ones ``./rodare up`` sets."""
    from stack.services import Services

    secret = data_of(find(objects, "Secret", "rodare-secrets"))
    services = set(Services(tmp_path).env())
    secret_keys = {"INVENIO_SECRET_KEY", "INVENIO_SQLALCHEMY_DATABASE_URI", "INVENIO_BROKER_URL",
                   "INVENIO_CELERY_BROKER_URL", "INVENIO_DATACITE_PASSWORD",
                   "INVENIO_RODARE_LOGIN_HELMHOLTZ_CLIENT_SECRET",
                   "INVENIO_RODARE_LOGIN_ORCID_CLIENT_SECRET",
                   "INVENIO_RODARE_VCS_GITLAB_CLIENT_SECRET", "INVENIO_RODARE_VCS_GITLAB_WEBHOOK_SECRET",
                   "INVENIO_RODARE_VCS_GITHUB_CLIENT_SECRET", "INVENIO_RODARE_VCS_GITHUB_WEBHOOK_SECRET"}
    assert services | secret_keys <= set(secret)
    assert not (services | secret_keys) & set(config(objects))


def test_proxy_settings_fit_two_proxies(objects):
    """Ingress controller and nginx each append to X-Forwarded-For; Flask must skip both."""
    settings = config(objects)
    assert ast.literal_eval(settings["INVENIO_PROXYFIX_CONFIG"]) == {"x_for": 2, "x_proto": 1}
    host = settings["INVENIO_SITE_UI_URL"].split("://")[1]
    assert settings["INVENIO_SITE_API_URL"] == settings["INVENIO_SITE_UI_URL"] + "/api"
    assert host in ast.literal_eval(settings["INVENIO_TRUSTED_HOSTS"])
    ingress = find(objects, "Ingress", "rodare")
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == [host]


def test_secret_files_are_never_committed():
    """The overlay's secret env files are ignored by git; their examples carry no value for a
    secret key (an empty or PASSWORD placeholder)."""
    ignored = (OVERLAY / ".gitignore").read_text().split()
    kustomization = yaml.safe_load((OVERLAY / "kustomization.yaml").read_text())
    for spec in kustomization["secretGenerator"]:
        for name in spec["envs"]:
            assert name in ignored
            example = read_env_file(OVERLAY / f"{name}.example", examples=False)
            for key, value in example.items():
                if re.search(r"SECRET|PASSWORD$", key):
                    assert value == "", f"{name}.example: {key} has a value"
                elif "://" in value:
                    assert "PASSWORD" in value or "@" not in value, f"{name}.example: {key}"


# References between objects
# --------------------------


def test_referenced_configmaps_secrets_keys_and_claims_exist(objects):
    """Whatever a pod names must exist, with the key it names, unless marked optional."""
    problems = []
    for obj in objects:
        for spec in pod_specs(obj):
            where = f"{obj['kind']} {obj['metadata']['name']}"
            for container in spec.get("initContainers", []) + spec["containers"]:
                for source in container.get("envFrom", []):
                    kind, ref = ("ConfigMap", source["configMapRef"]) if "configMapRef" in source \
                        else ("Secret", source["secretRef"])
                    if not ref.get("optional") and not has(objects, kind, ref["name"]):
                        problems.append(f"{where}: envFrom {kind} {ref['name']}")
                for entry in container.get("env", []):
                    for field, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                        ref = entry.get("valueFrom", {}).get(field)
                        if not ref or ref.get("optional"):
                            continue
                        if not has(objects, kind, ref["name"]) or \
                                ref["key"] not in data_of(find(objects, kind, ref["name"])):
                            problems.append(f"{where}: {entry['name']} from {kind} {ref['name']}/{ref['key']}")
                mounts = {m["name"] for m in container.get("volumeMounts", [])}
                volumes = {v["name"] for v in spec.get("volumes", [])}
                problems += [f"{where}: mounts undeclared volume {m}" for m in mounts - volumes]
            for volume in spec.get("volumes", []):
                for field, kind, key in (("configMap", "ConfigMap", "name"),
                                         ("secret", "Secret", "secretName"),
                                         ("persistentVolumeClaim", "PersistentVolumeClaim", "claimName")):
                    ref = volume.get(field)
                    if ref and not ref.get("optional") and not has(objects, kind, ref[key]):
                        problems.append(f"{where}: volume {volume['name']} needs {kind} {ref[key]}")
    assert not problems, "\n".join(problems)


def test_tls_secret_is_documented():
    """The Ingress's certificate is the one Secret the manifests do not make (cert-manager or
    the operator does): docs/kubernetes.md says so."""
    assert "rodare-tls" in (REPO / "docs" / "kubernetes.md").read_text()


def test_services_select_pods_and_ports(objects):
    """Each Service selects a pod template and its targetPort is a port of that pod."""
    templates = [o for o in objects if o["kind"] == "Deployment"]
    for service in (o for o in objects if o["kind"] == "Service"):
        selector = service["spec"]["selector"]
        matching = [d for d in templates
                    if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()]
        assert len(matching) == 1, f"Service {service['metadata']['name']} selects {len(matching)}"
        ports = {p["name"] for c in containers(matching[0]) for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in ports, f"{service['metadata']['name']}: {port}"


def test_ingress_sends_everything_to_nginx(objects):
    ingress = find(objects, "Ingress", "rodare")
    (path,) = ingress["spec"]["rules"][0]["http"]["paths"]
    assert path["path"] == "/" and path["pathType"] == "Prefix"
    backend = path["backend"]["service"]
    frontend = find(objects, "Service", backend["name"])
    assert backend["port"]["name"] in {p["name"] for p in frontend["spec"]["ports"]}
    assert frontend["spec"]["selector"]["app.kubernetes.io/component"] == "frontend"
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == "0", "nginx limits uploads"
    assert annotations["nginx.ingress.kubernetes.io/proxy-request-buffering"] == "off"
    assert ingress["spec"]["tls"][0]["secretName"] == "rodare-tls"


def test_selectors_match_their_templates(objects):
    for obj in objects:
        if obj["kind"] == "Deployment":
            labels = obj["spec"]["template"]["metadata"]["labels"]
            assert obj["spec"]["selector"]["matchLabels"].items() <= labels.items()


# Processes, scaling, probes
# --------------------------


@pytest.mark.parametrize("name", APP_DEPLOYMENTS)
def test_same_process_as_docker(objects, name):
    """Each Deployment runs the Docker path's command (the image's `bash -c` entrypoint
    takes it as one line); Kubernetes only adds options."""
    _, command = compose_app_env(name)
    (container,) = find(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
    assert "command" not in container, "the image's entrypoint must stay"
    (line,) = container["args"]
    assert line.startswith(command[0]), f"{name}: {line!r} does not start with {command[0]!r}"


def test_worker_processes_are_set(objects):
    """Celery's default is the node's core count, whatever the pod's CPU."""
    (container,) = find(objects, "Deployment", "worker")["spec"]["template"]["spec"]["containers"]
    assert re.search(r"--concurrency[ =]\d+", container["args"][0])


@pytest.mark.parametrize("name", ["beat", "jobs"])
def test_schedulers_run_once(objects, name):
    """Two beats queue every periodic task twice; two jobs schedulers start every job twice.
    Recreate: the old pod is gone before the new one starts."""
    deployment = find(objects, "Deployment", name)
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}
    for obj in objects:
        if obj["kind"] == "HorizontalPodAutoscaler":
            assert obj["spec"]["scaleTargetRef"]["name"] != name
        if obj["kind"] == "PodDisruptionBudget":
            assert obj["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] != name


@pytest.mark.parametrize("name", ["web-ui", "web-api", "worker", "frontend"])
def test_autoscaled_with_a_disruption_budget(objects, name):
    hpa = find(objects, "HorizontalPodAutoscaler", name)
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
    (container,) = find(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
    assert container["resources"]["requests"]["cpu"], "CPU utilisation needs a CPU request"
    assert "replicas" not in find(objects, "Deployment", name)["spec"], (
        "the autoscaler owns the count; `kubectl apply` would reset it")
    budget = find(objects, "PodDisruptionBudget", name)
    assert budget["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] == name


def test_every_container_has_requests_and_limits(objects):
    for obj in objects:
        for container in containers(obj):
            resources = container.get("resources", {})
            for field in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(field, {})), (
                    f"{obj['metadata']['name']}/{container['name']}: {field}")


@pytest.mark.parametrize("name, ini, path", [("web-ui", "uwsgi_ui.ini", "/ping"),
                                             ("web-api", "uwsgi_rest.ini", "/api/ping")])
def test_web_probes(objects, name, ini, path):
    """Readiness and start-up ask invenio-app's /ping over HTTP, on the extra http-socket the
    command opens, with a Host the app trusts; liveness asks the uwsgi socket itself."""
    from invenio_app import config as app_config

    assert app_config.APP_HEALTH_BLUEPRINT_ENABLED
    assert "APP_HEALTH_BLUEPRINT_ENABLED" not in (REPO / "invenio.cfg").read_text()
    (container,) = find(objects, "Deployment", name)["spec"]["template"]["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    line = container["args"][0]
    assert f"{INSTANCE_PATH}/{ini}" in line and (REPO / "docker" / "uwsgi" / ini).is_file()
    assert f"--http-socket 0.0.0.0:{ports['probe']}" in line
    socket = re.search(r"^socket\s*=\s*\S+:(\d+)", (REPO / "docker/uwsgi" / ini).read_text(), re.M)
    assert int(socket.group(1)) == ports["uwsgi"]
    trusted = ast.literal_eval(config(objects)["INVENIO_TRUSTED_HOSTS"])
    for probe in ("startupProbe", "readinessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == path and get["port"] == "probe"
        assert {h["name"]: h["value"] for h in get["httpHeaders"]}["Host"] in trusted
    assert container["livenessProbe"]["tcpSocket"]["port"] == "uwsgi"


def test_worker_liveness_pings_over_the_broker(objects):
    (container,) = find(objects, "Deployment", "worker")["spec"]["template"]["spec"]["containers"]
    assert "inspect ping -d celery@$HOSTNAME" in " ".join(container["livenessProbe"]["exec"]["command"])


def test_init_job_runs_the_deploy_action(objects):
    """The Job's action is one that stack.instance offers, with the files location mounted."""
    from stack import instance

    (container,) = find(objects, "Job", "rodare-init")["spec"]["template"]["spec"]["containers"]
    match = re.fullmatch(r"python -m stack\.instance (\w+) --data-dir (\S+)", container["args"][0])
    assert match, container["args"]
    (action,) = [p for p in instance.main.params if p.name == "action"]
    assert match.group(1) == "deploy" and "deploy" in action.type.choices
    assert match.group(2) in {m["mountPath"] for m in container["volumeMounts"]}


# nginx
# -----


def test_nginx_conf_matches_the_objects(objects):
    """Upstreams are the uwsgi Services, /static is where the init container copies the
    image's files, the upload limit is the file the image's entrypoint renders."""
    conf = (BASE / "nginx" / "default.conf").read_text()
    assert find(objects, "ConfigMap", "rodare-nginx")["data"]["default.conf"] == conf
    for upstream, service in re.findall(r"upstream (\w+) \{\s*server ([\w.-]+:\d+)", conf):
        name, port = service.split(":")
        assert int(port) in {p["port"] for p in find(objects, "Service", name)["spec"]["ports"]}
    assert re.search(r"location / \{[^}]*uwsgi_pass ui_server;", conf)
    assert re.search(r"location /api \{[^}]*uwsgi_pass api_server;", conf)
    frontend = find(objects, "Deployment", "frontend")["spec"]["template"]["spec"]
    (nginx,) = frontend["containers"]
    listen = re.search(r"listen (\d+) default_server;", conf).group(1)
    assert {p["containerPort"] for p in nginx["ports"]} == {int(listen)}
    mounts = {m["name"]: m["mountPath"] for m in nginx["volumeMounts"]}
    assert mounts["nginx-conf"] == "/etc/nginx/conf.d"
    alias = re.search(r"location /static \{\s*alias (\S+);", conf).group(1)
    assert mounts["static"] == alias == f"{INSTANCE_PATH}/static"
    (copy_static,) = frontend["initContainers"]
    assert copy_static["args"] == [f"cp -R {alias}/. /static/"]
    assert {m["name"]: m["mountPath"] for m in copy_static["volumeMounts"]} == {"static": "/static"}
    env = {e["name"]: e for e in nginx["env"]}
    include = re.search(r"include (/etc/nginx/rodare)/upload-limit\.conf;", conf).group(1)
    assert env["NGINX_ENVSUBST_OUTPUT_DIR"]["value"] == include
    assert (REPO / "docker/nginx/templates/upload-limit.conf.template").is_file()
    assert "RODARE_QUOTA_LARGEST_REQUEST" in env


def test_nginx_sends_the_downloads_the_app_checked(objects):
    """As on the Docker path: the files claim, read-only in nginx at the folder the apps
    name in INVENIO_RODARE_DOWNLOADS_ACCEL_ROOT, behind an internal location, and every request
    nginx passes to uwsgi marked (site/rodare_rdm/downloads/)."""
    root = config(objects)["INVENIO_RODARE_DOWNLOADS_ACCEL_ROOT"]
    conf = find(objects, "ConfigMap", "rodare-nginx")["data"]["default.conf"]
    block = re.search(r"location /_rodare_files/ \{([^}]*)\}", conf).group(1)
    assert "internal;" in block and f"alias {root}/;" in block
    app_locations = re.findall(r"location [^{]+\{[^}]*uwsgi_pass[^}]*\}", conf)
    assert app_locations and all("HTTP_X_SENDFILE_TYPE X-Accel-Redirect" in loc for loc in app_locations)
    pod = find(objects, "Deployment", "frontend")["spec"]["template"]["spec"]
    (nginx,) = [c for c in pod["containers"] if c["name"] == "nginx"]
    mount = next(m for m in nginx["volumeMounts"] if m["mountPath"] == root)
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert mount.get("readOnly") and volume["persistentVolumeClaim"]["claimName"] == "rodare-data"
