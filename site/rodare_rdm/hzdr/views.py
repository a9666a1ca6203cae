"""The feature's templates (landing-page field templates), made visible to Flask."""

from flask import Blueprint


def create_ui_blueprint(app):
    """A blueprint with no routes: only its template folder."""
    return Blueprint("rodare_hzdr_ui", __name__, template_folder="templates")
