"""`run_match` end to end on a small city: the files, their agreement, bad rows and atomic output."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from yinren.matching import MatchError, MatchResult, run_match
from yinren.matching import run as run_module
from yinren.matching.offers import SCHEMA, evaluation_offers
from yinren.matching.rosters import CSV_HEADERS, HEADERS, TOTAL
from yinren.rules import Policy, Tables, evaluate
from yinren.synth import BAD_ROW_KINDS

from .conftest import AS_OF, BAD_ROWS, PERIOD

GENERATED = datetime(2024, 7, 1, 9, 0, 0)


@pytest.fixture(scope="module")
def clean_run(city_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> MatchResult:
    return run_match(city_dir, PERIOD, tmp_path_factory.mktemp("runs") / "run", generated_at=GENERATED)


def fen(text: str) -> int:
    whole, _, cents = text.partition(".")
    return int(whole) * 100 + int(cents or 0)


def test_the_run_writes_every_file(clean_run: MatchResult) -> None:
    out = clean_run.out
    names = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert names == set(clean_run.files)
    for name in ("offers.parquet", "summary.csv", "summary_departments.csv", "summary.json", "rejected.csv"):
        assert name in names
    assert {"rosters/市人社局.xlsx", "rosters/市人社局.csv", "rosters/市住建局.xlsx", "rosters/市卫健委.xlsx"} <= names
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == clean_run.run_id and manifest["period"] == PERIOD
    assert manifest["as_of"] == AS_OF.isoformat() and manifest["offers"] == clean_run.offers
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")], "no temporary directory is left"


def test_offers_are_the_engines_with_source_and_policy(clean_run: MatchResult, valid: Tables, policy: Policy) -> None:
    offers = pl.read_parquet(clean_run.out / "offers.parquet")
    assert dict(offers.schema) == SCHEMA
    expected = evaluation_offers(evaluate(valid, AS_OF, policy=policy))
    assert offers.equals(expected)
    assert offers["policy_version"].unique().to_list() == [policy.version]
    assert offers["as_of"].unique().to_list() == [AS_OF]
    tables = dict(offers.group_by("measure_id").agg(pl.col("source_table").first()).iter_rows())
    assert tables["m04_hiring_subsidy"] == "employments"
    assert tables["m09_deed_tax_subsidy"] == "home_purchases"
    assert tables["m15_childcare_allowance"] == "births"


def test_summary_totals_equal_the_offers(clean_run: MatchResult, policy: Policy) -> None:
    offers = pl.read_parquet(clean_run.out / "offers.parquet")
    summary = pl.read_csv(clean_run.out / "summary.csv", schema_overrides={"amount_yuan": pl.String})
    assert summary["measure_id"].to_list() == [m.id for m in policy.measures]
    for row in summary.iter_rows(named=True):
        mine = offers.filter(pl.col("measure_id") == row["measure_id"])
        assert row["offers"] == mine.height
        assert row["beneficiaries"] == mine["beneficiary_id"].n_unique()
        assert row["amount_fen"] == int(mine["amount_fen"].sum()) == fen(row["amount_yuan"])
    departments = pl.read_csv(clean_run.out / "summary_departments.csv", schema_overrides={"amount_yuan": pl.String})
    for row in departments.iter_rows(named=True):
        mine = offers.filter(pl.col("lead_department") == row["lead_department"])
        assert row["offers"] == mine.height
        assert row["beneficiaries"] == mine["beneficiary_id"].n_unique()
        assert row["amount_fen"] == int(mine["amount_fen"].sum())
    document = json.loads((clean_run.out / "summary.json").read_text(encoding="utf-8"))
    assert document["total"]["offers"] == offers.height
    assert document["total"]["amount_fen"] == int(offers["amount_fen"].sum()) == clean_run.summary.amount_fen


def test_rosters_have_chinese_headers_and_totals_equal_to_the_summary(clean_run: MatchResult, policy: Policy) -> None:
    summary = pl.read_csv(clean_run.out / "summary.csv", schema_overrides={"amount_yuan": pl.String})
    amounts = dict(summary.select("measure_id", "amount_fen").iter_rows())
    counts = dict(summary.select("measure_id", "offers").iter_rows())
    cash = [m for m in policy.measures if m.kind == "cash"]
    for department in {m.lead_department for m in cash}:
        measures = [m for m in cash if m.lead_department == department]
        book = openpyxl.load_workbook(clean_run.out / "rosters" / f"{department}.xlsx", read_only=True)
        cover, *sheets = book.worksheets
        facts = {row[0]: row[1] for row in cover.iter_rows(values_only=True) if row and row[0]}
        assert facts["批次"] == clean_run.run_id
        assert facts["生成时间"] == "2024-07-01 09:00:00"
        assert facts["发放名单"] == department
        assert round(facts["金额合计（元）"] * 100) == sum(amounts[m.id] for m in measures)
        assert len(sheets) == len(measures)
        for measure, sheet in zip(measures, sheets, strict=True):
            rows = list(sheet.iter_rows(values_only=True))
            assert rows[0] == HEADERS
            body, total = rows[1:-1], rows[-1]
            assert total[0] == TOTAL
            assert round(total[7] * 100) == amounts[measure.id]
            assert len(body) == counts[measure.id]
            assert [r[0] for r in body] == list(range(1, len(body) + 1))
            assert all(r[1] == measure.title_zh and r[2] == measure.clause for r in body)
            assert round(sum(r[7] for r in body) * 100) == amounts[measure.id]
            assert all(isinstance(r[3], str) and r[3] for r in body), "ids are text, never numbers"
        book.close()
        csv = pl.read_csv(clean_run.out / "rosters" / f"{department}.csv", infer_schema=False, encoding="utf8")
        assert tuple(csv.columns) == CSV_HEADERS
        assert sum(fen(v) for v in csv["金额（元）"]) == sum(amounts[m.id] for m in measures)
        assert (clean_run.out / "rosters" / f"{department}.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_rosters_name_the_beneficiaries(clean_run: MatchResult, valid: Tables) -> None:
    csv = pl.read_csv(clean_run.out / "rosters" / "市人社局.csv", infer_schema=False)
    names = dict(valid["enterprises"].select("enterprise_id", "name").iter_rows())
    hires = csv.filter(pl.col("措施编号") == "m04_hiring_subsidy")
    assert hires.height > 0
    for row in hires.iter_rows(named=True):
        assert row["受益人名称"] == names[row["受益人证件号码/统一社会信用代码"]]


def test_bad_rows_are_rejected_without_stopping_or_changing_the_run(
    bad_city_dir: Path, clean_run: MatchResult, tmp_path: Path
) -> None:
    result = run_match(bad_city_dir, PERIOD, tmp_path / "run", generated_at=GENERATED)
    rejected = pl.read_csv(result.out / "rejected.csv", infer_schema=False)
    assert list(rejected.columns) == ["table", "row", "column", "rule", "value", "message_zh", "message_en"]
    clean_rejected = pl.read_csv(clean_run.out / "rejected.csv", infer_schema=False)
    injected = rejected.join(clean_rejected, on=list(rejected.columns), how="anti")
    assert injected.select("table", "row").unique().height == BAD_ROWS
    assert result.rejected - clean_run.rejected == injected.height
    places = {(row["table"], row["column"]) for row in injected.iter_rows(named=True)}
    assert places == {(kind.split(":")[0], _column(kind)) for kind in BAD_ROW_KINDS}
    assert all(
        row["message_zh"] and row["message_en"] and int(row["row"]) > 0 for row in injected.iter_rows(named=True)
    )
    # The valid rows are unchanged, so the offers are the clean city's, row for row.
    assert pl.read_parquet(result.out / "offers.parquet").equals(pl.read_parquet(clean_run.out / "offers.parquet"))


def _column(kind: str) -> str:
    rule = kind.partition(":")[2]
    return {
        "person_id_checksum": "person_id",
        "education_level_unknown": "education_level",
        "enterprise_id_checksum": "enterprise_id",
        "size_unknown": "size",
        "property_kind_unknown": "property_kind",
    }[rule]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _boom(*args: object, **kwargs: object) -> list[Path]:
    out = args[-1]
    assert isinstance(out, Path)
    out.mkdir(parents=True, exist_ok=True)
    (out / "市人社局.xlsx").write_bytes(b"half a roster")
    raise OSError("disk full")


def test_a_failure_while_writing_leaves_no_output(
    city_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_module, "write_rosters", _boom)
    with pytest.raises(OSError, match="disk full"):
        run_match(city_dir, PERIOD, tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


def test_a_failure_leaves_the_previous_run_untouched(
    city_dir: Path, clean_run: MatchResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "run"
    first = run_match(city_dir, PERIOD, out, generated_at=GENERATED)
    before = _snapshot(out)
    monkeypatch.setattr(run_module, "write_rosters", _boom)
    with pytest.raises(OSError):
        run_match(city_dir, PERIOD, out)
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["run"]
    monkeypatch.undo()
    second = run_match(city_dir, PERIOD, out, generated_at=datetime(2024, 8, 1))
    assert second.run_id == first.run_id
    assert _snapshot(out)["offers.parquet"] == before["offers.parquet"]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_an_interrupted_run_leaves_no_output(city_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "summarize", interrupt)
    with pytest.raises(KeyboardInterrupt):
        run_match(city_dir, PERIOD, tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


def test_a_directory_that_is_not_a_run_is_never_replaced(city_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(MatchError, match="refusing"):
        run_match(city_dir, PERIOD, out)
    assert _snapshot(out) == {"thesis.tex": b"years of work"}
    assert [p.name for p in tmp_path.iterdir()] == ["precious"]


def test_leftovers_of_a_killed_run_are_cleared(city_dir: Path, tmp_path: Path) -> None:
    stale = tmp_path / ".run.tmp-deadbeef0000"
    stale.mkdir()
    (stale / "offers.parquet").write_bytes(b"partial")
    run_match(city_dir, PERIOD, tmp_path / "run")
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_a_city_that_cannot_be_read_fails(tmp_path: Path) -> None:
    with pytest.raises(MatchError):
        run_match(tmp_path / "nowhere", PERIOD, tmp_path / "run")
    with pytest.raises(MatchError, match="YYYY-MM"):
        run_match(tmp_path, "June", tmp_path / "run")
    assert not (tmp_path / "run").exists()
