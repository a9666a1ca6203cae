"""``invenio rodare-access sanitise``: clean access conditions stored before they were sanitised."""

import click
from flask.cli import with_appcontext

from .sanitise import clean_stored


@click.group("rodare-access")
def access():
    """RODARE's access levels."""


@access.command()
@with_appcontext
def sanitise():
    """Sanitise stored access conditions (records, drafts, parents) and re-index them.

    Idempotent: a second run reports nothing to sanitise.
    """
    changed = clean_stored()
    for kind, pid in changed:
        click.echo(f"{kind} {pid}: access conditions sanitised")
    click.echo(f"{len(changed)} sanitised" if changed else "nothing to sanitise")
