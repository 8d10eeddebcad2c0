"""Targets as data, progress reports and their corrections, and who may do what (督查督办 JSON API)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from yinren.supervision import service
from yinren.supervision.catalogue import load_seed


@pytest.fixture
def targets(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The seed loaded; code → id."""
    with db.transaction() as session:
        service.load_targets(session)
    with db.transaction() as session:
        from yinren.supervision.repository import SupervisionRepository

        return {t.code: t.id for t in SupervisionRepository(session).targets()}


def _report(value: Any, as_of: date | str | None = None, narrative: str = "按月报告。") -> dict[str, Any]:
    return {"value": value, "as_of": str(as_of or service.local_today()), "narrative": narrative}


def _fields(response: Any) -> dict[str, str]:
    return {f["field"]: f["message_zh"] + " | " + f["message_en"] for f in response.json()["error"]["fields"]}


def test_the_seed_holds_every_target_of_spec_section_4_and_loads_once(db, targets) -> None:  # type: ignore[no-untyped-def]
    seed = load_seed()
    assert len(targets) == len(seed.targets) == 40
    assert {m.id for m in seed.measures} == {"headline", *(f"m{n:02d}" for n in range(1, 19))}
    for row in seed.targets:
        assert row["source"] and ("第（" in row["source"] or "通知序言" in row["source"]), row["code"]
    with db.transaction() as session:
        again = service.load_targets(session)
    assert again == {"created": 0, "changed": 0, "unchanged": 40, "published": 0}


