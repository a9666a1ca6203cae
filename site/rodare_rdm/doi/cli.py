"""``invenio rodare-doi``: see and re-sync the DOIs at DataCite."""

import click
from flask.cli import with_appcontext

from .models import FAILED, DOIState
from .sync import datacite_dois, sync_doi


@click.group("rodare-doi")
def doi():
    """RODARE's DataCite DOIs."""


@doi.command("sync")
@click.option("--failed-only", is_flag=True, help="Only the DOIs whose last attempt failed.")
@with_appcontext
def sync(failed_only):
    """Send every DOI's current metadata and state to DataCite; list what failed."""
    if failed_only:
        dois = [row.doi for row in DOIState.query.filter_by(status=FAILED).all()]
    else:
        dois = [pid.pid_value for pid in datacite_dois()]
    counts = {}
    for doi_value in dois:
        row = sync_doi(doi_value)
        status = row.status if row is not None else "skipped"
        counts[status] = counts.get(status, 0) + 1
        if status == FAILED:
            click.secho(f"{doi_value}: {row.last_error}", fg="red")
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no DOIs"
    click.echo(f"{len(dois)} DOIs synced: {summary}")
    if counts.get(FAILED):
        raise SystemExit(1)


@doi.command("status")
@click.option("--failed-only", is_flag=True)
@with_appcontext
def status(failed_only):
    """Print each DOI's DataCite state (as administrators see it at /administration/dois)."""
    query = DOIState.query.order_by(DOIState.doi)
    if failed_only:
        query = query.filter_by(status=FAILED)
    for row in query:
        click.echo(f"{row.doi}\t{row.status}\t{row.last_error or ''}")
