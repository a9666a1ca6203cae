"""Blueprint that makes the theme's templates (front page, footer, page layout) visible."""

from flask import Blueprint


def create_blueprint(app):
    """Register ``theme/templates``; the templates are chosen by name in invenio.cfg."""
    return Blueprint("rodare_theme", __name__, template_folder="templates")
