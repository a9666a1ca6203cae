"""``invenio rodare-statistics update``: the beat's statistics pipeline, run once by hand."""

import click
from flask.cli import with_appcontext

from .tasks import update_statistics


@click.group("rodare-statistics")
def statistics():
    """RODARE's usage statistics."""


@statistics.command()
@with_appcontext
def update():
    """Process the queued events, aggregate them and put the numbers into the records.

    What the beat runs every RODARE_STATISTICS_INTERVAL; the worker's indexer takes the
    records within 10 s. Safe to run at any time: each step continues from its bookmark.
    """
    click.echo(update_statistics())
