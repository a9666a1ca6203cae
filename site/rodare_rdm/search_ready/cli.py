"""``invenio rodare-search-ready``: mark a rebuild of the search indices on the Docker path.

    invenio rodare-search-ready start     # search answers 503 from now on
    invenio rdm rebuild-all-indices       # and let the worker drain the queue
    invenio rodare-search-ready end       # search answers again

``./rodare up`` does the same by itself (stack/instance.py ``reindex``).
"""

import click
from flask.cli import with_appcontext

from .marker import end_refill, start_refill


@click.group("rodare-search-ready")
def search_ready():
    """Search answers 503 while its indices are refilled."""


@search_ready.command()
@with_appcontext
def start():
    """Searches answer 503 until ``end``."""
    start_refill()
    click.echo("Search answers 503 until `invenio rodare-search-ready end`.")


@search_ready.command()
@with_appcontext
def end():
    """Searches answer from the indices again."""
    end_refill()
    click.echo("Search answers again.")
