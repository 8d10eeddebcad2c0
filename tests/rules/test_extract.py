"""Reading an extract directory: files, parsing, problems with their original row numbers, and nothing half-loaded."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from yinren.rules._checksums import make_person_id
from yinren.rules._extract import read_extract, split_valid, write_problems_csv
from yinren.rules._schema import TABLES
from yinren.rules._tables import Tables
from yinren.rules._validate import Problem, validate

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "extract_clean"


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    directory = tmp_path / "extract"
    shutil.copytree(CLEAN, directory)
    return directory


def places(problems: list[Problem]) -> list[tuple[str, int, str | None, str]]:
    return [(p.table, p.row, p.column, p.rule) for p in problems]


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell of a CSV (row 1 = the first data row)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row].split(",")
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_clean_fixture_reads_without_problems() -> None:
    tables, problems = read_extract(CLEAN)
    assert problems == []
    assert tables.row_counts() == dict(zip(TABLES, (3, 2, 2, 1, 1, 1, 1, 1, 1), strict=True))
    persons = tables["persons"]
    assert persons.schema == TABLES["persons"].polars_schema
    assert persons["hukou_in_hohhot"].to_list() == [True, True, True]  # 是 / true / 1
    assert persons["in_school"].to_list() == [False, False, False]  # 否 / false / 0
    assert persons["hukou_since"].to_list() == [date(2015, 7, 1), None, None]  # empty text is null
    assert persons["provident_fund_balance"].to_list() == [15000.5, 0.0, 0.0]
    assert tables["employments"]["insured_months"].to_list() == [9, 119]
    assert tables["enterprises"]["rent_paid"].to_list() == [None, None]


def test_parquet_reads_like_csv(tmp_path: Path) -> None:
    tables, _ = read_extract(CLEAN)
    for name in TABLES:
        tables[name].write_parquet(tmp_path / f"{name}.parquet")
    again, problems = read_extract(tmp_path)
    assert problems == []
    for name in TABLES:
        assert again[name].equals(tables[name]), name


def test_missing_files_are_empty_tables(tmp_path: Path) -> None:
    tables, problems = read_extract(tmp_path)
    assert problems == [] and sum(tables.row_counts().values()) == 0


def test_a_value_that_does_not_parse_drops_its_row_and_keeps_numbers(extract: Path) -> None:
    set_cell(extract / "persons.csv", 1, "birth_date", "1990-02-30")
    set_cell(extract / "persons.csv", 3, "education_level", "phd")
    tables, problems = read_extract(extract)
    assert places(problems) == [("persons", 1, "birth_date", "type"), ("persons", 3, "education_level", "enum")]
    assert problems[0].value == "1990-02-30"
    assert problems[0].message_zh == "persons 第1行 birth_date：无法解析为日期（YYYY-MM-DD）：“1990-02-30”"
    assert problems[0].message_en.startswith("persons row 1, birth_date: cannot be read as a date")
    assert "persons 第3行 education_level" in problems[1].message_zh
    assert tables["persons"].height == 2  # the unparsed row is out, the enum problem is still in
    valid, rejected = split_valid(tables, problems)
    assert valid["persons"]["name"].to_list() == ["李强"]  # row 2 only: rows 1 and 3 are wholly out
    assert rejected.select("table", "row", "column", "rule").rows() == [
        ("persons", 1, "birth_date", "type"),
        ("persons", 3, "education_level", "enum"),
    ]
    assert rejected.columns == ["table", "row", "column", "rule", "value", "message_zh", "message_en"]


@pytest.mark.parametrize(
    ("table", "column", "text"),
    [
        ("persons", "hukou_in_hohhot", "yes"),
        ("persons", "provident_fund_balance", '"1,000"'),
        ("employments", "insured_months", "9.5"),
        ("employments", "contract_signed_on", "2023/09/01"),
        ("home_purchases", "area_m2", "八十九"),
        ("receipts", "amount", "nan"),
    ],
)
def test_each_unparsable_value_is_named(extract: Path, table: str, column: str, text: str) -> None:
    set_cell(extract / f"{table}.csv", 1, column, text)
    tables, problems = read_extract(extract)
    assert places(problems) == [(table, 1, column, "type")]
    assert problems[0].value == text.strip('"')
    assert problems[0].message_zh.startswith(f"{table} 第1行 {column}：无法解析为")
    assert problems[0].message_en.startswith(f"{table} row 1, {column}: cannot be read as")
    assert tables[table].height == len((CLEAN / f"{table}.csv").read_text().splitlines()) - 2


def test_a_missing_required_column_loads_the_table_empty(extract: Path) -> None:
    frame = pl.read_csv(extract / "employments.csv", infer_schema=False).drop("insured_months")
    frame.write_csv(extract / "employments.csv")
    tables, problems = read_extract(extract)
    assert places(problems) == [("employments", 0, "insured_months", "missing_column")]
    assert problems[0].message_zh == "employments insured_months：缺少必需列"
    assert problems[0].message_en == "employments, insured_months: required column is missing"
    assert tables["employments"].height == 0


def test_an_absent_optional_column_is_null_and_extra_columns_are_ignored(extract: Path) -> None:
    frame = pl.read_csv(extract / "persons.csv", infer_schema=False).drop("name").with_columns(note=pl.lit("x"))
    frame.rename({"person_id": " person_id "}).write_csv(extract / "persons.csv")
    tables, problems = read_extract(extract)
    assert problems == []
    assert tables["persons"]["name"].to_list() == [None, None, None]
    assert "note" not in tables["persons"].columns


def test_both_csv_and_parquet_for_one_table_is_refused(extract: Path) -> None:
    pl.read_csv(extract / "births.csv", infer_schema=False).write_parquet(extract / "births.parquet")
    tables, problems = read_extract(extract)
    assert places(problems) == [("births", 0, None, "ambiguous_source")]
    assert "births.csv" in problems[0].message_en and "births.parquet" in problems[0].message_en
    assert tables["births"].height == 0


@pytest.mark.parametrize(("file", "hint"), [("person.csv", "persons"), ("Births.parquet", "births")])
def test_a_file_that_looks_like_an_unknown_table_is_named(extract: Path, file: str, hint: str) -> None:
    (extract / file).write_text("x\n1\n", encoding="utf-8")
    (extract / "README.md").write_text("not a table", encoding="utf-8")
    _, problems = read_extract(extract)
    [problem] = problems
    assert (problem.row, problem.rule, problem.value) == (0, "unknown_table", file)
    assert f"did you mean {hint}?" in problem.message_en and f"是否应为 {hint}" in problem.message_zh


def test_a_compressed_csv_is_not_silently_skipped(extract: Path) -> None:
    (extract / "receipts.csv.gz").write_bytes(b"\x1f\x8b")
    _, problems = read_extract(extract)
    assert places(problems) == [("receipts.csv", 0, None, "unknown_table")]


def test_a_file_in_another_encoding_is_unreadable(extract: Path) -> None:
    text = (extract / "persons.csv").read_text(encoding="utf-8")
    (extract / "persons.csv").write_bytes(text.encode("gbk"))
    tables, problems = read_extract(extract)
    assert places(problems) == [("persons", 0, None, "unreadable")]
    assert "persons.csv" in problems[0].message_zh
    assert tables["persons"].height == 0


def test_an_empty_file_lacks_every_required_column(extract: Path) -> None:
    (extract / "certifications.csv").write_text("", encoding="utf-8")
    _, problems = read_extract(extract)
    assert places(problems) == [
        ("certifications", 0, column, "missing_column") for column in ("enterprise_id", "level", "recognized_on")
    ]


def test_parquet_columns_are_cast_to_the_contract(tmp_path: Path) -> None:
    child = make_person_id("150102", date(2021, 6, 1), 141)
    frame = pl.DataFrame(
        {
            "child_id": [child, child, child],
            "mother_id": [None, None, None],
            "father_id": [None, None, None],
            "birth_date": [datetime(2021, 6, 1, 8, 30)] * 3,  # a timestamp: its date is taken
            "birth_order": [1.0, 2.5, 3.0],  # whole floats convert, 2.5 does not
        }
    )
    frame.write_parquet(tmp_path / "births.parquet")
    tables, problems = read_extract(tmp_path)
    assert places(problems) == [
        ("births", 1, "child_id", "duplicate_key"),
        ("births", 2, "birth_order", "type"),
        ("births", 3, "child_id", "duplicate_key"),
    ]
    assert problems[1].value == "2.5"
    assert tables["births"]["birth_order"].to_list() == [1, 3]
    assert tables["births"]["birth_date"].to_list() == [date(2021, 6, 1)] * 2
    assert "第 1、3 行" in problems[2].message_zh  # original row numbers
    valid, _ = split_valid(tables, problems)
    assert valid["births"].height == 0


def test_parquet_text_columns_are_parsed_like_csv(tmp_path: Path) -> None:
    frame = pl.read_csv(CLEAN / "receipts.csv", infer_schema=False).with_columns(paid_on=pl.lit("2024-13-10"))
    frame.write_parquet(tmp_path / "receipts.parquet")
    tables, problems = read_extract(tmp_path)
    assert places(problems) == [("receipts", 1, "paid_on", "type")]
    assert tables["receipts"].height == 0


def test_split_valid_works_on_tables_validated_directly() -> None:
    tables, _ = read_extract(CLEAN)
    broken = tables.replace(births=tables["births"].with_columns(birth_order=pl.lit(0, dtype=pl.Int64)))
    problems = validate(broken)
    assert places(problems) == [("births", 1, "birth_order", "minimum")]
    valid, rejected = split_valid(broken, problems)
    assert valid["births"].height == 0 and valid["persons"].height == 3
    assert rejected.height == 1


def test_split_valid_refuses_problems_of_other_tables() -> None:
    tables, _ = read_extract(CLEAN)
    stray = Problem("births", 5, "birth_order", "minimum", "0", "", "")
    with pytest.raises(ValueError, match="do not belong"):
        split_valid(tables, [Problem("births", 2, "child_id", "type", "x", "", ""), stray])


def test_split_valid_leaves_clean_tables_alone() -> None:
    tables, problems = read_extract(CLEAN)
    valid, rejected = split_valid(tables, problems)
    assert valid.row_counts() == tables.row_counts() and rejected.height == 0


def test_write_problems_csv_for_excel(extract: Path, tmp_path: Path) -> None:
    set_cell(extract / "receipts.csv", 1, "period", "2024-13")
    _, problems = read_extract(extract)
    out = tmp_path / "problems.csv"
    write_problems_csv(problems, out)
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    frame = pl.read_csv(out)
    assert frame.columns == ["table", "row", "column", "rule", "value", "message_zh", "message_en"]
    assert frame.row(0)[:5] == ("receipts", 1, "period", "period", "2024-13")
    assert "期间“2024-13”应为 YYYY-MM" in frame["message_zh"][0]


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        read_extract(tmp_path / "nope")


def test_tables_type_is_returned() -> None:
    tables, _ = read_extract(CLEAN)
    assert isinstance(tables, Tables)
