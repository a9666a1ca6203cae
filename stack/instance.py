"""Initialise or re-index a RODARE instance in one process.

Run as ``python -m stack.instance setup|reindex|auto|deploy`` with the INVENIO_* environment
of the stack. ``setup`` is what ``invenio-cli services setup`` runs (see docs/architecture.md),
``deploy`` what the Kubernetes init Job runs (set-up or a release's migrations, docs/kubernetes.md),
``reindex`` rebuilds every search index from PostgreSQL (the embedded search server keeps
nothing across restarts; the supervisor runs it again when the search server restarted), or
at a start after a clean stop puts back the index the stack kept (``stack.kept_index``),
with search answering 503 meanwhile (``rodare_rdm.search_ready``). All run the upstream
``invenio`` click commands in-process on one app, which saves the few seconds of app
start-up that each ``invenio`` call costs.
Celery tasks run eagerly here (the fixtures queue one task per vocabulary entry), so the
instance is complete when this process exits.
"""

import os
import sys
import time
from importlib.metadata import entry_points

import click

ADMIN_EMAIL = "admin@rodare.hzdr.de"


def _app():
    os.environ["INVENIO_CELERY_TASK_ALWAYS_EAGER"] = "True"
    os.environ["INVENIO_CELERY_TASK_EAGER_PROPAGATES"] = "True"
    from invenio_app.factory import create_app

    return create_app()


class Runner:
    """Invoke ``invenio`` sub-commands on one app, stopping at the first failure."""

    def __init__(self, app):
        """Collect the command groups the ``invenio`` CLI would offer (app's and plugins')."""
        self.app = app
        self.cli = app.test_cli_runner(mix_stderr=False) if _mix_stderr_supported() else app.test_cli_runner()
        self.groups = {ep.name: ep for ep in entry_points(group="flask.commands")}

    def __call__(self, *args, allow_fail=False):
        """Run ``invenio <args>``; show its progress line and timing."""
        start = time.monotonic()
        click.echo(f"  invenio {' '.join(args)} ... ", nl=False)
        # As in Flask's FlaskGroup: plugin commands first, then the app's own.
        ep = self.groups.get(args[0])
        group = ep.load() if ep else self.app.cli.commands[args[0]]
        result = self.cli.invoke(group, list(args[1:]), catch_exceptions=True)
        took = time.monotonic() - start
        if result.exit_code != 0 and not allow_fail:
            click.echo(f"FAILED ({took:.1f}s)")
            click.echo(result.output)
            if result.exception:
                import traceback

                traceback.print_exception(result.exception)
            sys.exit(1)
        click.echo(f"ok ({took:.1f}s)")
        return result


def _mix_stderr_supported():
    import inspect

    from click.testing import CliRunner

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


def setup(app, data_dir, admin_password):
    """Create tables, file location, roles, indices, fixtures and the admin account."""
    run = Runner(app)
    run("db", "init")
    run("db", "create")
    run("files", "location", "create", "--default", "default-location", data_dir)
    for role, action in (
        ("admin", "superuser-access"),
        ("administration", "administration-access"),
        ("administration-moderation", "administration-moderation"),
    ):
        run("roles", "create", role)
        run("access", "allow", action, "role", role)
    init_indices(run)
    run("queues", "declare")
    run("rdm", "fixtures")
    run("rdm-records", "fixtures")
    run("users", "create", ADMIN_EMAIL, "--password", admin_password, "--active", "--confirm")
    run("roles", "add", ADMIN_EMAIL, "admin")
    run("roles", "add", ADMIN_EMAIL, "administration")
    run("rodare-hzdr", "reload")
    run("rodare-curation", "preset")
    run("rodare-euroscivoc", "import", "--if-empty")
    robis_service_account(run)


def upgrade(app):
    """What a new release needs on an instance that is set up, short of a re-index.

    The Kubernetes init Job (``deploy``, docs/kubernetes.md) runs it at every roll-out: the
    database recipes, custom fields a release added to the existing indices, queues, and the
    HZDR vocabularies and curation presets. A release that changes mappings still needs
    ``reindex`` (docs/reindex.md), which an operator starts: it makes search answer 503 for
    as long as the refill takes.
    """
    run = Runner(app)
    upgrade_database(app)
    run("rdm-records", "custom-fields", "init")
    run("communities", "custom-fields", "init")
    run("queues", "declare")
    run("rodare-hzdr", "reload")
    run("rodare-curation", "preset")
    run("rodare-euroscivoc", "import", "--if-empty")
    robis_service_account(run)


