"""The HZDR fields through the REST API: stored, dereferenced, validated field by field."""

import pytest

API = "/api/records"


def _draft(client, minimal_record, custom_fields):
    return client.post(API, json={**minimal_record, "custom_fields": custom_fields})


def test_every_field_round_trips(owner_client, minimal_record, hzdr_vocabularies, hzdr_fields):
    res = _draft(owner_client, minimal_record, hzdr_fields)
    assert res.status_code == 201, res.json
    assert not res.json.get("errors"), res.json["errors"]
    cf = res.json["custom_fields"]
    assert [i["id"] for i in cf["hzdr:institutes"]] == ["iim", "hif"]
    assert cf["hzdr:institutes"][0]["title"]["de"] == "Institut für Ionenstrahlphysik und Materialforschung"
    assert cf["hzdr:programme"]["title"]["en"] == "Dynamics, Mechanisms and Control (DMC)"
    assert cf["hzdr:facilities"][1]["title"]["en"] == "TELBE – superradiant THz sources (ELBE)"
    assert cf["hzdr:proposals"] == ["20231234", "HLD-2024/17"]
    assert cf["hzdr:experiment_period"] == "2024-03-04/2024-03-08"
    assert cf["hzdr:scicat_datasets"] == ["20.500.12345/abc-def"]

    published = owner_client.post(f"{API}/{res.json['id']}/draft/actions/publish")
    assert published.status_code == 202, published.json
    record = owner_client.get(f"{API}/{res.json['id']}").json
    assert record["custom_fields"]["hzdr:facilities"][0]["title"]["en"] == "IBC – Ion Beam Center"


@pytest.mark.parametrize("field,value", [
    ("hzdr:institutes", [{"id": "no-such-institute"}]),
    ("hzdr:programme", {"id": "aeronautics"}),
    ("hzdr:facilities", [{"id": "lhc"}]),
    ("hzdr:proposals", ["has spaces in it"]),
    ("hzdr:proposals", "not-a-list"),
    ("hzdr:experiment_period", "last spring"),
    ("hzdr:experiment_period", "2024-13-45"),
    ("hzdr:scicat_datasets", ["https://scicat.hzdr.de/datasets/20.500%2Fabc"]),
    ("hzdr:institutes", "iim"),
])
def test_bad_values_get_a_field_message(owner_client, minimal_record, hzdr_vocabularies, field, value):
    """Unknown vocabulary ids and malformed values: 400 naming the field, nothing stored."""
    before = owner_client.get("/api/user/records?q=&size=100").json["hits"]["total"]
    res = _draft(owner_client, minimal_record, {field: value})
    assert res.status_code == 400, res.json
    fields = {e["field"] for e in res.json["errors"]}
    assert any(f.startswith(f"custom_fields.{field}") for f in fields), res.json
    assert owner_client.get("/api/user/records?q=&size=100").json["hits"]["total"] == before


def test_bad_value_on_update_keeps_the_draft(owner_client, minimal_record, hzdr_vocabularies, hzdr_fields):
    """An update with an unknown id is refused and the stored draft keeps its values."""
    draft = _draft(owner_client, minimal_record, hzdr_fields).json
    bad = {**draft, "custom_fields": {**draft["custom_fields"], "hzdr:institutes": [{"id": "xyz"}]}}
    res = owner_client.put(f"{API}/{draft['id']}/draft", json=bad)
    assert res.status_code == 400, res.json
    kept = owner_client.get(f"{API}/{draft['id']}/draft").json
    assert [i["id"] for i in kept["custom_fields"]["hzdr:institutes"]] == ["iim", "hif"]


def test_staff_must_name_an_institute(owner_client, minimal_record, make_staff, hzdr_vocabularies):
    """HZDR policy: the draft of a staff member saves with a message; publishing is refused."""
    make_staff("owner")
    res = _draft(owner_client, minimal_record, {"hzdr:facilities": [{"id": "hld"}]})
    assert res.status_code == 201
    assert {"field": "custom_fields.hzdr:institutes",
            "messages": ["HZDR staff must name at least one HZDR institute or central department."]
            } in res.json["errors"]
    refused = owner_client.post(f"{API}/{res.json['id']}/draft/actions/publish")
    assert refused.status_code == 400, refused.json
    assert refused.json["errors"][0]["field"] == "custom_fields.hzdr:institutes"

    draft = owner_client.get(f"{API}/{res.json['id']}/draft").json
    draft["custom_fields"]["hzdr:institutes"] = [{"id": "hld"}]
    fixed = owner_client.put(f"{API}/{res.json['id']}/draft", json=draft)
    assert not fixed.json.get("errors")
    assert owner_client.post(f"{API}/{res.json['id']}/draft/actions/publish").status_code == 202


def test_others_may_leave_the_institute_out(owner_client, minimal_record, staff_role, hzdr_vocabularies):
    """Guests and partners (no staff role) publish without an institute."""
    res = _draft(owner_client, minimal_record, {})
    assert not res.json.get("errors")
    assert owner_client.post(f"{API}/{res.json['id']}/draft/actions/publish").status_code == 202
