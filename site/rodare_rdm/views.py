"""Blueprint that makes the site package's templates visible to Flask."""

from flask import Blueprint


def create_blueprint(app):
    """Register ``rodare_rdm/templates`` (front page, theme overrides)."""
    return Blueprint("rodare_rdm", __name__, template_folder="templates")
