"""OAI-PMH errors travel with HTTP 200, as the protocol says.

OAI-PMH 2.0 (section 3.6) reports badArgument, badVerb and friends as an ``<error>``
element in an ordinary 200 response. invenio-oaiserver answers argument errors with 422,
which harvesters such as Sickle treat as a transport failure instead of reading the
OAI error. This hook keeps the body (a valid OAI-PMH envelope) and sets the status to 200.
It also gives two errors the code section 3.6 prescribes where invenio-oaiserver says
``badArgument``: an unknown metadataPrefix is ``cannotDisseminateFormat`` and an unknown
verb is ``badVerb`` (harvesters branch on the code, e.g. Sickle raises a different
exception for each).
"""

ERROR_CODES = (
    (b'code="badArgument">metadataPrefix does not exist',
     b'code="cannotDisseminateFormat">metadataPrefix does not exist'),
    (b'code="badArgument">This is not a valid OAI-PMH verb',
     b'code="badVerb">This is not a valid OAI-PMH verb'),
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
        for wrong, right in ERROR_CODES:
            if wrong in body:
                response.set_data(body.replace(wrong, right))
                break
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
