"""The UI blueprint of the search readiness feature: only its template folder (the 503 page)."""

from flask import Blueprint


def create_ui_blueprint(app):
    """Make ``rodare_rdm/search_ready/unavailable.html`` findable."""
    return Blueprint("rodare_search_ready_ui", __name__, template_folder="templates")
