"""OAI-PMH tests (a package, so the test modules share the helpers in conftest.py)."""
