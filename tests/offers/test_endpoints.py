from __future__ import annotations

import io

import polars as pl

ACCOUNT = "6222020200112233445"


def _parquet(rows: list[dict[str, object]]) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame(rows).write_parquet(buffer)
    return buffer.getvalue()


def _row(
    beneficiary: str, source: str, amount: int = 150_000, measure: str = "m04_hiring_subsidy"
) -> dict[str, object]:
    return {
        "measure_id": measure,
        "beneficiary_id": beneficiary,
        "source_id": source,
        "period": None,
        "value": str(amount),
        "amount_fen": amount,
        "kind": "cash",
        "lead_department": "市人社局",
        "policy_version": "hohhot_2023@test",
    }


def _import(client, admin, rows):  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/offers/import", files={"file": ("offers.parquet", _parquet(rows))}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_offer_lifecycle_import_confirm_accept_supersede(client, people) -> None:
    admin, firm = people.login("admin"), people.login("employer")
    head = people.login("department_head", department="市人社局")
    housing = people.login("reviewer", department="市住建局")
    hired = ["150102200201010017", "150102200201020018", "150102200201030019"]
    first = _import(client, admin, [_row(firm.enterprise_id, pid) for pid in hired] + [_row("x", "y", measure="m99")])
    assert (first["created"], len(first["rejected"])) == (3, 1)
    assert client.get("/api/offers", headers=firm.headers).json() == []  # not yet confirmed: not shown
    ids = [o["id"] for o in client.get("/api/offers", headers=head.headers).json()]
    assert (
        client.post("/api/offers/confirm", json={"offer_ids": ids}, headers=housing.headers).json()["confirmed"] == []
    )
    confirmed = client.post("/api/offers/confirm", json={"offer_ids": ids[:2]}, headers=head.headers).json()
    assert confirmed["confirmed"] == ids[:2]
    # A later run: the first hire unchanged, the third's amount changed → superseded, not edited.
    second = _import(client, admin, [_row(firm.enterprise_id, hired[0]), _row(firm.enterprise_id, hired[2], 100_000)])
    assert (second["unchanged"], second["superseded"], second["created"]) == (1, 1, 0)
    old = client.get(f"/api/offers/{ids[2]}", headers=head.headers).json()
    assert old["state"] == "superseded" and old["superseded_by_id"]
    no_account = client.post(f"/api/offers/{ids[0]}/accept", json={}, headers=firm.headers)
    assert no_account.status_code == 422
    accepted = client.post(f"/api/offers/{ids[0]}/accept", json={"payee_account": ACCOUNT}, headers=firm.headers)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    declined = client.post(f"/api/offers/{ids[1]}/decline", headers=firm.headers)
    assert declined.json()["state"] == "declined"
    payments = client.get("/api/payments", headers=firm.headers).json()
    assert [(p["offer_id"], p["amount_fen"], p["state"]) for p in payments] == [(ids[0], 150_000, "pending")]
    withdrawn = client.post(
        f"/api/offers/{old['superseded_by_id']}/withdraw", json={"reason": "合同已解除"}, headers=head.headers
    )
    assert withdrawn.json()["state"] == "withdrawn" and withdrawn.json()["reason"] == "合同已解除"
    assert client.post(f"/api/offers/{ids[0]}/withdraw", json={"reason": "x"}, headers=head.headers).status_code == 409


def test_another_beneficiary_cannot_accept(client, people) -> None:
    admin, firm, other = people.login("admin"), people.login("employer"), people.login("employer")
    head = people.login("department_head", department="市人社局")
    _import(client, admin, [_row(firm.enterprise_id, "150102200201010017")])
    client.post("/api/offers/confirm", json={"all_offered": True}, headers=head.headers)
    offer = client.get("/api/offers", headers=firm.headers).json()[0]["id"]
    response = client.post(f"/api/offers/{offer}/accept", json={"payee_account": ACCOUNT}, headers=other.headers)
    assert response.status_code == 404


def test_a_file_that_is_not_parquet_is_a_422(client, people) -> None:
    admin = people.login("admin")
    response = client.post("/api/offers/import", files={"file": ("x.parquet", b"not parquet")}, headers=admin.headers)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "body.file"
