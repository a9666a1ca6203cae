"""``invenio rodare-storage move --to s3|local``: the move of move.py, from the command line."""

import click
from flask import current_app
from flask.cli import with_appcontext
from invenio_files_rest.models import Location

from .move import (ChecksumMismatch, ensure_bucket, local_location, make_default, move_file,
                   plan, s3_location)


def human(size):
    """Bytes for people."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024


@click.group("rodare-storage")
def storage():
    """Where RODARE's files are stored."""


@storage.command()
@click.option("--to", "to", type=click.Choice(["s3", "local"]), required=True,
              help="Move every file to S3 (RODARE_S3_*, S3_*) or back to the local folder.")
@click.option("--location", "local_name", help="The local location's name (when several).")
@click.option("--dry-run", is_flag=True, help="Say what would move; change nothing.")
@with_appcontext
def move(to, local_name, dry_run):
    """Move every file to S3 or back, verifying each MD5; the target becomes the default.

    Copies each file, checks the bytes read and the copy read back against the stored
    checksum, then switches the file to its copy and deletes the old one. Stops at the first
    mismatch with a report. Safe to run again: moved files are skipped.
    """
    try:
        if to == "s3":
            if not dry_run:
                ensure_bucket()
            target = s3_location(create=not dry_run)
        else:
            target = local_location(local_name)
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error))
    if target is None:  # dry run before the first move to S3
        click.echo("Would create the S3 location and make it the default.")
        config = current_app.config
        target = Location(name=config["RODARE_S3_LOCATION"], uri=f"s3://{config['RODARE_S3_BUCKET']}")
    todo = plan(target)
    click.echo(f"{len(todo.to_move)} file(s), {human(todo.size)}, to move to {target.uri}; "
               f"{todo.already} already there.")
    for fi in todo.unverifiable:
        click.echo(f"Left where it is (no MD5 to verify against yet): {fi.id} {fi.uri}")
    if dry_run:
        return
    make_default(target)
    click.echo(f"{target.name} ({target.uri}) is the default location now.")
    moved = 0
    for fi in todo.to_move:
        try:
            uri = move_file(fi, target)
        except ChecksumMismatch as error:
            raise click.ClickException(f"{error.report()}\n{moved} file(s) moved before it.")
        moved += 1
        click.echo(f"moved {fi.id} ({human(fi.size or 0)}) -> {uri}")
    click.echo(f"{moved} file(s) moved and verified.")
