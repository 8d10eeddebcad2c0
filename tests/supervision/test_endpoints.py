from __future__ import annotations

from tests.helpers import application_body


def test_supervisor_sees_everything_masked_and_reads_are_audited(client, people) -> None:
    resident = people.login("resident")
    supervisor = people.login("supervisor")
    case = client.post(
        "/api/applications", json=application_body(resident, submit=True), headers=resident.headers
    ).json()
    summary = client.get("/api/supervision/summary", headers=supervisor.headers).json()
    assert {"department": "市人社局", "measure_id": "m10_graduate_rent", "state": "submitted", "count": 1} in summary[
        "applications"
    ]
    listed = client.get("/api/supervision/applications", headers=supervisor.headers).json()
    assert [row["id"] for row in listed] == [case["id"]]
    assert resident.person_id not in str(listed)
    page = client.get(f"/api/applications/{case['id']}", headers=supervisor.headers).json()
    assert page["subject_id"] == resident.person_id
    log = client.get("/api/audit/log?object_type=application", headers=supervisor.headers).json()
    actions = [line["action"] for line in log]
    assert "read.case" in actions and "read.applications" in actions and "application.submitted" in actions
    assert client.get("/api/audit/verify", headers=supervisor.headers).json()["ok"] is True
