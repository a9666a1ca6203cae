"""``invenio rodare-robis service-account``: ROBIS's credential for RODARE's REST API."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from invenio_accounts.proxies import current_datastore
from invenio_db import db
from invenio_oauth2server.models import Token


@click.group("rodare-robis")
def robis():
    """ROBIS, HZDR's publication database."""


@robis.command("service-account")
@click.option("--email", default="robis-service@rodare.hzdr.de", show_default=True)
@click.option("--token-file", type=click.Path(dir_okay=False), required=True,
              help="Where ROBIS's access token is kept (created if missing or unknown).")
@with_appcontext
def service_account(email, token_file):
    """Create ROBIS's service account (role only, no password) and its access token."""
    role = current_datastore.find_or_create_role(current_app.config["RODARE_ROBIS_SERVICE_ROLE"])
    user = current_datastore.find_user(email=email)
    if user is None:
        user = current_datastore.create_user(email=email, active=True, password=None)
        db.session.flush()
    current_datastore.add_role_to_user(user, role)
    path = Path(token_file)
    known = path.exists() and Token.query.filter_by(access_token=path.read_text().strip(),
                                                     user_id=user.id).count()
    if not known:
        token = Token.create_personal("robis", user.id, scopes=[], is_internal=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(token.access_token)
        path.chmod(0o600)
    db.session.commit()
    click.echo(f"{email}: role {role.name}, token in {path}")
