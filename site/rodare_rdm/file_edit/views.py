"""``GET /api/records/<id>/file-window``: the window the deposit form counts down.

The form shows the time left in days and hours and moves it on while it is open, so it needs
the moment the window closes; upstream's form data carries whole days only.
"""

from flask import Blueprint, g, jsonify
from invenio_pidstore.errors import PIDDoesNotExistError
from invenio_rdm_records.proxies import current_rdm_records_service as service
from invenio_rdm_records.services.errors import RecordDeletedException
from invenio_records_resources.services.errors import PermissionDeniedError

from .window import window


def create_api_blueprint(app):
    """The window endpoint, for those who may read the record."""
    blueprint = Blueprint("rodare_file_edit", __name__)

    @blueprint.get("/records/<pid_value>/file-window")
    def file_window(pid_value):
        """200 with the window for owners and administrators, 404 for everyone else."""
        try:
            record = service.read(g.identity, pid_value)._record
        except (PIDDoesNotExistError, PermissionDeniedError, RecordDeletedException):
            record = None
        result = record and window(g.identity, record)
        if not result:
            return jsonify({"status": 404, "message": "No file window for you."}), 404
        return jsonify(result)

    return blueprint


def create_ui_blueprint(app):
    """The feature's templates (the landing page's notice) for the UI app."""
    return Blueprint("rodare_file_edit_ui", __name__, template_folder="templates")
