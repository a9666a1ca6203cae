"""Flask extension of the OAI-PMH feature: RODARE_OAIPMH_* defaults, the protocol layer
in front of invenio-oaiserver's ``/oai2d`` view and the datestamp of community changes."""

from ..extension import FeatureExtension
from . import config, datestamps
from .views import BLUEPRINT, oai_pmh_in_front


class RodareOAIPMH(FeatureExtension):
    """The defaults, the request handler and the datestamp listener."""

    name = "oaipmh"
    config = config

    def init_feature(self, app):
        """Answer ``/oai2d`` before upstream's view; date community changes."""
        app.before_request_funcs.setdefault(BLUEPRINT, []).append(oai_pmh_in_front)
        datestamps.register()
