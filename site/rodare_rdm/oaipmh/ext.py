"""Flask extension of the OAI-PMH feature: RODARE_OAIPMH_* defaults, the protocol layer
in front of invenio-oaiserver's ``/oai2d`` view and the datestamp of community changes."""

from . import config, datestamps
from .views import BLUEPRINT, oai_pmh_in_front


class RodareOAIPMH:
    """Register the defaults, the request handler and the datestamp listener."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        for key in dir(config):
            if key.startswith("RODARE_OAIPMH_"):
                app.config.setdefault(key, getattr(config, key))
        app.before_request_funcs.setdefault(BLUEPRINT, []).append(oai_pmh_in_front)
        datestamps.register()
        app.extensions["rodare-oaipmh"] = self