def test_population_target_and_published_figures(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    supervisor = people.login("supervisor")
    board = client.get("/api/supervision/board?as_of=2024-06-30", headers=supervisor.headers).json()
    population = next(t for t in board["targets"] if t["target"]["code"] == "headline-population")
    assert population["target"]["target_value"] == 3_750_000 and population["target"]["baseline_value"] == 3_446_100
    assert population["actual"] == 3_604_100
    years = {row["year"]: row for row in board["population"]}
    assert years[2020]["actual"] == 3_446_100 and years[2025]["required"] == 3_750_000
    assert years[2023]["actual_growth"] == 53_000
    assert years[2023]["required_growth"] > years[2023]["actual_growth"]


def test_a_department_reports_on_its_own_targets_only(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    hr = people.login("department_head", department="市人社局")
    housing = people.login("reviewer", department="市住建局")
    supervisor = people.login("supervisor")
    fairs = targets["m05-job-fairs"]
    created = client.post(f"/api/supervision/targets/{fairs}/reports", json=_report(3), headers=hr.headers)
    assert created.status_code == 201, created.text
    refused = client.post(f"/api/supervision/targets/{fairs}/reports", json=_report(3), headers=housing.headers)
    assert refused.status_code == 404  # not its target: not even shown
    co_led = targets["m01-jobs"]  # 市人社局 is co-responsible: may read, not report
    assert client.get(f"/api/supervision/targets/{co_led}", headers=hr.headers).status_code == 200
    refused = client.post(f"/api/supervision/targets/{co_led}/reports", json=_report(3), headers=hr.headers)
    assert refused.status_code == 403 and "市工信局" in refused.json()["error"]["message_zh"]
    assert (
        client.post(
            f"/api/supervision/targets/{fairs}/reports", json=_report(3), headers=supervisor.headers
        ).status_code
        == 403
    )
    listed = client.get("/api/supervision/targets", headers=housing.headers).json()
    assert {t["target"]["lead_department"] for t in listed} == {"市住建局"} | (
        {t["target"]["lead_department"] for t in listed if "市住建局" in t["target"]["co_departments"]}
    )
    assert all(t["target"]["code"] != "m05-job-fairs" for t in listed)
    assert len(client.get("/api/supervision/targets", headers=supervisor.headers).json()) == 40
    assert client.get("/api/supervision/board", headers=hr.headers).status_code == 403


def test_the_admin_reports_only_for_units_without_accounts(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    admin = people.login("admin")
    population = targets["headline-population"]
    ok = client.post(f"/api/supervision/targets/{population}/reports", json=_report(3_700_000), headers=admin.headers)
    assert ok.status_code == 201, ok.text
    fairs = targets["m05-job-fairs"]
    assert (
        client.post(f"/api/supervision/targets/{fairs}/reports", json=_report(1), headers=admin.headers).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("code", "value", "as_of", "field", "says"),
    [
        ("m05-job-fairs", -1, None, "value", "不能为负数"),
        ("m05-job-fairs", 12.5, None, "value", "请填写整数"),
        ("m12-kindergarten-coverage", 0.95, None, "value", "是否应为 95"),
        ("m12-kindergarten-coverage", 101, None, "value", "不能超过 100"),
        ("m18-residence-permit", 2, None, "value", "1（已完成）或 0"),
        ("m05-job-fairs", 5, "tomorrow", "as_of", "不能晚于今天"),
        ("m05-job-fairs", 5, "2020-01-01", "as_of", "不能早于该目标的基线日期"),
    ],
)
def test_bad_reports_are_refused_with_a_message_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    client, people, targets, code, value, as_of, field, says
) -> None:
    heads = {"m05-job-fairs": "市人社局", "m12-kindergarten-coverage": "市教育局", "m18-residence-permit": "市公安局"}
    head = people.login("department_head", department=heads[code])
    when = service.local_today() + timedelta(days=1) if as_of == "tomorrow" else as_of
    target = targets[code]
    response = client.post(
        f"/api/supervision/targets/{target}/reports", json=_report(value, when), headers=head.headers
    )
    assert response.status_code == 422
    fields = _fields(response)
    assert says in fields[field]
    assert client.get(f"/api/supervision/targets/{target}/reports", headers=head.headers).json() == []


def test_a_correction_supersedes_and_keeps_the_earlier_report(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    hr = people.login("department_head", department="市人社局")
    supervisor = people.login("supervisor")
    target = targets["m05-job-fairs"]
    first = client.post(f"/api/supervision/targets/{target}/reports", json=_report(5), headers=hr.headers).json()
    missing_reason = client.post(
        f"/api/supervision/reports/{first['id']}/correct", json=_report(50), headers=hr.headers
    )
    assert missing_reason.status_code == 422
    body = {**_report(50), "reason": "漏报了线上招聘会。"}
    second = client.post(f"/api/supervision/reports/{first['id']}/correct", json=body, headers=hr.headers)
    assert second.status_code == 201, second.text
    assert second.json()["supersedes_id"] == first["id"] and second.json()["correction_reason"] == "漏报了线上招聘会。"
    again = client.post(f"/api/supervision/reports/{first['id']}/correct", json=body, headers=hr.headers)
    assert again.status_code == 409
    history = client.get(f"/api/supervision/targets/{target}/reports", headers=supervisor.headers).json()
    assert [(r["value"], r["superseded_at"] is not None) for r in history] == [(50, False), (5, True)]
    status = client.get("/api/supervision/targets?measure=m05", headers=supervisor.headers).json()
    fairs = next(s for s in status if s["target"]["id"] == target)
    assert fairs["actual"] == 50


def test_the_status_colour_follows_the_reports(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    hr = people.login("department_head", department="市人社局")
    target = targets["m05-internship-posts"]  # 1,000 a year

    def status() -> str:
        rows = client.get("/api/supervision/targets?measure=m05&as_of=2024-07-01", headers=hr.headers).json()
        return str(next(s for s in rows if s["target"]["id"] == target)["status"])

    assert status() == "no_data"
    client.post(f"/api/supervision/targets/{target}/reports", json=_report(100, "2024-07-01"), headers=hr.headers)
    assert status() == "red"  # expected ≈ 497 by 1 July 2024
    client.post(f"/api/supervision/targets/{target}/reports", json=_report(450, "2024-07-01"), headers=hr.headers)
    assert status() == "amber"
    client.post(f"/api/supervision/targets/{target}/reports", json=_report(520, "2024-07-01"), headers=hr.headers)
    assert status() == "green"


def test_overdue_reports_show_to_the_department_and_the_supervisor(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    hr = people.login("department_head", department="市人社局")
    supervisor = people.login("supervisor")
    target = targets["m05-job-fairs"]
    client.post(f"/api/supervision/targets/{target}/reports", json=_report(40, "2024-04-30"), headers=hr.headers)
    for who in (hr, supervisor):
        rows = client.get("/api/supervision/targets?as_of=2024-06-06", headers=who.headers).json()
        fairs = next(s for s in rows if s["target"]["id"] == target)
        assert fairs["overdue"] == {"month": "2024-05", "due": "2024-06-05", "days": 1}
    rows = client.get("/api/supervision/targets?as_of=2024-06-05", headers=hr.headers).json()
    assert next(s for s in rows if s["target"]["id"] == target)["overdue"] is None


def test_the_admin_changes_a_target_with_history_and_retires_it(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    admin = people.login("admin")
    supervisor = people.login("supervisor")
    target = targets["headline-urban-population"]
    changed = client.patch(
        f"/api/supervision/targets/{target}",
        json={"baseline_value": 2_600_000, "baseline_date": "2023-12-31", "reason": "市统计局公布了城区常住人口。"},
        headers=admin.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2 and changed.json()["baseline_value"] == 2_600_000
    bad = client.patch(
        f"/api/supervision/targets/{target}", json={"target_value": 100, "reason": "试一下"}, headers=admin.headers
    )
    assert bad.status_code == 422 and "目标值应大于基线" in _fields(bad)["target_value"]
    nothing = client.patch(
        f"/api/supervision/targets/{target}",
        json={"baseline_value": 2_600_000, "reason": "再存一次"},
        headers=admin.headers,
    )
    assert nothing.status_code == 422
    assert (
        client.patch(
            f"/api/supervision/targets/{target}", json={"target_value": 1, "reason": "x"}, headers=supervisor.headers
        ).status_code
        == 403
    )
    retired = client.post(
        f"/api/supervision/targets/{target}/retire",
        json={"retired_on": "2024-01-01", "reason": "并入常住人口目标。"},
        headers=admin.headers,
    )
    assert retired.status_code == 200 and retired.json()["retired_on"] == "2024-01-01"
    revisions = client.get(f"/api/supervision/targets/{target}/revisions", headers=supervisor.headers).json()
    assert [(r["version"], r["action"]) for r in revisions] == [(3, "retired"), (2, "changed"), (1, "created")]
    assert revisions[1]["snapshot"]["baseline_value"] == 2_600_000 and revisions[2]["snapshot"]["baseline_value"] == 0
    board = client.get("/api/supervision/board?as_of=2024-06-30", headers=supervisor.headers).json()
    assert target not in [t["target"]["id"] for t in board["targets"]]
    assert client.get(f"/api/supervision/targets/{target}", headers=supervisor.headers).json()["retired_on"]


def test_the_admin_adds_a_target_checked_against_its_unit(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    admin = people.login("admin")
    body = {
        "code": "m15-daycare-places",
        "measure": "m15",
        "indicator_zh": "新增普惠托位",
        "indicator_en": "New affordable daycare places",
        "unit": "%",
        "kind": "count",
        "target_value": 2000,
        "baseline_date": "2024-01-01",
        "start_date": "2024-01-01",
        "deadline": "2025-12-31",
        "lead_department": "市卫健委",
        "source": "演示：市卫健委年度计划",
    }
    wrong_unit = client.post("/api/supervision/targets", json=body, headers=admin.headers)
    assert wrong_unit.status_code == 422 and "unit" in _fields(wrong_unit)
    created = client.post("/api/supervision/targets", json={**body, "unit": "个"}, headers=admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["clause"] == "第（十五）条" and created.json()["version"] == 1
    taken = client.post("/api/supervision/targets", json={**body, "unit": "个"}, headers=admin.headers)
    assert taken.status_code == 422 and "code" in _fields(taken)


def test_evidence_is_added_to_a_current_report_and_read_by_the_supervisor(client, people, targets) -> None:  # type: ignore[no-untyped-def]
    hr = people.login("department_head", department="市人社局")
    supervisor = people.login("supervisor")
    target = targets["m05-job-fairs"]
    report = client.post(f"/api/supervision/targets/{target}/reports", json=_report(8), headers=hr.headers).json()
    files = [("files", ("招聘会签到表.pdf", b"%PDF-1.4 demo", "application/pdf"))]
    added = client.post(f"/api/supervision/reports/{report['id']}/evidence", files=files, headers=hr.headers)
    assert added.status_code == 201, added.text
    [evidence] = added.json()["evidence"]
    assert evidence["filename"] == "招聘会签到表.pdf" and evidence["size_bytes"] == 13
    download = client.get(f"/api/supervision/evidence/{evidence['id']}", headers=supervisor.headers)
    assert download.status_code == 200 and download.content == b"%PDF-1.4 demo"
    big = [("files", ("big.pdf", b"0" * (5 * 1024 * 1024 + 1), "application/pdf"))]
    refused = client.post(f"/api/supervision/reports/{report['id']}/evidence", files=big, headers=hr.headers)
    assert refused.status_code == 422 and "超过 5 MB" in _fields(refused)["evidence"]
    by_supervisor = client.post(
        f"/api/supervision/reports/{report['id']}/evidence", files=files, headers=supervisor.headers
    )
    assert by_supervisor.status_code == 403


def test_a_changed_seed_revises_the_target_and_says_why(db, targets, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from yinren.supervision.catalogue import TARGETS_YAML
    from yinren.supervision.repository import SupervisionRepository

    changed = tmp_path / "targets.yaml"
    text = TARGETS_YAML.read_text(encoding="utf-8").replace('version: "2023-08-24"', 'version: "2027-01-01"')
    changed.write_text(
        text.replace("unit: 套, kind: count, target_value: 4000", "unit: 套, kind: count, target_value: 4500")
    )
    with db.transaction() as session:
        counts = service.load_targets(session, path=changed)
    assert counts == {"created": 0, "changed": 1, "unchanged": 39, "published": 0}
    with db.transaction() as session:
        target = SupervisionRepository(session).target(targets["m07-public-rental"])
        assert target is not None and target.target_value == 4500 and target.version == 2
        latest, first = SupervisionRepository(session).revisions(target.id)
        assert (latest.reason, latest.snapshot["target_value"]) == ("targets.yaml 2027-01-01", 4500)
        assert first.snapshot["target_value"] == 4000
