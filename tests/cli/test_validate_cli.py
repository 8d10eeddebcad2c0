"""`yinren validate DIR` as a data officer runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yinren.cli import _register, app

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "extract_clean"
runner = CliRunner()
_register()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, result.output


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The clean extract with two problems: a wrong ID check character (persons row 2) and a bad date
    (receipts row 1)."""
    directory = tmp_path / "extract"
    shutil.copytree(CLEAN, directory)
    persons = directory / "persons.csv"
    lines = persons.read_text(encoding="utf-8").splitlines()
    person_id = lines[2].split(",")[0]
    lines[2] = lines[2].replace(person_id, person_id[:-1] + ("0" if person_id[-1] != "0" else "1"), 1)
    persons.write_text("\n".join(lines) + "\n", encoding="utf-8")
    receipts = directory / "receipts.csv"
    receipts.write_text(receipts.read_text(encoding="utf-8").replace("2024-05-10", "2024-05-32"), encoding="utf-8")
    return directory


def test_a_clean_extract_exits_0() -> None:
    code, out = run(str(CLEAN))
    assert code == 0, out
    assert "未发现问题" in out and "13" in out
    code, out = run(str(CLEAN), "--lang", "en")
    assert code == 0 and "No problems" in out


def test_problems_are_listed_and_counted_and_exit_1(broken: Path) -> None:
    code, out = run(str(broken))
    assert code == 1, out
    assert "persons" in out and "person_id_checksum" in out and "person_id" in out
    assert "receipts" in out and "type" in out and "paid_on" in out
    assert "身份证号校验位错误（GB 11643）" in out
    assert "按表和规则计数" in out and "共 2 个问题" in out
    code, out = run(str(broken), "--lang", "en")
    assert code == 1 and "ID number checksum fails (GB 11643)" in out and "2 problems" in out


def test_json_names_table_row_column_and_rule(broken: Path) -> None:
    code, out = run(str(broken), "--json", "--lang", "en")
    assert code == 1
    report = json.loads(out)
    assert report["total"] == 2 and report["shown"] == 2
    assert [(p["table"], p["row"], p["column"], p["rule"]) for p in report["problems"]] == [
        ("persons", 2, "person_id", "person_id_checksum"),
        ("receipts", 1, "paid_on", "type"),
    ]
    first = report["problems"][0]
    assert first["message"] == first["message_en"] == "persons row 2, person_id: ID number checksum fails (GB 11643)"
    assert first["message_zh"] == "persons 第2行 person_id：身份证号校验位错误（GB 11643）"
    assert {"table": "receipts", "rule": "type", "count": 1} in report["counts"]
    assert report["rows_parsed"]["receipts"] == 0 and report["rows_parsed"]["persons"] == 3


def test_limit_lists_fewer_but_counts_all(broken: Path) -> None:
    code, out = run(str(broken), "--json", "--limit", "1")
    report = json.loads(out)
    assert code == 1 and report["total"] == 2 and report["shown"] == 1 and len(report["problems"]) == 1
    code, out = run(str(broken), "--limit", "1")
    assert code == 1 and "另有 1 个问题未列出" in out


def test_csv_output(broken: Path, tmp_path: Path) -> None:
    target = tmp_path / "problems.csv"
    code, _ = run(str(broken), "--csv", str(target))
    assert code == 1
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "table,row,column,rule,value,message_zh,message_en"
    assert "persons,2,person_id,person_id_checksum" in text


def test_a_missing_directory_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "找不到目录" in result.output and "no such directory" in result.output


def test_an_unknown_language_exits_2() -> None:
    code, _ = run(str(CLEAN), "--lang", "fr")
    assert code == 2
