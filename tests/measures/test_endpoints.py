from __future__ import annotations

from yinren.demo import facts


def test_measures_name_their_lead_department(client) -> None:
    measures = {m["id"]: m for m in client.get("/api/measures").json()}
    assert measures["m10_graduate_rent"]["lead_department"] == "市人社局"
    assert measures["m08_lease_subsidy"]["lead_department"] == "市住建局"
    assert measures["m02_sme_award"]["lead_department"] == "市工信局"
    assert client.get("/api/measures/m99").status_code == 404


def test_calculator_needs_no_login(client) -> None:
    document = facts.graduate(5, facts.enterprise_id(1))
    report = client.post("/api/check", json={"as_of": "2024-06-30", **document}).json()
    rent = next(m for m in report["measures"] if m["measure_id"] == "m10_graduate_rent")
    assert rent["units"][0]["amount_fen"] == 30000 and rent["units"][0]["eligible"] is True
    english = client.post("/api/check", json={"as_of": "2024-06-30", "lang": "en", **document}).json()
    assert english["measures"][0]["title"] != report["measures"][0]["title"]


def test_calculator_refuses_bad_input_field_by_field(client) -> None:
    document = facts.graduate(5, facts.enterprise_id(1))
    document["person"]["person_id"] = "150102200003150000"  # wrong checksum
    response = client.post("/api/check", json={"as_of": "2024-06-30", **document})
    assert response.status_code == 422
    field = response.json()["error"]["fields"][0]
    assert field["field"].startswith("body.persons[1].person_id")
    assert field["message_zh"] and field["message_en"]
    both = client.post("/api/check", json={"person": {}, "enterprise": {}})
    assert both.status_code == 422 and "person" in both.json()["error"]["fields"][0]["message_zh"]
    early = client.post("/api/check", json={"as_of": "2020-01-01", **facts.graduate(5, facts.enterprise_id(1))})
    assert early.status_code == 422 and early.json()["error"]["fields"][0]["field"] == "body.as_of"
