"""``invenio rodare-curation``: presets, and a community's checks read and replaced by file."""

import json

import click
import yaml
from flask.cli import with_appcontext
from invenio_access.permissions import system_identity
from invenio_communities.proxies import current_communities
from marshmallow import ValidationError

from . import checks, presets


@click.group("rodare-curation")
def curation():
    """Curation checks of communities."""


@curation.command()
@with_appcontext
def preset():
    """Give RODARE's communities that have no checks their preset (RODARE_CURATION_PRESETS)."""
    applied = presets.apply()
    click.echo(f"curation checks preset: {', '.join(applied) if applied else 'none needed'}")


@curation.command()
@click.argument("community")
@with_appcontext
def show(community):
    """Print a community's checks (slug or id) as YAML, the format ``set`` reads."""
    community_id = current_communities.service.read(system_identity, community).id
    click.echo(yaml.safe_dump(checks.dump(community_id), allow_unicode=True, sort_keys=False))


@curation.command("set")
@click.argument("community")
@click.argument("path", type=click.File("r", encoding="utf-8"))
@with_appcontext
def set_(community, path):
    """Replace a community's checks by those of a YAML or JSON file (see ``show``)."""
    community_id = current_communities.service.read(system_identity, community).id
    try:
        loaded = checks.load(yaml.safe_load(path))
    except (ValidationError, yaml.YAMLError) as error:
        messages = error.normalized_messages() if isinstance(error, ValidationError) else str(error)
        raise click.ClickException(json.dumps(messages, ensure_ascii=False, default=str))
    checks.replace(community_id, loaded)
    click.echo(f"{community}: {len(loaded)} checks")
