"""The roster workbook writer: valid packages openpyxl reads back cell for cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from yinren.matching import rosters, xlsx
from yinren.matching.xlsx import Column, Sheet, column_letter, money_text, sheet_name, write_workbook

CREATED = datetime(2024, 7, 1, 9, 0, 0)


def test_cells_round_trip_with_escaping_and_money(tmp_path: Path) -> None:
    data = pl.DataFrame(
        {
            "n": [1, 2, None],
            "text": ['A&B <c> "d"', "中文，全角", "\x01控制字符\x1f"],
            "fen": [150000, -5, 0],
        }
    )
    sheet = Sheet(
        "名单",
        [Column("序号", "integer"), Column("名称"), Column("金额（元）", "money")],
        data,
        footer=[["合计", None, ("money", 149995)]],
        preamble=[["批次", "2024-06-abc"], []],
    )
    path = tmp_path / "t.xlsx"
    write_workbook(path, [sheet], title="测试", created=CREATED)
    book = openpyxl.load_workbook(path)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [
        ("批次", "2024-06-abc", None),
        (None, None, None),
        ("序号", "名称", "金额（元）"),
        (1, 'A&B <c> "d"', 1500.0),
        (2, "中文，全角", -0.05),
        (None, "控制字符", 0.0),
        ("合计", None, 1499.95),
    ]
    assert book.active["C4"].number_format == "#,##0.00"
    assert book.active["A3"].font.b
    assert book.properties.created == CREATED


def test_the_same_cells_give_the_same_bytes(tmp_path: Path) -> None:
    sheet = Sheet("s", [Column("a")], pl.DataFrame({"a": ["x", "y"]}))
    write_workbook(tmp_path / "1.xlsx", [sheet], title="t", created=CREATED)
    write_workbook(tmp_path / "2.xlsx", [sheet], title="t", created=CREATED)
    assert (tmp_path / "1.xlsx").read_bytes() == (tmp_path / "2.xlsx").read_bytes()


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("a/b:c*d?e[f]g\\h", taken) == "a_b_c_d_e_f_g_h"
    long = "m10 " + "高校毕业生租房补贴" * 5
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second


def test_column_letters_and_money_text() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    texts = pl.select(money_text(pl.Series([0, 5, 100, 123456, -250]))).to_series().to_list()
    assert texts == ["0.00", "0.05", "1.00", "1234.56", "-2.50"]


def test_a_measure_larger_than_a_sheet_continues_on_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rosters, "MAX_ROWS", 6)
    rows = pl.DataFrame(
        {
            "number": list(range(1, 10)),
            "title": ["t"] * 9,
            "clause": ["c"] * 9,
            "beneficiary_id": ["b"] * 9,
            "beneficiary_name": ["n"] * 9,
            "source_id": ["s"] * 9,
            "period": [""] * 9,
            "amount_fen": [100] * 9,
            "policy_version": ["v"] * 9,
            "as_of": ["2024-06-30"] * 9,
        }
    )
    sheets = rosters._measure_sheets("m04_hiring_subsidy", "一次性扩岗补助", rows)
    assert [s.data.height for s in sheets] == [4, 4, 1]
    assert [s.name for s in sheets] == ["m04 一次性扩岗补助", "m04 一次性扩岗补助 (2)", "m04 一次性扩岗补助 (3)"]
    assert [len(s.footer) for s in sheets] == [0, 0, 1]
    assert sheets[-1].footer[0][-1] == ("money", 900)
    assert xlsx.MAX_ROWS == 1_048_576
