"""`yinren check` and `yinren measures` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yinren.cli import _register, app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()
_register()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_graduate_renting_gets_300_yuan_with_reasons() -> None:
    code, out = run("check", str(EXAMPLES / "graduate-renting.json"), "--as-of", "2024-06-30")
    assert code == 0, out
    assert "第（十）条 高校毕业生租房补贴" in out
    assert "300元" in out
    assert "最长补贴24个月（已领1个月）" in out
    assert "租房补贴月标准 = 300元" in out  # the parameter used, with its value
    assert "可获现金合计：300元" in out


def test_english_and_json() -> None:
    code, out = run("check", str(EXAMPLES / "graduate-renting.json"), "--lang", "en")
    assert code == 0
    assert "Graduate rent subsidy" in out and "300 yuan" in out
    code, out = run("check", str(EXAMPLES / "employer-hires.json"), "--json")
    assert code == 0
    report = json.loads(out)
    hiring = next(m for m in report["measures"] if m["measure_id"] == "m04_hiring_subsidy")
    paid = [unit["amount_fen"] for unit in hiring["units"] if unit["eligible"]]
    assert paid == [150000, 150000]
    assert all(c["clause"] == "第（四）条" for unit in hiring["units"] for c in unit["conditions"])


def test_the_as_of_changes_the_answer() -> None:
    # In September 2023 only the July 2023 hire had happened; the 2024 hires do not exist yet.
    code, out = run("check", str(EXAMPLES / "employer-hires.json"), "--as-of", "2023-09-30", "--json")
    assert code == 0, out
    report = json.loads(out)
    hiring = next(m for m in report["measures"] if m["measure_id"] == "m04_hiring_subsidy")
    assert [(unit["eligible"], unit["amount_fen"]) for unit in hiring["units"]] == [(True, 150000)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "不是有效的 JSON"),
        ('{"person": {}, "enterprise": {}}', "只能有一个主体"),
        ("[]", "JSON 对象"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(content, encoding="utf-8")
    code, out = run("check", str(path))
    assert code in (1, 2)
    assert message in out


def test_a_wrong_id_names_table_row_column_and_rule(tmp_path: Path) -> None:
    document = json.loads((EXAMPLES / "graduate-renting.json").read_text(encoding="utf-8"))
    document["person"]["person_id"] = document["person"]["person_id"][:-1] + "0"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out = run("check", str(path))
    assert code == 1
    assert "persons" in out and "person_id" in out and "GB 11643" in out


def test_before_the_policy_date_is_refused() -> None:
    code, out = run("check", str(EXAMPLES / "graduate-renting.json"), "--as-of", "2023-08-23")
    assert code == 2
    assert "2023-08-24" in out


def test_measures_lists_fifteen_and_shows_one() -> None:
    code, out = run("measures")
    assert code == 0
    assert out.count("第（") >= 15
    code, out = run("measures", "m04_hiring_subsidy")
    assert code == 0
    assert "自 2024-01-01: 3个月" in out and "一次性扩岗补助" in out and "市人社局" in out
    code, out = run("measures", "m99_nothing")
    assert code == 2 and "m99_nothing" in out


def test_every_example_checks_cleanly() -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        code, out = run("check", str(path), "--json")
        assert code == 0, f"{path.name}: {out}"
