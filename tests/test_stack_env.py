"""The embedded stack's processes get their settings from the stack, not the caller's shell."""

from stack.supervisor import Stack


def test_inherited_celery_variables_do_not_redirect_the_worker(tmp_path, monkeypatch):
    """BROKER_URL & co. in the caller's environment are replaced by the stack's own Redis."""
    monkeypatch.setenv("BROKER_URL", "redis://elsewhere:6379/0")
    monkeypatch.setenv("CELERY_BROKER_URL", "amqp://elsewhere//")
    monkeypatch.setenv("CELERY_RESULT_BACKEND", "redis://elsewhere:6379/1")
    stack = Stack(tmp_path, ports={"postgres": 1, "redis": 2, "search": 3, "web": 4})

    env = stack.env()

    assert env["BROKER_URL"] == env["INVENIO_BROKER_URL"] == env["INVENIO_CELERY_BROKER_URL"]
    assert env["BROKER_URL"].startswith("redis://127.0.0.1:2/")
    assert env["RESULT_BACKEND"] == env["INVENIO_CELERY_RESULT_BACKEND"]
    assert "CELERY_BROKER_URL" not in env and "CELERY_RESULT_BACKEND" not in env
