"""G2: OAI-PMH answers ListRecords, ListIdentifiers and GetRecord with each record's sets."""

import pytest
from lxml import etree
from rodare_rdm.oaipmh.sets import sets_for_documents

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
        for header in tree.iter(f"{{{NS['oai']}}}header")
    }


@pytest.fixture
def oai_records(indexed_vocabularies, community, publish, oai_set, search_clear):
    """A member of the public community ``rodare``, a record outside it, and three custom sets.

    Returns ``{OAI identifier: the record's set specs, sorted}``.
    """
    oai_set("datasets", "metadata.resource_type.id:dataset")
    oai_set("hld", 'metadata.title:"High Magnetic Field"')
    oai_set("software", "metadata.resource_type.id:software")  # matches neither
    member = publish("Beamline data from ELBE", community=community)
    outsider = publish("High Magnetic Field pulses")
    return {
        f"oai:rodare.hzdr.de:{member.pid.pid_value}": ["datasets", "user-rodare"],
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


@pytest.mark.parametrize("spec", ["user-rodare", "hld", "datasets"])
def test_list_records_of_one_set(client, oai_records, spec):
    """Selective harvesting returns exactly the set's members, each with all its sets."""
    tree = _oai(client, verb="ListRecords", metadataPrefix="oai_dc", set=spec)
    assert _sets_by_identifier(tree) == {
        identifier: sets for identifier, sets in oai_records.items() if spec in sets
    }


def test_list_records_pages_through_resumption_tokens(client, oai_records, monkeypatch):
    """Later pages (resumption tokens) still carry their records' sets."""
    monkeypatch.setitem(client.application.config, "OAISERVER_PAGE_SIZE", 1)
    tree = _oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    seen = _sets_by_identifier(tree)
    token = tree.findtext(".//oai:resumptionToken", namespaces=NS)
    assert len(seen) == 1 and token
    tree = _oai(client, verb="ListRecords", resumptionToken=token)
    seen.update(_sets_by_identifier(tree))
    assert seen == oai_records


def test_sets_for_documents_answers_per_document(oai_records):
    """One list per document, in the order given; an unknown record is in no set."""
    (member, member_sets), (outsider, outsider_sets) = oai_records.items()
    documents = [{"id": identifier.rsplit(":", 1)[1]} for identifier in (outsider, member)]
    assert sets_for_documents([*documents, {"id": "no-such-record"}]) == [
        outsider_sets,
        member_sets,
        [],
    ]
    assert sets_for_documents([]) == []


def test_a_set_whose_query_is_refused_is_left_out(client, oai_records, oai_set, caplog):
    """One unparsable search pattern leaves that set out, as upstream (no percolator), only."""
    oai_set("broken", "metadata.title:(unbalanced")
    tree = _oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert _sets_by_identifier(tree) == oai_records
    identifier, sets = next(iter(oai_records.items()))
    tree = _oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
    assert _sets_by_identifier(tree) == {identifier: sets}
    assert "OAI set 'broken' left out" in caplog.text
