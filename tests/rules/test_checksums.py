"""GB 11643 (居民身份证号) and GB 32100 (统一社会信用代码): scalar functions, and their polars twins."""

from __future__ import annotations

import string
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yinren.rules._checksums import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_char,
    credit_code_valid,
    credit_code_valid_expr,
    credit_code_well_formed,
    credit_code_well_formed_expr,
    make_credit_code,
    make_person_id,
    person_id_birth_date,
    person_id_birth_date_expr,
    person_id_check_char,
    person_id_sex,
    person_id_sex_expr,
    person_id_valid,
    person_id_valid_expr,
    person_id_well_formed,
    person_id_well_formed_expr,
)

# The standard's own examples.
GB11643_EXAMPLE = "11010519491231002X"  # GB 11643-1999 appendix: 北京市朝阳区, 1949-12-31, female
GB32100_EXAMPLE = "91350100M000100Y43"  # the example code printed in GB 32100-2015


def test_the_standards_examples_hold() -> None:
    assert person_id_valid(GB11643_EXAMPLE)
    assert person_id_birth_date(GB11643_EXAMPLE) == date(1949, 12, 31)
    assert person_id_sex(GB11643_EXAMPLE) == "female"
    assert person_id_check_char(GB11643_EXAMPLE[:17]) == "X"
    assert credit_code_valid(GB32100_EXAMPLE)
    assert credit_code_check_char(GB32100_EXAMPLE[:17]) == "3"


def test_make_person_id_builds_a_valid_hohhot_id() -> None:
    man = make_person_id("150102", date(1990, 5, 17), 123)  # 150102 = 呼和浩特市新城区
    assert man.startswith("15010219900517123") and len(man) == 18
    assert person_id_valid(man)
    assert person_id_birth_date(man) == date(1990, 5, 17)
    assert person_id_sex(man) == "male"
    woman = make_person_id("150102", date(2000, 2, 29), "008")
    assert person_id_valid(woman) and person_id_sex(woman) == "female"
    assert person_id_birth_date(woman) == date(2000, 2, 29)


@pytest.mark.parametrize(
    ("area", "birth", "seq"),
    [("15010", date(1990, 1, 1), 1), ("1501O2", date(1990, 1, 1), 1), ("150102", date(1990, 1, 1), 1000)],
)
def test_make_person_id_refuses_bad_parts(area: str, birth: date, seq: int) -> None:
    with pytest.raises(ValueError):
        make_person_id(area, birth, seq)


def test_make_credit_code_builds_a_valid_code() -> None:
    code = make_credit_code("91150100MA0000001")
    assert len(code) == 18 and credit_code_valid(code)
    with pytest.raises(ValueError):
        make_credit_code("91150100MA000000I")  # I is not in the alphabet
    with pytest.raises(ValueError):
        make_credit_code("9115010")


def test_every_single_character_change_is_caught() -> None:
    pid = make_person_id("150102", date(1985, 10, 3), 457)
    for position in range(18):
        for char in "0123456789X":
            changed = pid[:position] + char + pid[position + 1 :]
            if changed != pid and person_id_well_formed(changed):
                assert not person_id_valid(changed), changed
    code = make_credit_code("91150100MA0000001")
    for position in range(18):
        for char in CREDIT_CODE_ALPHABET:
            changed = code[:position] + char + code[position + 1 :]
            if changed != code:
                assert not credit_code_valid(changed), changed


@pytest.mark.parametrize(
    "text",
    [
        "11010519491231002x",  # lower-case x
        "1101051949123100",  # too short
        "11010519491231002X1",  # too long
        "110105194902290021",  # 1949-02-29 does not exist
        "110105179912310021",  # 1799: before the years an 18-digit ID carries
        "11010519491231002Ｘ",  # full-width X
        "１10105194912310021",  # full-width digit
        "",
    ],
)
def test_malformed_ids_are_not_well_formed(text: str) -> None:
    assert not person_id_well_formed(text)
    assert not person_id_valid(text)
    assert person_id_birth_date(text) is None
    assert person_id_sex(text) is None


