"""The six OAI-PMH verbs, answered from a checked :class:`~.arguments.OAIRequest`.

Each function returns the verb's element filled in; :func:`respond` wraps it in the
envelope. Lists carry a resumption token when more items follow and an empty one on the
last page of a multi-page list (section 3.5), both with ``cursor`` and ``completeListSize``.
"""

from datetime import UTC, datetime

from flask import current_app, url_for
from invenio_oaiserver.models import OAISet
from invenio_oaiserver.proxies import current_oaiserver
from invenio_oaiserver.response import header
from invenio_oaiserver.utils import datetime_to_datestamp, sanitize_unicode, serializer
from lxml import etree
from lxml.etree import Element, SubElement

from rodare_rdm.oaipmh.sets import sets_for_documents

from . import formats, records, tokens
from .errors import CannotDisseminateFormat, NoRecordsMatch, NoSetHierarchy

NS_OAIPMH = "http://www.openarchives.org/OAI/2.0/"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
NS_OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
NS_DC = "http://purl.org/dc/elements/1.1/"


def _oai(parent, name, text=None, **attributes):
    element = SubElement(parent, etree.QName(NS_OAIPMH, name), **attributes)
    if text is not None:
        element.text = text
    return element


def base_url():
    """The endpoint's own address."""
    return url_for("invenio_oaiserver.response", _external=True)


