"""The UI blueprint of the fixity feature: only its template folder."""

from flask import Blueprint


def create_ui_blueprint(app):
    """Make ``rodare_rdm/fixity/*.html`` findable (the 503 page, the administration page)."""
    return Blueprint("rodare_fixity_ui", __name__, template_folder="templates")


def create_api_blueprint(app):
    """The same templates on the API app: the e-mail may be rendered there (a REST download
    that found a file missing checks it at once; the worker renders it in production)."""
    return Blueprint("rodare_fixity_api", __name__, template_folder="templates")
