"""``/oai2d`` answered by RODARE's protocol layer, in front of invenio-oaiserver's view.

invenio-oaiserver's endpoint ``invenio_oaiserver.response`` keeps its URL (and
``url_for``), but a request-preprocessing function registered for that blueprint answers
it first: Flask runs the application's own ``before_request`` functions (sessions, the
identity) and then the blueprint's, and a function that returns a response ends the
request there. Upstream's argument parsing, paging and error handlers are not reached.

Every outcome is an HTTP 200 ``text/xml`` OAI-PMH document: protocol errors are
``<error>`` elements (section 3.6), never HTTP errors.
"""

from flask import make_response, request
from lxml import etree

from .arguments import read_request
from .errors import BadArgument, BadVerb, OAIError
from .verbs import error, respond

BLUEPRINT = "invenio_oaiserver"
ENDPOINT = "invenio_oaiserver.response"


def _xml(tree):
    response = make_response(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    response.headers["Content-Type"] = "text/xml; charset=utf-8"
    return response


def answer():
    """The OAI-PMH response to the current request (GET query string or POST form)."""
    values = request.form if request.method == "POST" else request.args
    echo = {}
    try:
        oai_request = read_request(values)
        echo = oai_request.echo
        return _xml(respond(oai_request))
    except (BadVerb, BadArgument) as failure:
        return _xml(error(failure, {}))
    except OAIError as failure:
        return _xml(error(failure, echo))


def oai_pmh_in_front():
    """``before_request`` of invenio-oaiserver's blueprint: answer its endpoint here."""
    if request.endpoint == ENDPOINT:
        return answer()
