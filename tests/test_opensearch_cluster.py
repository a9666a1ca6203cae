"""The three-node OpenSearch option of the Docker path (docker-compose.opensearch-cluster.yml),
checked without a Docker engine: Debian's docker-compose (``./rodare test`` installs it) merges
it over docker-compose.full.yml, as ``docker compose -f … -f …`` would, and the merged file is
checked.

| check                                             | what breaks without it                   |
|---------------------------------------------------|------------------------------------------|
| three nodes, same image and cluster name          | a node forms a cluster of its own         |
| seed hosts == initial managers == the node names  | the first start never elects a manager    |
| no node left in single-node discovery             | ``search`` refuses to join the others     |
| each node its own data volume                     | two nodes lock the same data folder       |
| heap at most half the memory limit                | the node is killed under load             |
| every app process lists all three nodes           | one node down takes search down           |
"""

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FILES = ["docker-compose.full.yml", "docker-compose.opensearch-cluster.yml"]
NODES = ["search", "search2", "search3"]
APP_SERVICES = ["web-ui", "web-api", "worker", "beat", "jobs"]
DEPLOYMENT = {"INVENIO_SECRET_KEY": "k" * 48, "RODARE_POSTGRES_PASSWORD": "pg-sample",
              "RODARE_MQ_PASSWORD": "mq-sample", "RODARE_DATACITE_PASSWORD": "dc-sample"}


@pytest.fixture(scope="module")
def merged():
    """``docker-compose -f full -f cluster config``: the stack the two files make."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is not installed (./rodare test installs it: apt-get install docker-compose)")
    args = [binary] + [arg for name in FILES for arg in ("-f", name)] + ["config"]
    result = subprocess.run(args, cwd=REPO, capture_output=True, text=True,
                            env={"PATH": os.environ["PATH"], **DEPLOYMENT})
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def node_env(merged, node):
    return merged["services"][node]["environment"]


def test_three_nodes_of_one_cluster(merged):
    images = {merged["services"][node]["image"] for node in NODES}
    single = yaml.safe_load((REPO / "docker-services.yml").read_text())["services"]["search"]
    assert images == {single["image"]}
    assert re.fullmatch(r"opensearchproject/opensearch:2\.\d+\.\d+", single["image"])
    assert len({node_env(merged, node)["cluster.name"] for node in NODES}) == 1
    assert [node_env(merged, node)["node.name"] for node in NODES] == NODES


@pytest.mark.parametrize("node", NODES)
def test_discovery(merged, node):
    env = node_env(merged, node)
    assert env.get("discovery.type", "zen") == "zen", "single-node discovery never joins a cluster"
    assert env["discovery.seed_hosts"].split(",") == NODES
    assert env["cluster.initial_cluster_manager_nodes"].split(",") == NODES


@pytest.mark.parametrize("node", NODES)
def test_node_settings_as_the_single_node(merged, node):
    """Same security and memory settings as docker-services.yml's single node, own volume,
    heap at most half the container's memory (the rest is the file cache Lucene reads)."""
    env = node_env(merged, node)
    assert env["DISABLE_SECURITY_PLUGIN"] == "true" and env["bootstrap.memory_lock"] == "true"
    spec = merged["services"][node]
    assert spec["ulimits"]["memlock"] == {"soft": -1, "hard": -1}
    heap = re.search(r"-Xmx(\d+)([mg])", env["OPENSEARCH_JAVA_OPTS"])
    heap_mib = int(heap.group(1)) * (1024 if heap.group(2) == "g" else 1)
    limit = spec.get("mem_limit") or spec["deploy"]["resources"]["limits"]["memory"]
    limit_mib = int(limit) // 2**20 if str(limit).isdigit() else int(str(limit)[:-1]) * 1024
    assert 2 * heap_mib <= limit_mib
    assert spec["healthcheck"]["test"] and spec["restart"] == "unless-stopped"


def test_each_node_has_its_own_volume(merged):
    targets = {}
    for node in NODES:
        for volume in merged["services"][node]["volumes"]:
            source, target = (volume["source"], volume["target"]) if isinstance(volume, dict) \
                else volume.split(":")[:2]
            if target == "/usr/share/opensearch/data":
                targets[node] = source
    assert len(set(targets.values())) == len(NODES), targets
    assert set(targets.values()) <= set(merged["volumes"])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_app_process_knows_every_node(merged, service):
    hosts = ast.literal_eval(merged["services"][service]["environment"]["INVENIO_SEARCH_HOSTS"])
    assert hosts == [f"{node}:9200" for node in NODES]


def test_documented():
    text = (REPO / "docs" / "scaling.md").read_text()
    assert "docker-compose.opensearch-cluster.yml" in text
    assert "docker-compose.opensearch-cluster.yml" in (REPO / "docs" / "docker.md").read_text()
