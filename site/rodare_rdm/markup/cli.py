"""``invenio rodare-markup sanitise``: clean request descriptions stored before they were sanitised."""

import click
from flask.cli import with_appcontext

from .cleanup import clean_request_descriptions


@click.group("rodare-markup")
def markup():
    """Text people write that pages show as HTML."""


@markup.command()
@with_appcontext
def sanitise():
    """Sanitise stored request descriptions and re-index them (idempotent).

    The access conditions have their own step: ``invenio rodare-access sanitise``.
    """
    changed = clean_request_descriptions()
    for request_id in changed:
        click.echo(f"request {request_id}: description sanitised")
    click.echo(f"{len(changed)} sanitised" if changed else "nothing to sanitise")
