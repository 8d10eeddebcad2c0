"""The supervision pages without a browser: who may open what, the report form's refusals and corrections,
the admin's target pages, the export and the monthly report."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.helpers import PASSWORD
from yinren.supervision import service
from yinren.supervision.repository import SupervisionRepository


@pytest.fixture
def targets(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        service.load_targets(session)
    with db.transaction() as session:
        return {t.code: t.id for t in SupervisionRepository(session).targets()}


@pytest.fixture
def browse(client, people):  # type: ignore[no-untyped-def]
    """``browse(role, department)``: a new user logged in through the login form, as a page visitor."""
    opened: list[TestClient] = []

    def make(role: str, department: str | None = None) -> TestClient:
        username = f"page_{role}_{len(opened)}"
        people.create(role, department=department, username=username)
        visitor = TestClient(client.app)
        visitor.__enter__()
        opened.append(visitor)
        response = visitor.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
        assert response.status_code == 303, response.text
        visitor.headers["X-CSRF-Token"] = visitor.cookies["yinren_csrf"]
        return visitor

    yield make
    for visitor in opened:
        visitor.__exit__(None, None, None)


HTMX = {"HX-Request": "true"}


def _form(value: str, as_of: str, narrative: str = "月度进展。", **extra: str) -> dict[str, str]:
    return {"value": value, "as_of": as_of, "narrative": narrative, **extra}


def test_who_may_open_which_page(browse, targets) -> None:  # type: ignore[no-untyped-def]
    head = browse("department_head", "市人社局")
    supervisor = browse("supervisor")
    housing = browse("reviewer", "市住建局")
    assert head.get("/supervision").status_code == 403
    assert head.get("/supervision/export.xlsx").status_code == 403
    assert supervisor.get("/supervision/reports").status_code == 403  # supervisors report nothing
    assert (
        supervisor.post(f"/supervision/reports/{targets['m05-job-fairs']}", data=_form("1", "2024-05-01")).status_code
        == 403
    )
    assert supervisor.post(f"/supervision/targets/{targets['m05-job-fairs']}", data={"reason": "x"}).status_code == 403
    assert supervisor.get("/supervision").status_code == 200
    assert head.get("/supervision/departments/市人社局").status_code == 200
    assert housing.get("/supervision/departments/市人社局").status_code == 403
    assert housing.get(f"/supervision/reports/{targets['m05-job-fairs']}").status_code == 404
    page = head.get("/supervision/reports").text
    assert "m05-job-fairs" in page and "m07-public-rental" not in page
    assert supervisor.get("/supervision/measures/m99").status_code == 404


def test_the_form_refuses_bad_values_keeps_them_and_saves_good_ones(browse, targets) -> None:  # type: ignore[no-untyped-def]
    head = browse("department_head", "市教育局")
    target = targets["m12-kindergarten-coverage"]
    tomorrow = (service.local_today() + timedelta(days=1)).isoformat()
    refused = head.post(f"/supervision/reports/{target}", data=_form("0.95", tomorrow, "覆盖率"), headers=HTMX)
    assert refused.status_code == 422
    assert 'id="f-value-error"' in refused.text and "是否应为 95" in refused.text
    assert "不能晚于今天" in refused.text
    assert 'value="0.95"' in refused.text and 'value="' + tomorrow + '"' in refused.text and "覆盖率" in refused.text
    not_a_number = head.post(f"/supervision/reports/{target}", data=_form("九十", "2024-05-01"), headers=HTMX)
    assert not_a_number.status_code == 422 and "请填写数字" in not_a_number.text
    saved = head.post(
        f"/supervision/reports/{target}",
        data=_form("88.5", "2024-05-01"),
        files={"evidence": ("统计表.csv", io.BytesIO(b"a,b\n1,2\n"), "text/csv")},
        headers=HTMX,
    )
    assert saved.status_code == 200 and "已保存进度报告" in saved.text and "统计表.csv" in saved.text
    assert saved.text.lstrip().startswith('<div id="report-panel"')  # the fragment HTMX swaps in
    link = re.search(r'href="(/supervision/evidence/\d+)"', saved.text)
    assert link is not None
    download = head.get(link.group(1))
    assert download.status_code == 200 and download.content == b"a,b\n1,2\n"
    assert browse("reviewer", "市住建局").get(link.group(1)).status_code == 404  # another department's file
    wrong_file = head.post(
        f"/supervision/reports/{target}",
        data=_form("89", "2024-06-01"),
        files={"evidence": ("run.exe", io.BytesIO(b"MZ"), "application/octet-stream")},
        headers=HTMX,
    )
    assert wrong_file.status_code == 422 and "类型不支持" in wrong_file.text


def test_a_correction_through_the_page_keeps_the_earlier_report(browse, targets) -> None:  # type: ignore[no-untyped-def]
    head = browse("department_head", "市人社局")
    target = targets["m05-trainee-bases"]
    head.post(f"/supervision/reports/{target}", data=_form("12", "2024-05-31"))
    reports = head.get(f"/api/supervision/targets/{target}/reports").json()
    first = reports[0]["id"]
    form = head.get(f"/supervision/reports/{target}?correct={first}").text
    assert "更正报告" in form and 'name="corrects"' in form and 'value="12"' in form
    no_reason = head.post(f"/supervision/reports/{target}", data=_form("21", "2024-05-31", corrects=str(first)))
    assert no_reason.status_code == 422 and "更正须说明原因" in no_reason.text
    fixed = head.post(
        f"/supervision/reports/{target}",
        data=_form("21", "2024-05-31", corrects=str(first), reason="漏统计了旗县基地。"),
    )
    assert fixed.status_code == 200 and "已更正，原报告已保留" in fixed.text and "已被更正" in fixed.text
    values = [
        (r["value"], r["superseded_at"] is None) for r in head.get(f"/api/supervision/targets/{target}/reports").json()
    ]
    assert values == [(21, True), (12, False)]


def test_a_page_post_without_the_csrf_token_is_refused(browse, targets) -> None:  # type: ignore[no-untyped-def]
    head = browse("department_head", "市人社局")
    del head.headers["X-CSRF-Token"]
    response = head.post(f"/supervision/reports/{targets['m05-job-fairs']}", data=_form("1", "2024-05-01"))
    assert response.status_code == 403


def test_the_admin_changes_and_retires_a_target_on_its_page(browse, targets) -> None:  # type: ignore[no-untyped-def]
    admin = browse("admin")
    target = targets["m13-group-coverage"]
    page = admin.get(f"/supervision/targets/{target}").text
    assert "修改目标" in page and 'value="70"' in page
    form: dict[str, Any] = {"target_value": "75", "reason": ""}
    no_reason = admin.post(f"/supervision/targets/{target}", data=form)
    assert no_reason.status_code == 422 and 'value="75"' in no_reason.text
    changed = admin.post(f"/supervision/targets/{target}", data={"target_value": "75", "reason": "市教育局调高目标。"})
    assert changed.status_code == 200 and "已保存修改" in changed.text and "v2" in changed.text
    retired = admin.post(f"/supervision/targets/{target}/retire", data={"retired_on": "2025-01-01", "reason": "合并。"})
    assert retired.status_code == 200 and "停止跟踪" in retired.text
    revisions = admin.get(f"/api/supervision/targets/{target}/revisions").json()
    assert [r["action"] for r in revisions] == ["retired", "changed", "created"]
    added = admin.post(
        "/supervision/targets",
        data={
            "code": "m15-daycare-places",
            "measure": "m15",
            "indicator_zh": "新增普惠托位",
            "indicator_en": "New affordable daycare places",
            "kind": "count",
            "unit": "%",
            "cadence": "once",
            "target_value": "2000",
            "baseline_value": "0",
            "baseline_date": "2024-01-01",
            "start_date": "2024-01-01",
            "deadline": "2025-12-31",
            "lead_department": "市卫健委",
            "source": "演示",
        },
    )
    assert added.status_code == 422 and 'id="f-unit-error"' in added.text and 'value="新增普惠托位"' in added.text


def test_the_export_and_the_monthly_report(browse, targets) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    supervisor = browse("supervisor")
    export = supervisor.get("/supervision/export.xlsx?as_of=2024-06-30")
    assert export.status_code == 200 and export.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content))["目标进度 Targets"]
    assert sheet.max_row == 41
    report = supervisor.get("/supervision/report?month=2024-06")
    assert report.status_code == 200 and "window.print()" in report.text and report.text.count('class="chart"') >= 2
    assert "数据截至 2024-06-30" in report.text
    assert supervisor.get("/supervision/report?month=2024-13").status_code == 422
