"""The embedded search server runs under a soft memory limit (stack/services.py)."""

import pytest

from stack.services import MEMORY_LIMIT, Search, free_port


def _environ(pid):
    with open(f"/proc/{pid}/environ", "rb") as environ:
        return dict(entry.decode().split("=", 1) for entry in environ.read().split(b"\0") if entry)


@pytest.mark.parametrize("setting, expected", [
    (None, MEMORY_LIMIT),      # the default
    ("1536MiB", "1536MiB"),    # an operator's size
    ("off", None),             # none, whatever the caller's environment says
])
def test_the_server_gets_the_limit(tmp_path, monkeypatch, setting, expected):
    """GOMEMLIMIT reaches osmem-server's process; a GOMEMLIMIT of the caller does not."""
    monkeypatch.setenv("GOMEMLIMIT", "7MiB")
    if setting is None:
        monkeypatch.delenv("RODARE_SEARCH_MEMORY_LIMIT", raising=False)
    else:
        monkeypatch.setenv("RODARE_SEARCH_MEMORY_LIMIT", setting)
    server = Search(tmp_path, free_port()).start()
    try:
        assert _environ(server.proc.pid).get("GOMEMLIMIT") == expected
    finally:
        server.stop()


def test_a_wrong_size_is_refused_before_the_start(tmp_path, monkeypatch):
    """Go would stop at start with its own message; the stack names the setting."""
    monkeypatch.setenv("RODARE_SEARCH_MEMORY_LIMIT", "1 GB")
    with pytest.raises(ValueError, match="RODARE_SEARCH_MEMORY_LIMIT"):
        Search(tmp_path, free_port()).start()
