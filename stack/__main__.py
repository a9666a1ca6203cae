"""``python -m stack up|test|assets`` — what ``./rodare`` runs once the virtualenv exists."""

import os
import signal
import socket
import subprocess
import sys
import time

import click

from .supervisor import DEFAULT_PORTS, REPO, Stack

ROOT = REPO / ".rodare"


def ports_from_env():
    """Ports for ``./rodare up``: the defaults, or RODARE_<NAME>_PORT (e.g. RODARE_WEB_PORT).

    Lets a second checkout serve beside the first; the data stays in each checkout's .rodare.
    """
    return {name: int(os.environ.get(f"RODARE_{name.upper()}_PORT") or port)
            for name, port in DEFAULT_PORTS.items()}


@click.group()
def cli():
    """The embedded RODARE-RDM stack."""


@cli.command()
@click.option("--dev-server", is_flag=True,
              help="Serve with Flask's development server instead of gunicorn.")
def up(dev_server):
    """Serve the repository at https://127.0.0.1:5000 until Ctrl-C."""
    stack = Stack(ROOT, ports=ports_from_env(),
                  web="development" if dev_server else "production")

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and SIGTERM both end up in the finally below, at any stage of start-up.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # also when started from a non-interactive shell
    try:
        stack.start()
        click.secho(f"\nRODARE is up: {stack.url}", fg="green", bold=True)
        click.echo("  log in as admin@rodare.hzdr.de with password " + stack.admin_password)
        click.echo(f"  (the password is kept in {ROOT / 'admin-password'})")
        click.echo(f"  logs: {ROOT / 'logs'}    Ctrl-C stops everything.")
        click.echo("  A process that exits is restarted (stack/restarts.py, docs/reliability.md).")
        if stack.s3:
            click.echo(f"  S3 option: local S3 server on :{stack.ports['s3']} (its objects are gone "
                       "when it stops); ./rodare invenio rodare-storage move --to s3 (docs/storage-s3.md)")
        while True:
            stack.supervise()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C while stopping (an impatient operator, a SIGTERM after the SIGINT)
        # must not abandon the stop half-way: children still running would be orphans,
        # an old worker taking the next stack's tasks. Every step of the stop is bounded.
        signal.signal(signal.SIGINT, still_stopping)
        signal.signal(signal.SIGTERM, still_stopping)
        click.echo("Stopping ...")
        stack.stop()
        click.echo("Stopped.")


def still_stopping(signum, frame):
    """The signal handler while the stack stops: say so, and go on stopping."""
    click.echo("Still stopping: every process of the stack is being stopped (at most a "
               "minute); nothing will be left running.", err=True)


@cli.command()
def assets():
    """(Re)build the UI assets of the embedded instance."""
    Stack(ROOT).build_assets(force=True)


@cli.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def invenio(args):
    """Run an ``invenio`` command against the stack that ``./rodare up`` is serving.

    E.g. ``./rodare invenio users create someone@hzdr.de --password ... -a -c`` or
    ``./rodare invenio rdm rebuild-all-indices``. The command gets exactly the settings
    the web app and the worker get, so it reaches the same database, Redis and index.
    """
    stack = Stack(ROOT, ports=ports_from_env())
    try:
        socket.create_connection(("127.0.0.1", stack.ports["postgres"]), timeout=2).close()
    except OSError:
        sys.exit("The embedded services are not running: start ./rodare up first.")
    sys.exit(stack.invenio(*args).returncode)


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def migrate(args):
    """Migrate from the old RODARE into the stack that ``./rodare up`` is serving.

    Without arguments: the demonstration on the fixture corpus. The legacy-RODARE stand-in
    (stack/standins/legacy_rodare.py) serves it from .rodare/legacy/, the import reads it over
    HTTP, the verification compares every record; reports in .rodare/migration-*.json/.txt.
    With arguments: ``invenio rodare-migrate ARGS`` (docs/migration.md).
    """
    import secrets

    from .services import free_port, wait_for_port
    from .standins import legacy_corpus
    from .supervisor import DATACITE_PREFIX

    stack = Stack(ROOT, ports=ports_from_env())
    try:
        socket.create_connection(("127.0.0.1", stack.ports["postgres"]), timeout=2).close()
    except OSError:
        sys.exit("The embedded services are not running: start ./rodare up first.")
    if args:
        sys.exit(stack.invenio("rodare-migrate", *args).returncode)
    folder = ROOT / "legacy"
    if not (folder / "dump" / "manifest.json").exists():
        legacy_corpus.write_dump(folder / "dump", DATACITE_PREFIX)
    token = folder / "admin-token"
    if not token.exists():
        token.write_text(secrets.token_urlsafe(24))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "stack.standins.legacy_rodare", "--port", str(port),
                             "--dump", str(folder / "dump"), "--token-file", str(token)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc=proc, name="legacy RODARE")
        common = ["--source", f"http://127.0.0.1:{port}", "--token", token.read_text().strip(),
                  "--users", str(folder / "dump" / "manifest.json")]
        imported = stack.invenio("rodare-migrate", "run", *common,
                                 "--report", str(ROOT / "migration-report.json")).returncode
        verified = stack.invenio("rodare-migrate", "verify", *common,
                                 "--report", str(ROOT / "migration-verification.json")).returncode
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    sys.exit(imported or verified)


