from __future__ import annotations

import csv
import io

import openpyxl
from typer.testing import CliRunner

from tests.offers.test_endpoints import ACCOUNT, _import, _row


def _accepted_entries(client, people, hired: list[str]):  # type: ignore[no-untyped-def]
    admin, firm = people.login("admin"), people.login("employer")
    head = people.login("department_head", department="市人社局")
    _import(client, admin, [_row(firm.enterprise_id, pid) for pid in hired])
    client.post("/api/offers/confirm", json={"all_offered": True}, headers=head.headers).raise_for_status()
    for offer in client.get("/api/offers", headers=firm.headers).json():
        client.post(f"/api/offers/{offer['id']}/accept", json={"payee_account": ACCOUNT}, headers=firm.headers)
    return admin, firm, head


def test_batch_export_pay_and_receipts(client, people, database_url, tmp_path) -> None:
    hired = ["150102200201010017", "150102200201020018"]
    admin, firm, head = _accepted_entries(client, people, hired)
    other_head = people.login("department_head", department="市住建局")
    batch = client.post("/api/batches", json={}, headers=head.headers)
    assert batch.status_code == 201, batch.text
    batch = batch.json()
    assert (batch["department"], batch["entry_count"], batch["total_fen"]) == ("市人社局", 2, 300_000)
    assert client.post("/api/batches", json={}, headers=head.headers).status_code == 409  # nothing left
    assert client.get(f"/api/batches/{batch['id']}", headers=other_head.headers).status_code == 403
    assert client.post("/api/batches", json={"department": "市人社局"}, headers=other_head.headers).status_code == 403

    export = client.get(f"/api/batches/{batch['id']}/export", headers=head.headers)
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:9] == (
        "序号",
        "条目编号",
        "措施编号",
        "措施名称",
        "主管部门",
        "受益人证件号",
        "来源编号",
        "所属期间",
        "金额（元）",
    )
    assert [r[6] for r in rows[2:4]] == ["150102********0017", "150102********0018"]  # hired persons masked
    assert rows[2][8] == 1500 and rows[4][8] == 3000  # 合计

    paid = client.post(f"/api/batches/{batch['id']}/pay", headers=admin.headers).json()
    assert (paid["paid_now"], paid["batch"]["state"]) == (2, "paid")
    again = client.post(f"/api/batches/{batch['id']}/pay", headers=admin.headers).json()
    assert (again["paid_now"], again["already_paid"]) == (0, 2)
    assert {o["state"] for o in client.get("/api/offers", headers=firm.headers).json()} == {"paid"}

    from yinren.cli import _ledger, app  # noqa: F401

    runner = CliRunner()
    out = tmp_path / "receipts.csv"
    result = runner.invoke(app, ["ledger", "receipts", "--out", str(out), "--database-url", database_url])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        receipts = list(csv.DictReader(handle))
    assert [r["source_id"] for r in receipts] == hired
    assert receipts[0]["amount"] == "1500.00" and receipts[0]["period"] == "" and receipts[0]["months"] == ""
    assert set(receipts[0]) == {"beneficiary_id", "measure_id", "amount", "months", "period", "paid_on", "source_id"}


def test_paid_application_becomes_paid_and_counts_as_a_receipt(client, people) -> None:
    from tests.helpers import application_body

    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    head = people.login("department_head", department="市人社局")
    admin = people.login("admin")
    case = client.post(
        "/api/applications", json=application_body(resident, submit=True), headers=resident.headers
    ).json()
    client.post(f"/api/review/cases/{case['id']}/decide", json={"decision": "approve"}, headers=reviewer.headers)
    batch = client.post("/api/batches", json={"measure_id": "m10_graduate_rent"}, headers=head.headers).json()
    client.post(f"/api/batches/{batch['id']}/pay", headers=admin.headers).raise_for_status()
    assert client.get(f"/api/applications/{case['id']}", headers=resident.headers).json()["state"] == "paid"
    # The same month again: the engine now sees the receipt and finds nothing to pay.
    again = client.post("/api/applications", json=application_body(resident, submit=True), headers=resident.headers)
    assert again.json()["precheck_eligible"] is False
