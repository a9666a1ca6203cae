"""OAI-PMH errors travel with HTTP 200, as the protocol says.

OAI-PMH 2.0 (section 3.6) reports badArgument, badVerb and friends as an ``<error>``
element in an ordinary 200 response. invenio-oaiserver answers argument errors with 422,
which harvesters such as Sickle treat as a transport failure instead of reading the
OAI error. This hook keeps the body (a valid OAI-PMH envelope) and sets the status to 200.
It also names an unknown metadataPrefix ``cannotDisseminateFormat`` (section 3.6), where
invenio-oaiserver says ``badArgument``.
"""

UNKNOWN_FORMAT = (
    b'code="badArgument">metadataPrefix does not exist',
    b'code="cannotDisseminateFormat">metadataPrefix does not exist',
)

OAI_PATH = "/oai2d"


def oai_errors_as_200(response):
    """Turn invenio-oaiserver's 422 OAI error documents into protocol-conformant 200s."""
    from flask import request

    if (
        request.path == OAI_PATH
        and response.status_code == 422
        and response.mimetype == "text/xml"
    ):
        response.status_code = 200
        body = response.get_data()
        if UNKNOWN_FORMAT[0] in body:
            response.set_data(body.replace(*UNKNOWN_FORMAT))
    return response


class RodareOAIPMH:
    """Register the response hook on the UI app (where /oai2d lives)."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        app.after_request(oai_errors_as_200)
        app.extensions["rodare-oaipmh"] = self
