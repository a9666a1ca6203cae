"""DataCite payloads that are valid without a DOI (OAISERVER_METADATA_FORMATS serializers).

DataCite 4.5 requires ``<identifier>``; the ``datacite`` library writes it only from a DOI.
A record without one (DOI registration off, or a record minted before it) gets its landing
page as ``identifierType="URL"``, which the OpenAIRE Guidelines for Data Archives accept
beside DOI, ARK, Handle, PURL and URN. Records with a DOI are left as the access feature's
serializers (``rodare_rdm.access.oai``) make them.
"""

from flask import current_app
from lxml import etree

from rodare_rdm.access import oai as access_oai

NS_DATACITE = "http://datacite.org/schema/kernel-4"


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
    """``datacite``: DataCite 4.5 with the access level and an identifier."""
    return with_identifier(access_oai.datacite_etree(pid, record), record)


def oai_datacite_etree(pid, record):
    """``oai_datacite``: the oai-1.1 envelope around the same payload."""
    envelope = access_oai.oai_datacite_etree(pid, record)
    payload = envelope.find("payload")  # upstream builds the envelope without a namespace
    for resource in payload:
        with_identifier(resource, record)
    return envelope