def robis_service_account(run):
    """ROBIS's service account and the token the local ROBIS (stack/standins/robis.py) calls
    us with."""
    token_file = os.environ.get("RODARE_ROBIS_TOKEN_FILE")
    if token_file:
        run("rodare-robis", "service-account", "--token-file", token_file)


def init_indices(run):
    """Create every index and the custom-field mappings on top of them."""
    run("index", "init")
    run("rdm-records", "custom-fields", "init")
    run("communities", "custom-fields", "init")


def restore_usage_stats(app):
    """Put back the usage statistics the stack saved when it last stopped (usage_stats.py)."""
    from invenio_search.proxies import current_search_client

    from . import usage_stats

    path = os.environ.get("RODARE_USAGE_STATS_FILE")
    if not path:
        return
    start = time.monotonic()
    click.echo("  restoring usage statistics ... ", nl=False)
    with app.app_context():
        count = usage_stats.restore(current_search_client, path)
    click.echo(f"{count} documents ({time.monotonic() - start:.1f}s)")


def restore_kept_index(app):
    """Put back the search index the stack kept at its last clean stop, when the supervisor
    found it still valid (stack/kept_index.py). True if it did: nothing to rebuild then."""
    from invenio_search.proxies import current_search_client

    from . import kept_index

    path = os.environ.get("RODARE_KEPT_INDEX_FILE")
    if not path or not os.path.exists(path):
        return False
    start = time.monotonic()
    click.echo("  restoring the search index kept at the last stop ... ", nl=False)
    with app.app_context():
        count = kept_index.restore(current_search_client, path)
    click.echo(f"{count} documents ({time.monotonic() - start:.1f}s); nothing to rebuild")
    return True


def upgrade_database(app):
    """Apply alembic recipes added since this database was made (a no-op when none are).

    A feature that adds a table ships a recipe (e.g. the site package's access levels);
    ``invenio db create`` stamped the database with the heads it knew then.
    """
    start = time.monotonic()
    click.echo("  invenio alembic upgrade heads ... ", nl=False)
    with app.app_context():
        app.extensions["invenio-db"].alembic.upgrade("heads")
    click.echo(f"ok ({time.monotonic() - start:.1f}s)")


def reindex(app):
    """Recreate the indices and fill them: from PostgreSQL, or with the documents kept at
    the last clean stop when the supervisor found them still valid (stack/kept_index.py)."""
    from invenio_search.proxies import current_search_client

    from rodare_rdm.search_ready.marker import end_refill, start_refill

    run = Runner(app)
    with app.app_context():
        # Search answers 503 from here until the last document is in (rodare_rdm.search_ready).
        start_refill()
    upgrade_database(app)
    run("index", "destroy", "--force", "--yes-i-know", allow_fail=True)
    init_indices(run)
    restore_usage_stats(app)  # before the records: their stats are computed from these
    kept = restore_kept_index(app)  # the documents of the last clean stop, if still valid
    run("queues", "declare")
    run("rodare-hzdr", "reload")  # edits of app_data/vocabularies/hzdr_*.yaml since the last start
    run("rodare-curation", "preset")  # checks for communities that reload created
    run("rodare-euroscivoc", "import", "--if-empty")  # RODARE_EUROSCIVOC_FILE, if downloaded
    robis_service_account(run)
    with app.app_context():
        if not kept:
            index_from_database()
        current_search_client.indices.refresh()
        end_refill()


def index_from_database():
    """Queue every record of every service for indexing and index them (upstream's
    indexers: each record's dump reads what it embeds, 13–18 records/s on 2 cores).

    Two things upstream's own rebuild (``invenio rdm rebuild-all-indices``) leaves to the
    Celery worker are done here, so that search says it is ready only with every document in:

    - invenio-rdm-records registers two services over the records' table and queue
      (``records`` and ``record-media-files``); each queued every record and draft, so every
      one was indexed twice. A service whose indexer queue and table were queued already is
      skipped.
    - upstream's bulk indexer takes at most 10,000 messages per run: each queue is drained
      until it is empty. Above 10,000 records the refill used to end with the rest still
      queued, and the worker indexed it (twice) minutes after search said it was ready.
    """
    from invenio_access.permissions import system_identity
    from invenio_indexer.proxies import current_indexer_registry
    from invenio_records_resources.proxies import current_service_registry

    start = time.monotonic()
    click.echo("  queueing every record of every service for indexing ... ", nl=False)
    queued = set()
    for service in current_service_registry._services.values():
        if not hasattr(service, "rebuild_index"):
            continue
        what = _rebuilds(service)
        if what is not None and what <= queued:
            continue
        try:
            service.rebuild_index(system_identity)
        except NotImplementedError:  # services that do not use the search cluster
            continue
        queued |= what or set()
    click.echo(f"ok ({time.monotonic() - start:.1f}s)")
    for name, indexer in current_indexer_registry.all().items():
        start = time.monotonic()
        click.echo(f"  indexing {name} ... ", nl=False)
        runs = 1
        indexer.process_bulk_queue()
        while _waiting(indexer):
            indexer.process_bulk_queue()
            runs += 1
        click.echo(f"ok ({time.monotonic() - start:.1f}s{f', {runs} runs' if runs > 1 else ''})")


