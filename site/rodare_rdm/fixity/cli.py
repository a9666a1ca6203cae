"""``invenio rodare-fixity check``: the beat's checksum batch, or every file, run by hand."""

import click
from flask.cli import with_appcontext

from .tasks import verify_batch


@click.group("rodare-fixity")
def fixity():
    """RODARE's file integrity checks."""


@fixity.command()
@click.option("--all", "every", is_flag=True, help="Check every stored file, not one batch.")
@with_appcontext
def check(every):
    """Verify checksums now, as the beat does; e-mail the administrators about new failures.

    After restoring a file from the backup, ``--all`` (or waiting for the schedule) serves
    it again. Reads every byte of every file checked: slow on a large store.
    """
    failed = verify_batch(everything=every)
    click.echo(f"{failed} file(s) newly failed")
