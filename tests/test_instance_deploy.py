"""``python -m stack.instance deploy`` (the Kubernetes init Job, docs/kubernetes.md) never
destroys data: on a database where an earlier set-up stopped half-way (tables, no
administrator) it stops with a message and leaves everything as it was. (The embedded
stack's ``auto`` drops such a database; its data is throw-away, a site's is not.)"""

import os
import uuid

import sqlalchemy as sa
from click.testing import CliRunner

from stack import instance


def test_a_half_finished_set_up_is_left_alone(tmp_path, monkeypatch):
    server = sa.engine.make_url(os.environ["SQLALCHEMY_DATABASE_URI"])
    name = f"deploy_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name)
    engine = sa.create_engine(url)
    try:
        # What `invenio db create` had made of the accounts when it stopped: the users' table
        # (and what it refers to), no administrator in it.
        from invenio_accounts.models import User

        tables = {User.__table__} | {fk.column.table for fk in User.__table__.foreign_keys}
        User.metadata.create_all(engine, tables=list(tables))
        made = set(sa.inspect(engine).get_table_names())
        monkeypatch.setenv("INVENIO_SQLALCHEMY_DATABASE_URI", url.render_as_string(hide_password=False))
        monkeypatch.setenv("INVENIO_SECRET_KEY", "k" * 48)
        monkeypatch.setenv("INVENIO_INSTANCE_PATH", str(tmp_path))
        # Set by the command for its own process (eager Celery); put back afterwards.
        monkeypatch.setenv("INVENIO_CELERY_TASK_ALWAYS_EAGER", "True")
        monkeypatch.setenv("INVENIO_CELERY_TASK_EAGER_PROPAGATES", "True")

        result = CliRunner().invoke(instance.main, ["deploy", "--data-dir", str(tmp_path / "data")])

        assert result.exit_code != 0
        assert "an earlier set-up did not finish" in result.output
        assert "Instance:" not in result.output, "nothing may run"
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) == made
            assert conn.execute(sa.text("SELECT count(*) FROM accounts_user")).scalar() == 0
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
