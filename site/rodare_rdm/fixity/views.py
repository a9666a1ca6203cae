"""The UI blueprint of the fixity feature: only its template folder."""

from flask import Blueprint


def create_ui_blueprint(app):
    """Make ``rodare_rdm/fixity/*.html`` findable (the 503 page, the administration page)."""
    return Blueprint("rodare_fixity_ui", __name__, template_folder="templates")