def _rebuilds(service):
    """What ``service.rebuild_index`` queues, as {(queue, model)} for its indexers, or None
    when that is not known (then it is always run)."""
    pairs = set()
    for indexer_attr, cls_attr in (("indexer", "record_cls"), ("draft_indexer", "draft_cls")):
        indexer, cls = getattr(service, indexer_attr, None), getattr(service, cls_attr, None)
        queue, model = getattr(indexer, "mq_queue", None), getattr(cls, "model_cls", None)
        if queue is not None and model is not None:
            pairs.add((queue.name, model))
    return pairs or None


def _waiting(indexer):
    """How many messages wait in ``indexer``'s queue."""
    from celery import current_app as current_celery_app

    with current_celery_app.connection_for_read() as connection:
        # Declared as the indexer declares it (on Redis an empty queue is no key to find).
        _, count, _ = indexer.mq_queue.bind(connection.default_channel).queue_declare()
        return count


NPM_OVERRIDES = {"warcio": "2.4.11"}
"""The npm registry here lacks warcio 2.4.12, which the newest replaywebpage asks for."""


def build_assets(app, instance_path, project):
    """Collect statics and build the JS/CSS bundles, as ``invenio-cli`` does."""
    import json
    import shutil
    from pathlib import Path

    run = Runner(app)
    instance, project = Path(instance_path), Path(project)
    run("collect", "--verbose")
    run("webpack", "create")
    package_json = instance / "assets" / "package.json"
    package = json.loads(package_json.read_text())
    package["overrides"] = {**package.get("overrides", {}), **NPM_OVERRIDES}
    package_json.write_text(json.dumps(package, indent=2))
    # The instance's own assets and statics win over the packages' (copied after create).
    shutil.copytree(project / "assets", instance / "assets", dirs_exist_ok=True)
    shutil.copytree(project / "static", instance / "static", dirs_exist_ok=True)
    run("webpack", "install")
    run("webpack", "build")


def state(app):
    """'new', 'partial' (a set-up that did not finish) or 'ready' (the admin exists)."""
    from invenio_accounts.models import User
    from invenio_db import db
    from sqlalchemy import inspect

    with app.app_context():
        if not inspect(db.engine).has_table("accounts_user"):
            return "new"
        return "ready" if User.query.filter_by(email=ADMIN_EMAIL).count() else "partial"


@click.command()
@click.argument("action", type=click.Choice(["setup", "reindex", "auto", "deploy", "assets"]))
@click.option("--data-dir", required=False)
@click.option("--admin-password", envvar="RODARE_ADMIN_PASSWORD")
@click.option("--instance-path", envvar="INVENIO_INSTANCE_PATH")
@click.option("--project", default=".", help="Repository root holding assets/ and static/.")
def main(action, data_dir, admin_password, instance_path, project):
    """Set up a new instance, re-index an existing one, (auto) whichever is due, (deploy) set up
    a new instance or upgrade one that is set up, or build assets."""
    app = _app()
    if action == "assets":
        click.secho("Assets: collect, npm install, rspack build", bold=True)
        return build_assets(app, instance_path, project)
    if action == "auto":
        current = state(app)
        if current == "partial":
            click.secho("The last set-up did not finish: starting it again.", fg="yellow")
            Runner(app)("db", "destroy", "--yes-i-know")
            Runner(app)("index", "destroy", "--force", "--yes-i-know", allow_fail=True)
        action = "reindex" if current == "ready" else "setup"
    if action == "deploy":
        # Unlike ``auto`` (the embedded stack's throw-away data), never destroys anything: a
        # set-up that stopped half-way is left to an operator (docs/kubernetes.md).
        current = state(app)
        if current == "partial":
            raise click.ClickException(
                "the database has tables but no administrator: an earlier set-up did not "
                "finish; see docs/kubernetes.md (init Job) before running it again")
        action = "upgrade" if current == "ready" else "setup"
    click.secho(f"Instance: {action}", bold=True)
    if action == "setup":
        setup(app, data_dir, admin_password)
    elif action == "upgrade":
        upgrade(app)
    else:
        reindex(app)


if __name__ == "__main__":
    main()