def envelope(echo):
    """``<OAI-PMH>`` with responseDate and the request echoed (no attributes after badVerb
    or badArgument, as section 3.2 says; the caller passes ``{}`` then)."""
    root = Element(etree.QName(NS_OAIPMH, "OAI-PMH"), nsmap={None: NS_OAIPMH, "xsi": NS_XSI})
    root.set(etree.QName(NS_XSI, "schemaLocation"),
             f"{NS_OAIPMH} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _oai(root, "responseDate", datetime_to_datestamp(datetime.now(UTC)))
    _oai(root, "request", base_url(), **{key: sanitize_unicode(str(value)) for key, value in echo.items()})
    return root


def error(error, echo):
    """The envelope with one ``<error>``."""
    root = envelope(echo)
    _oai(root, "error", sanitize_unicode(error.message), code=error.code)
    return root


def check_format(prefix):
    """cannotDisseminateFormat unless the prefix is configured."""
    if prefix not in current_app.config["OAISERVER_METADATA_FORMATS"]:
        raise CannotDisseminateFormat(f"{prefix!r} is not a metadata format of this repository.")


def oai_identifier_description():
    """The ``oai-identifier`` description (guidelines-oai-identifier), valid against its XSD."""
    repository = current_app.config["OAISERVER_ID_PREFIX"]
    sample = current_app.config["RODARE_OAIPMH_SAMPLE_RECORD_ID"]
    root = Element(etree.QName(NS_OAI_IDENTIFIER, "oai-identifier"),
                   nsmap={None: NS_OAI_IDENTIFIER, "xsi": NS_XSI})
    root.set(etree.QName(NS_XSI, "schemaLocation"),
             f"{NS_OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
    for name, text in (("scheme", "oai"), ("repositoryIdentifier", repository),
                       ("delimiter", ":"), ("sampleIdentifier", f"oai:{repository}:{sample}")):
        SubElement(root, etree.QName(NS_OAI_IDENTIFIER, name)).text = text
    return root


def identify(request, parent):
    """Who runs the repository and how it answers."""
    config = current_app.config
    _oai(parent, "repositoryName", config["OAISERVER_REPOSITORY_NAME"])
    _oai(parent, "baseURL", base_url())
    _oai(parent, "protocolVersion", "2.0")
    for email in config["OAISERVER_ADMIN_EMAILS"]:
        _oai(parent, "adminEmail", email)
    earliest = records.earliest_datestamp() or datetime(1970, 1, 1)
    _oai(parent, "earliestDatestamp", datetime_to_datestamp(earliest))
    _oai(parent, "deletedRecord", config["RODARE_OAIPMH_DELETED_RECORD"])
    _oai(parent, "granularity", config["OAISERVER_GRANULARITY"])
    _oai(parent, "description").append(oai_identifier_description())
    for description in config.get("OAISERVER_DESCRIPTIONS", []):
        _oai(parent, "description").append(etree.fromstring(description))


def list_metadata_formats(request, parent):
    """Every configured format (a record of this repository has them all)."""
    if "identifier" in request.arguments:
        records.find(request.arguments["identifier"])
    for prefix, metadata in current_app.config["OAISERVER_METADATA_FORMATS"].items():
        element = _oai(parent, "metadataFormat")
        _oai(element, "metadataPrefix", prefix)
        _oai(element, "schema", metadata["schema"])
        _oai(element, "metadataNamespace", metadata["namespace"])


def _record_header(parent, document, sets):
    source = document["_source"]
    return header(
        parent,
        identifier=source["pids"]["oai"]["identifier"],
        datestamp=source[records.datestamp_key()],
        sets=sets,
        deleted=records.is_deleted(source),
    )


def _record(parent, document, sets, prefix):
    """``<record>``: the header and, unless deleted, the metadata in ``prefix``."""
    element = _oai(parent, "record")
    _record_header(element, document, sets)
    source = document["_source"]
    if not records.is_deleted(source):
        pid = current_oaiserver.oaiid_fetcher(document["_id"], source)
        _oai(element, "metadata").append(serializer(prefix)(pid, {"_source": source}))


def get_record(request, parent):
    """One record in one format."""
    check_format(request.arguments["metadataPrefix"])
    document = records.find(request.arguments["identifier"])
    sets = sets_for_documents([document["_source"]])[0]
    _record(parent, document, sets, request.arguments["metadataPrefix"])


def _resumption(parent, verb, arguments, total, cursor, sent, next_after):
    """The token element: a next token, an empty one at the end, none for a single page."""
    if cursor == 0 and next_after is None:
        return
    attributes = {"cursor": str(cursor), "completeListSize": str(total)}
    element = _oai(parent, "resumptionToken", **attributes)
    if next_after is not None:
        element.text = tokens.dump(verb, arguments, next_after, cursor + sent)
        element.set("expirationDate", datetime_to_datestamp(tokens.expiration_date()))


def _list_position(request):
    """``(arguments, after, cursor)`` of a list request, from its token if it has one."""
    if request.token is None:
        return request.arguments, None, 0
    data = tokens.load(request.verb, request.token)
    return data["arguments"], data["after"], data["cursor"]


def _list(request, parent, with_metadata):
    arguments, after, cursor = _list_position(request)
    prefix = arguments["metadataPrefix"]
    check_format(prefix)
    size = int(current_app.config["OAISERVER_PAGE_SIZE"])
    documents, total, has_next = records.page(arguments, after, size)
    if not documents:
        raise NoRecordsMatch("No record matches the request's arguments.")
    sources = [document["_source"] for document in documents]
    all_sets = sets_for_documents(sources)
    if with_metadata:
        # One pass: what the format's dumpers read besides each record, read for the page.
        with formats.page(prefix, [source for source in sources if not records.is_deleted(source)]):
            for document, sets in zip(documents, all_sets):
                _record(parent, document, sets, prefix)
    else:
        for document, sets in zip(documents, all_sets):
            _record_header(parent, document, sets)
    last = documents[-1]["_source"][records.SORT_KEY]
    _resumption(parent, request.verb, arguments, total, cursor, len(documents), last if has_next else None)


def list_records(request, parent):
    """Records with metadata, a page at a time."""
    _list(request, parent, with_metadata=True)


def list_identifiers(request, parent):
    """Record headers, a page at a time."""
    _list(request, parent, with_metadata=False)


def list_sets(request, parent):
    """Every set (communities, openaire_data, ...), ordered by spec, a page at a time."""
    arguments, after, cursor = _list_position(request)
    query = OAISet.query.order_by(OAISet.spec)
    total = query.count()
    if not total:
        raise NoSetHierarchy("This repository has no sets.")
    if after is not None:
        query = query.filter(OAISet.spec > after)
    size = int(current_app.config["OAISERVER_PAGE_SIZE"])
    oai_sets = query.limit(size + 1).all()
    for oai_set in oai_sets[:size]:
        element = _oai(parent, "set")
        _oai(element, "setSpec", oai_set.spec)
        _oai(element, "setName", sanitize_unicode(oai_set.name or oai_set.spec))
        if oai_set.description:
            dc = SubElement(_oai(element, "setDescription"), etree.QName(NS_OAI_DC, "dc"),
                            nsmap={"oai_dc": NS_OAI_DC, "dc": NS_DC})
            dc.set(etree.QName(NS_XSI, "schemaLocation"),
                   f"{NS_OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
            SubElement(dc, etree.QName(NS_DC, "description")).text = sanitize_unicode(oai_set.description)
    has_next = len(oai_sets) > size
    shown = oai_sets[:size]
    _resumption(parent, request.verb, arguments, total, cursor, len(shown), shown[-1].spec if has_next else None)


VERBS = {
    "GetRecord": get_record,
    "Identify": identify,
    "ListIdentifiers": list_identifiers,
    "ListMetadataFormats": list_metadata_formats,
    "ListRecords": list_records,
    "ListSets": list_sets,
}


def respond(request):
    """The whole answer to a checked request (raises an OAIError instead)."""
    echo = request.echo
    verb_element = Element(etree.QName(NS_OAIPMH, request.verb))
    VERBS[request.verb](request, verb_element)
    root = envelope(echo)
    root.append(verb_element)
    return root
