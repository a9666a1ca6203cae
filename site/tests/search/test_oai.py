"""G2: OAI-PMH answers ListRecords, ListIdentifiers and GetRecord with each record's sets."""

import pytest
from lxml import etree

NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}


def _oai(client, **params):
    """Ask /oai2d; return the parsed answer after checking it is a 200 without OAI error."""
    response = client.get("/oai2d", query_string=params)
    assert response.status_code == 200, response.data[:2000]
    tree = etree.fromstring(response.data)
    assert tree.find("oai:error", NS) is None, etree.tostring(tree)
    return tree


def _sets_by_identifier(tree):
    """{OAI identifier: sorted setSpecs} of every header in an answer."""
    return {
        header.findtext("oai:identifier", namespaces=NS): sorted(
            spec.text for spec in header.findall("oai:setSpec", NS)
        )
        for header in tree.iter("{%s}header" % NS["oai"])
    }


@pytest.fixture
def oai_records(indexed_vocabularies, community, publish, oai_set, search_clear):
    """A member of the public community ``fwk``, a record outside it, and three custom sets.

    Returns ``{OAI identifier: the record's set specs, sorted}``.
    """
    oai_set("datasets", "metadata.resource_type.id:dataset")
    oai_set("hld", 'metadata.title:"High Magnetic Field"')
    oai_set("software", "metadata.resource_type.id:software")  # matches neither
    member = publish("Beamline data from ELBE", community=community)
    outsider = publish("High Magnetic Field pulses")
    return {
        f"oai:rodare.hzdr.de:{member.pid.pid_value}": ["community-fwk", "datasets"],
        f"oai:rodare.hzdr.de:{outsider.pid.pid_value}": ["datasets", "hld"],
    }


def test_list_records_has_each_records_sets(client, oai_records):
    """ListRecords gives every record its community and custom sets, and only those."""
    tree = _oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert _sets_by_identifier(tree) == oai_records
    assert len(tree.findall(".//oai:record/oai:metadata", NS)) == 2


def test_list_identifiers_has_each_records_sets(client, oai_records):
    """ListIdentifiers gives the same headers as ListRecords."""
    tree = _oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert _sets_by_identifier(tree) == oai_records


def test_get_record_has_its_sets(client, oai_records):
    """GetRecord gives each record the same sets as the list verbs."""
    for identifier, sets in oai_records.items():
        tree = _oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
        assert _sets_by_identifier(tree) == {identifier: sets}


@pytest.mark.parametrize("spec", ["community-fwk", "hld", "datasets"])
def test_list_records_of_one_set(client, oai_records, spec):
    """Selective harvesting returns exactly the set's members, each with all its sets."""
    tree = _oai(client, verb="ListRecords", metadataPrefix="oai_dc", set=spec)
    assert _sets_by_identifier(tree) == {
        identifier: sets for identifier, sets in oai_records.items() if spec in sets
    }
