"""The Docker path's nginx limits follow the quota settings: one variable,
RODARE_QUOTA_LARGEST_REQUEST, sets the app's largest quota and nginx's upload limit."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from rodare_rdm.quota import config

REPO = Path(__file__).resolve().parents[3]
NGINX = REPO / "docker" / "nginx"
DEFAULTS = {"RODARE_QUOTA_DEFAULT_SIZE": config.RODARE_QUOTA_DEFAULT_SIZE,
            "RODARE_QUOTA_MAX_FILE_SIZE": config.RODARE_QUOTA_MAX_FILE_SIZE,
            "RODARE_QUOTA_IMMEDIATE_CEILING": config.RODARE_QUOTA_IMMEDIATE_CEILING,
            "RODARE_QUOTA_LARGEST_REQUEST": config.RODARE_QUOTA_LARGEST_REQUEST}


def environment(service, shell=None):
    """A service's environment in docker-services.yml, ``${VAR:-default}`` resolved as
    docker compose resolves it with ``shell`` as the operator's variables."""
    spec = yaml.safe_load((REPO / "docker-services.yml").read_text())["services"][service]
    shell = shell or {}
    resolved = {}
    for entry in spec.get("environment", []):
        key, value = entry.split("=", 1)
        resolved[key] = re.sub(r"\$\{(\w+):-([^}]*)\}",
                               lambda m: shell.get(m.group(1), m.group(2)), value)
    return resolved


def render(template, env):
    """The template as nginx's entrypoint renders it (envsubst with the given variables)."""
    if not shutil.which("envsubst"):
        pytest.skip("envsubst (gettext-base) is not installed")
    names = " ".join(f"${{{name}}}" for name in env)
    return subprocess.run(["envsubst", names], input=template, env=env, text=True,
                          capture_output=True, check=True).stdout


def body_limit(conf, location):
    """The ``client_max_body_size`` of the location block whose header contains ``location``."""
    block = conf[conf.index(location):]
    return re.search(r"client_max_body_size ([^;]+);", block[:block.index("}")]).group(1)


def test_app_defaults_are_the_settings():
    """Without the operator's variables the app gets the feature's defaults."""
    env = environment("app")
    for name, value in DEFAULTS.items():
        assert int(env[f"INVENIO_{name}"]) == value


@pytest.mark.parametrize("shell", [{}, {"RODARE_QUOTA_LARGEST_REQUEST": "2000000000000"}])
def test_nginx_upload_limit_is_the_largest_quota(shell):
    """The upload URLs take the app's largest quota in bytes, from the same variable."""
    frontend, app = environment("frontend", shell), environment("app", shell)
    conf = (NGINX / "conf.d" / "default.conf").read_text()
    upload_location = r"location ~ ^/api/(records/.+/draft/files/.+/content"
    block = conf[conf.index(upload_location[:20]):]
    block = block[:block.index("}")]
    assert "include /etc/nginx/rodare/upload-limit.conf;" in block
    assert frontend["NGINX_ENVSUBST_OUTPUT_DIR"] == "/etc/nginx/rodare"
    template = (NGINX / "templates" / "upload-limit.conf.template").read_text()
    rendered = render(template, {"RODARE_QUOTA_LARGEST_REQUEST":
                                 frontend["RODARE_QUOTA_LARGEST_REQUEST"]})
    limit = re.search(r"^client_max_body_size (\d+);$", rendered, re.M).group(1)
    assert limit == app["INVENIO_RODARE_QUOTA_LARGEST_REQUEST"]
    assert int(limit) == int(shell.get("RODARE_QUOTA_LARGEST_REQUEST",
                                       config.RODARE_QUOTA_LARGEST_REQUEST))
    assert int(limit) >= config.RODARE_QUOTA_MAX_FILE_SIZE
    dockerfile = (NGINX / "Dockerfile").read_text()
    assert "COPY templates/ /etc/nginx/templates/" in dockerfile
    assert "mkdir -p /etc/nginx/rodare" in dockerfile


def test_other_bodies_stay_at_the_apps_limit(app):
    """Pages and JSON: nginx's 100m is the app's MAX_CONTENT_LENGTH (100 MiB)."""
    conf = (NGINX / "conf.d" / "default.conf").read_text()
    for location in ("location / {", "location /api {"):
        assert body_limit(conf, location) == f"{app.config['MAX_CONTENT_LENGTH'] // 2**20}m"
