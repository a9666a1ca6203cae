"""``invenio rodare-euroscivoc import [FILE]``: load EuroSciVoc from a downloaded file."""

import click
from flask.cli import with_appcontext

from . import loader


@click.group("rodare-euroscivoc")
def euroscivoc():
    """EuroSciVoc subjects."""


@euroscivoc.command("import")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--if-empty", is_flag=True,
              help="Only when no EuroSciVoc concept is loaded yet (what set-up and start run).")
@with_appcontext
def import_(path, if_empty):
    """Create or update the concepts of FILE (default: RODARE_EUROSCIVOC_FILE).

    FILE is EuroSciVoc's SKOS RDF/XML as the EU Publications Office distributes it, plain or
    gzipped. Concepts are never removed, so records keep their subjects.
    """
    if if_empty and loader.concepts():
        click.echo("euroscivoc: already loaded")
        return
    configured = path is None
    path = path or loader.configured_file()
    if path is None or (configured and not path.exists()):
        click.echo("euroscivoc: no file (RODARE_EUROSCIVOC_FILE), nothing loaded")
        return
    try:
        loaded, errors = loader.import_file(path)
    except OSError as error:
        raise click.ClickException(f"{path}: {error.strerror or error}")
    except loader.NotRdf as error:
        raise click.ClickException(str(error))
    for error in errors[:20]:
        click.secho(error, fg="red", err=True)
    click.echo(f"euroscivoc: {loaded} concepts loaded, {len(errors)} refused")
    if errors and not loaded:
        raise click.ClickException("nothing loaded")