@cli.command()
@click.argument("dest", required=False, type=click.Path(file_okay=False))
@click.option("--root", type=click.Path(file_okay=False), default=str(ROOT), show_default=True,
              help="The stack's data folder.")
def backup(dest, root):
    """Back up database, files, secret key and statistics into DEST, while the stack runs.

    DEST is a new folder (default: backups/rodare-<UTC time>). See docs/backup-restore.md.
    """
    from .backup import BackupError, backup as take

    dest = dest or str(REPO / "backups" / time.strftime("rodare-%Y%m%dT%H%M%SZ", time.gmtime()))
    try:
        manifest = take(root, ports_from_env(), dest, echo=click.echo)
    except BackupError as error:
        sys.exit(f"Backup failed: {error}")
    counts = manifest["database"]["counts"]
    click.secho(f"Backup complete and verified: {dest}", fg="green", bold=True)
    click.echo(f"  {counts.get('rdm_records_metadata', 0)} records, "
               f"{counts.get('accounts_user', 0)} accounts, {len(manifest['files'])} files "
               f"({manifest['files_total_bytes']} bytes) in {manifest['seconds']}s")


@cli.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False))
@click.option("--root", type=click.Path(file_okay=False), default=str(ROOT), show_default=True,
              help="The stack's data folder.")
@click.option("--force", is_flag=True,
              help="Restore even if the data folder holds data (it is moved aside, not deleted).")
@click.option("--verify-only", is_flag=True, help="Only check the backup against its manifest.")
def restore(src, root, force, verify_only):
    """Restore the backup in SRC into a fresh clone; ./rodare up then rebuilds the search index."""
    from .backup_manifest import verify
    from .restore import RestoreError, restore as put_back

    if verify_only:
        problems = verify(src)
        for problem in problems:
            click.echo(f"  {problem}")
        if problems:
            sys.exit(f"{src} does not verify")
        click.echo(f"{src} verifies")
        return
    try:
        put_back(root, src, force=force, echo=click.echo)
    except RestoreError as error:
        sys.exit(f"Restore refused: {error}")
    click.secho(f"Restored into {root}. Start it with ./rodare up: it rebuilds the search "
                "index from the restored database.", fg="green", bold=True)


@cli.command()
@click.option("--size", type=click.Choice(["quick", "full", "huge"]), default="quick",
              show_default=True,
              help="quick: a few minutes, scaled-down figures; full: the issue's figures, under "
                   "an hour; huge: reads, a rebuild's rate and a restart at 100,000 records.")
def bench(size):
    """Benchmark RODARE, stock InvenioRDM and the development server on a stack of its own.

    Prints a table and writes docs/benchmarks/<size>.json, .md and .png, then the figures of
    every size's JSON there side by side: sizes.md and sizes.png.
    """
    from .bench import bysize
    from .bench.report import table, write
    from .bench.run import Bench
    from .bench.sizes import SIZES

    stack = Stack(ROOT)
    stack.build_assets()
    results = Bench(size, stack.instance).run()
    out = REPO / "docs" / "benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    text = table(results)
    click.echo("\n" + text)
    write(results, out / f"{size}.json")
    (out / f"{size}.md").write_text(f"# ./rodare bench --size {size}\n\n{text}\n")
    chart = [str(REPO / ".venv-bench" / "bin" / "python"), "-m", "stack.bench.chart"]
    subprocess.run([*chart, str(out / f"{size}.json"), str(out / f"{size}.png")], cwd=REPO,
                   check=True)
    runs = [str(out / f"{name}.json") for name in SIZES]
    bysize.main(out / "sizes.md", *runs)
    subprocess.run([*chart, "--sizes", str(out / "sizes.png"), *runs], cwd=REPO, check=True)
    click.echo(f"\nWritten: {out / size}.json, .md and .png; {out}/sizes.md and .png")


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(pytest_args):
    """Build assets if needed, then run every test (services start inside the run)."""
    Stack(ROOT).build_assets()
    env = {**os.environ, "RODARE_INSTANCE_PATH": str(ROOT / "instance")}
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=REPO, env=env))


if __name__ == "__main__":
    cli()
