"""``invenio rodare-migrate``: import from the old RODARE, verify, and cut over the DOIs."""

import sys
from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import with_appcontext

from .accounts import Owners
from .importer import Importer
from .parallel import part_of, prepare, run_parts
from .report import Report
from .source import SourceError, open_source, read_users


def _since(value):
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@click.group("rodare-migrate")
def migrate():
    """The migration from today's RODARE (docs/migration.md)."""


@migrate.command("run")
@click.option("--source", required=True, help="The old RODARE's URL, or a dump folder.")
@click.option("--token", envvar="RODARE_MIGRATION_TOKEN", help="An administrator's token of the old RODARE.")
@click.option("--users", "users_file", type=click.Path(exists=True, dir_okay=False),
              help="The old accounts as JSON (a list, or a dump's manifest.json).")
@click.option("--since", help="Only what changed since this date (ISO 8601): the final delta.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False), default="migration-report.json",
              show_default=True, help="The report (JSON); a readable summary goes beside it (.txt).")
@click.option("--dry-run", is_flag=True, help="Read everything, write nothing, say what would happen.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Importer processes, over disjoint concepts (up to one per core).")
@click.option("--part", hidden=True, help="i/N: only the concepts of part i of N (a --jobs child).")
@with_appcontext
def run(source, token, users_file, since, report_file, dry_run, jobs, part):
    """Import every legacy record (again: updates in place; interrupted: continues)."""
    config = current_app.config
    try:
        legacy = open_source(source, token, config["RODARE_MIGRATION_PAGE_SIZE"],
                             config["RODARE_MIGRATION_TIMEOUT"])
        users = read_users(users_file) if users_file else legacy.users()
        part = part_of(part) if part else None
    except (SourceError, OSError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    report = Report(None if dry_run else report_file)
    owners, codes = Owners(users, report), []
    try:
        if jobs > 1 and not dry_run:
            prepare(legacy, report, owners, _since(since))
            codes = run_parts(jobs, report, report_file, source, token, users_file, since)
        else:
            Importer(legacy, report, owners, dry_run=dry_run).run(_since(since), part=part)
    except SourceError as error:
        report.save()
        raise click.ClickException(f"{error} (run again to continue)") from error
    summary = report.summary()
    if dry_run:
        for recid, entry in sorted(report.data["records"].items(), key=lambda i: int(i[0])):
            click.echo(f"would {entry.get('action', entry['status'])} record {recid}")
    else:
        with open(f"{report_file.removesuffix('.json')}.txt", "w") as out:
            out.write(summary)
    click.echo(summary)
    for index, code in enumerate(codes):
        if code:
            click.echo(f"importer process {index + 1} of {jobs} ended with exit code {code} "
                       "(run again to continue)")
    if report.counts.get("failed") or any(codes):
        sys.exit(1)


@migrate.command("verify")
@click.option("--source", required=True, help="The old RODARE's URL, or a dump folder.")
@click.option("--token", envvar="RODARE_MIGRATION_TOKEN", help="An administrator's token of the old RODARE.")
@click.option("--users", "users_file", type=click.Path(exists=True, dir_okay=False),
              help="The old accounts as JSON (a list, or a dump's manifest.json).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False),
              default="verification-report.json", show_default=True)
@with_appcontext
def verify_command(source, token, users_file, report_file):
    """Compare every legacy record with its record here; exit 1 on any difference."""
    import json

    from .verify import verify

    config = current_app.config
    try:
        legacy = open_source(source, token, config["RODARE_MIGRATION_PAGE_SIZE"],
                             config["RODARE_MIGRATION_TIMEOUT"])
        users = read_users(users_file) if users_file else legacy.users()
        results = verify(legacy, users)
    except (SourceError, OSError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    with open(report_file, "w") as out:
        json.dump(results, out, ensure_ascii=False, indent=1, sort_keys=True)
    different = {recid: problems for recid, problems in results.items() if problems}
    for recid in sorted(different, key=int):
        click.echo(f"record {recid}:")
        for problem in different[recid]:
            click.echo(f"  {problem}")
    click.echo(f"{len(results) - len(different)} of {len(results)} records identical on every "
               f"channel, {len(different)} with differences")
    if different:
        sys.exit(1)


@migrate.command("cutover")
@click.option("--rate", type=click.FloatRange(min=0.01), help="DOI updates per second "
              "(default RODARE_MIGRATION_CUTOVER_RATE).")
@click.option("--dry-run", is_flag=True, help="List the DOIs it would update; send nothing.")
@with_appcontext
def cutover_command(rate, dry_run):
    """Point the migrated DOIs at the new landing pages at DataCite (after the DNS switch)."""
    from .cutover import cut_over

    counts = cut_over(rate or current_app.config["RODARE_MIGRATION_CUTOVER_RATE"], dry_run=dry_run,
                      echo=click.echo)
    click.echo("DOIs: " + (", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none migrated"))
    if counts.get("failed"):
        sys.exit(1)