@pytest.mark.parametrize(
    "text", ["91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43", "9135010om000100y43"]
)
def test_malformed_credit_codes(text: str) -> None:
    assert not credit_code_well_formed(text)
    assert not credit_code_valid(text)


def _vector(expr: pl.Expr, values: list[str | None]) -> list[object]:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(expr.alias("out"))["out"].to_list()


def test_vector_twins_give_null_for_null() -> None:
    col = pl.col("v")
    for expr in (
        person_id_valid_expr(col),
        person_id_well_formed_expr(col),
        person_id_birth_date_expr(col),
        person_id_sex_expr(col),
        credit_code_valid_expr(col),
        credit_code_well_formed_expr(col),
    ):
        assert _vector(expr, [None, GB11643_EXAMPLE])[0] is None


def _mutate(text: str, position: int, char: str) -> str:
    position %= len(text) + 1
    return text[:position] + char + text[position + 1 :]


_pid_like = st.builds(
    make_person_id,
    st.sampled_from(["150102", "150103", "150104", "150105", "150121", "110105"]),
    st.dates(date(1800, 1, 1), date(2099, 12, 31)),
    st.integers(0, 999),
)
person_id_texts = st.one_of(
    _pid_like,
    st.builds(_mutate, _pid_like, st.integers(0, 18), st.sampled_from("0123456789Xx ")),
    st.text(alphabet="0123456789X", min_size=16, max_size=19),
    st.builds(lambda head, tail: head + tail, st.text("0123456789", min_size=17, max_size=17), st.text(max_size=2)),
    st.text(max_size=20),
)
_code_like = st.builds(make_credit_code, st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17))
credit_code_texts = st.one_of(
    _code_like,
    st.builds(_mutate, _code_like, st.integers(0, 18), st.sampled_from(CREDIT_CODE_ALPHABET + "IOZSVa中")),
    st.text(alphabet=CREDIT_CODE_ALPHABET + "IOSZV", min_size=17, max_size=19),
    st.text(alphabet=string.printable + "中文", max_size=20),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(person_id_texts, min_size=1, max_size=40))
def test_person_id_scalar_and_vector_agree(values: list[str]) -> None:
    col = pl.col("v")
    assert _vector(person_id_valid_expr(col), list(values)) == [person_id_valid(v) for v in values]
    assert _vector(person_id_well_formed_expr(col), list(values)) == [person_id_well_formed(v) for v in values]
    assert _vector(person_id_birth_date_expr(col), list(values)) == [person_id_birth_date(v) for v in values]
    assert _vector(person_id_sex_expr(col), list(values)) == [person_id_sex(v) for v in values]


@settings(max_examples=60, deadline=None)
@given(st.lists(credit_code_texts, min_size=1, max_size=40))
def test_credit_code_scalar_and_vector_agree(values: list[str]) -> None:
    col = pl.col("v")
    assert _vector(credit_code_valid_expr(col), list(values)) == [credit_code_valid(v) for v in values]
    assert _vector(credit_code_well_formed_expr(col), list(values)) == [credit_code_well_formed(v) for v in values]


def test_vector_twins_work_inside_a_lazy_query_after_a_filter() -> None:
    ids = [make_person_id("150102", date(1990, 1, day), day) for day in range(1, 29)]
    codes = [make_credit_code(f"91150100MA{n:07d}") for n in range(28)]
    frame = pl.DataFrame({"id": ids, "code": codes}).with_row_index()
    out = (
        frame.lazy()
        .filter(pl.col("index") % 3 == 0)
        .select(person_id_valid_expr(pl.col("id")), credit_code_valid_expr(pl.col("code")))
        .collect()
    )
    assert out.height == 10 and out["id"].all() and out["code"].all()
