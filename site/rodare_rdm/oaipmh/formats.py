"""The OAI-PMH formats RODARE makes itself (serializers in ``OAISERVER_METADATA_FORMATS``).

Same output as upstream's ``invenio_rdm_records.oai`` functions, with the level-aware
serializers of ``rodare_rdm.exports``, so harvesters read ``closedAccess`` for closed records
and the HZDR fields, and:

DataCite 4.5 requires ``<identifier>``; the ``datacite`` library writes it only from a DOI.
A record without one (DOI registration off, or a record minted before it) gets its landing
page as ``identifierType="URL"``, which the OpenAIRE Guidelines for Data Archives accept
beside DOI, ARK, Handle, PURL and URN. Records with a DOI keep the serializer's identifier.
"""

from datacite import schema45
from dcxml import simpledc
from flask import current_app, g
from invenio_rdm_records.oai import oai_datacite_etree as _upstream_oai_datacite_etree
from invenio_rdm_records.proxies import current_rdm_records_service
from lxml import etree

from ..exports.serializers import DataCite45XMLSerializer, DublinCoreXMLSerializer

NS_DATACITE = "http://datacite.org/schema/kernel-4"


def dublincore_etree(pid, record, **serializer_kwargs):
    """``oai_dc`` with dc:rights from the access level."""
    item = current_rdm_records_service.oai_result_item(g.identity, record["_source"])
    return simpledc.dump_etree(DublinCoreXMLSerializer(**serializer_kwargs).dump_obj(item.to_dict()))


def landing_page(record):
    """The public address of a record's landing page."""
    return f"{current_app.config['SITE_UI_URL']}/records/{record['_source']['id']}"


def with_identifier(resource, record):
    """Add ``<identifier identifierType="URL">`` to a DataCite resource that has none."""
    # By local name: the DOI's <identifier> may come without the kernel-4 namespace.
    if not any(etree.QName(child).localname == "identifier" for child in resource
               if isinstance(child.tag, str)):
        identifier = etree.Element(f"{{{NS_DATACITE}}}identifier", identifierType="URL")
        identifier.text = landing_page(record)
        resource.insert(0, identifier)
    return resource


def datacite_etree(pid, record):
    """``datacite``: DataCite 4.5 with the access level in rightsList and an identifier."""
    resource = schema45.dump_etree(DataCite45XMLSerializer().dump_obj(record["_source"]))
    return with_identifier(resource, record)


def oai_datacite_etree(pid, record):
    """``oai_datacite``: upstream's oai-1.1 envelope around the same payload."""
    envelope = _upstream_oai_datacite_etree(pid, record)
    payload = envelope.find("payload")  # upstream builds the envelope without a namespace
    for child in list(payload):
        payload.remove(child)
    payload.append(datacite_etree(pid, record))
    return envelope
