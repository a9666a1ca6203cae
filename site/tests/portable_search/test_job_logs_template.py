"""G6: our job-logs template is upstream's, minus the data stream, and takes precedence."""

import json
from importlib.resources import files


def _template(package, name):
    return json.loads((files(package) / "os-v2" / name).read_text())


def test_same_mapping_and_pattern_as_upstream_without_data_stream():
    """An upstream mapping change must reach our copy (else job logs lose fields)."""
    upstream = _template("invenio_jobs.logging.index_templates", "job-logs-v1.0.0.json")
    ours = _template("rodare_rdm.portable_search.index_templates", "job-logs-index-v1.0.0.json")

    assert "data_stream" in upstream and "data_stream" not in ours
    assert ours["index_patterns"] == upstream["index_patterns"]
    assert ours["template"] == upstream["template"]
    assert ours["priority"] > upstream.get("priority", 0)
