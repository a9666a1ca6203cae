"""``invenio rodare-hzdr reload``: apply edits of the HZDR data files in app_data/."""

import click
from flask import current_app
from flask.cli import with_appcontext

from . import fixtures


@click.group("rodare-hzdr")
def hzdr():
    """HZDR vocabularies and communities."""


@hzdr.command()
@click.option("--communities/--no-communities", default=None,
              help="Also create missing HZDR communities (default: RODARE_HZDR_COMMUNITIES).")
@with_appcontext
def reload(communities):
    """Load new and changed entries of the HZDR vocabularies (never removes one)."""
    files = fixtures.vocabulary_files()
    for type_, (pid_type, entries) in files.items():
        created, updated = fixtures.reload_vocabulary(type_, pid_type, entries)
        reindexed = fixtures.reindex_records_using(type_, updated)
        click.echo(f"{type_}: {len(entries)} entries, {len(created)} new, {len(updated)} changed"
                   + (f", {reindexed} records re-indexed" if reindexed else ""))
    if fixtures.ensure_staff_role():
        click.echo(f"role {current_app.config['RODARE_HZDR_STAFF_ROLE']} created")
    if communities if communities is not None else current_app.config["RODARE_HZDR_COMMUNITIES"]:
        created = fixtures.ensure_communities(files)
        click.echo(f"communities: {', '.join(created) if created else 'all present'}")
