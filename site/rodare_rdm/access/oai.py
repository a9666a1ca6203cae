"""OAI-PMH formats with the access level (configured in ``OAISERVER_METADATA_FORMATS``).

Same output as upstream's ``invenio_rdm_records.oai`` functions, with this feature's
Dublin Core and DataCite serializers, so harvesters read ``closedAccess`` for closed records.
"""

from flask import g
from invenio_rdm_records.oai import oai_datacite_etree as _upstream_oai_datacite_etree
from invenio_rdm_records.proxies import current_rdm_records_service
from datacite import schema45
from dcxml import simpledc

from .serializers import DataCite45XMLSerializer, DublinCoreXMLSerializer


def dublincore_etree(pid, record, **serializer_kwargs):
    """oai_dc with dc:rights from the access level."""
    item = current_rdm_records_service.oai_result_item(g.identity, record["_source"])
    return simpledc.dump_etree(DublinCoreXMLSerializer(**serializer_kwargs).dump_obj(item.to_dict()))


def datacite_etree(pid, record):
    """DataCite 4.5 with the access level in rightsList."""
    return schema45.dump_etree(DataCite45XMLSerializer().dump_obj(record["_source"]))


def oai_datacite_etree(pid, record):
    """oai_datacite: upstream's envelope around this feature's DataCite payload."""
    envelope = _upstream_oai_datacite_etree(pid, record)
    payload = envelope.find("payload")
    for child in list(payload):
        payload.remove(child)
    payload.append(datacite_etree(pid, record))
    return envelope
