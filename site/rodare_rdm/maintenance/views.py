"""The UI blueprint of the maintenance feature: only its template folder (the 503 page)."""

from flask import Blueprint


def create_ui_blueprint(app):
    """Make ``rodare_rdm/maintenance/unavailable.html`` findable."""
    return Blueprint("rodare_maintenance_ui", __name__, template_folder="templates")
