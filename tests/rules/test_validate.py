"""The data contract's rules: each bad input named by table, row, column and rule, vectorised and scalar alike."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yinren.rules._checksums import make_credit_code, make_person_id
from yinren.rules._schema import TABLES, Kind
from yinren.rules._tables import Tables
from yinren.rules._validate import (
    RULE_BY_CODE,
    RULES,
    Problem,
    parse_row,
    parse_string_expr,
    parse_value,
    problems_frame,
    table_checks,
    validate,
    validate_parsed_many,
    validate_row,
    validate_rows,
    validate_table,
)

MAN = make_person_id("150102", date(1990, 5, 17), 123)  # 呼和浩特新城区, odd sequence: male
WOMAN = make_person_id("150105", date(1992, 11, 30), 246)
CHILD = make_person_id("150102", date(2021, 6, 1), 141)
OTHER = make_person_id("150104", date(1985, 1, 9), 358)
FIRM = make_credit_code("91150100MA0000001")
DAYCARE = make_credit_code("52150100MJ0000002")


def wrong_check(value: str) -> str:
    return value[:-1] + ("1" if value[-1] != "1" else "2")


def person(person_id: str = MAN, birth: date = date(1990, 5, 17), sex: str = "male", **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "person_id": person_id,
        "name": "张三",
        "birth_date": birth,
        "sex": sex,
        "hukou_in_hohhot": True,
        "hukou_since": None,
        "lives_in_hohhot": True,
        "education_level": "bachelor",
        "full_time": True,
        "graduation_date": date(2012, 7, 1),
        "in_school": False,
        "owns_home_in_hohhot": False,
        "public_rental_qualified": False,
        "public_rental_allocated": False,
        "in_affordable_rental": False,
        "provident_fund_balance": 1000.0,
        "mother_id": None,
        "father_id": None,
    }
    return {**row, **changes}


def valid_rows() -> dict[str, list[dict[str, Any]]]:
    """Three valid rows per table (row 3 is the one each test breaks)."""
    people = [
        person(WOMAN, date(1992, 11, 30), "female"),
        person(OTHER, date(1985, 1, 9), "female"),
        person(MAN),
    ]
    return {
        "persons": people,
        "employments": [
            {
                "person_id": pid,
                "employer_id": FIRM,
                "contract_signed_on": date(2020, 1, 1),
                "ended_on": None,
                "insured_months": 12,
                "works_in_hohhot": True,
                "hired_from_registered_unemployment": False,
            }
            for pid in (WOMAN, OTHER, MAN)
        ],
        "enterprises": [
            {
                "enterprise_id": code,
                "name": None,
                "kind": "enterprise",
                "size": "small",
                "registered_in_hohhot": True,
                "founded_on": date(2015, 1, 1),
                "founder_id": MAN,
                "credit_blacklisted": False,
                "contributions_normal": True,
                "rent_paid": None,
                "is_daycare": False,
            }
            for code in (DAYCARE, make_credit_code("91150100MA0000009"), FIRM)
        ],
        "certifications": [
            {"enterprise_id": FIRM, "level": level, "recognized_on": date(2023, 10, 1)}
            for level in ("innovative_sme", "regional_specialized", "national_little_giant")
        ],
        "home_purchases": [
            {
                "purchase_id": f"HP-{n}",
                "buyer_id": MAN,
                "signed_on": date(2023, 10, 1),
                "property_kind": "new_commercial",
                "in_hohhot": True,
                "area_m2": 89.5,
                "price": 1_200_000.0,
                "first_home": True,
                "first_purchase": True,
                "deed_tax_paid": 12_000.0,
            }
            for n in range(3)
        ],
        "births": [
            {"child_id": cid, "mother_id": WOMAN, "father_id": MAN, "birth_date": date(2021, 6, 1), "birth_order": 1}
            for cid in (make_person_id("150102", date(2021, 6, 1), n) for n in (101, 102, 103))
        ],
        "daycare_enrollments": [
            {
                "child_id": CHILD,
                "child_birth_date": date(2021, 6, 1),
                "institution_id": DAYCARE,
                "enrolled_from": start,
                "enrolled_to": None,
            }
            for start in (date(2023, 9, 1), date(2024, 3, 1), date(2024, 9, 1))
        ],
        "dorm_projects": [
            {
                "project_id": f"DP-{n}",
                "enterprise_id": FIRM,
                "kind": "dormitory",
                "investment": 5_000_000.0,
                "owned_by_zone_committee": False,
                "completed_on": date(2024, 1, 1),
            }
            for n in range(3)
        ],
        "receipts": [
            {
                "beneficiary_id": MAN,
                "measure_id": "m10_graduate_rent",
                "amount": 300.0,
                "months": 1,
                "period": f"2024-0{n}",
                "paid_on": date(2024, n, 10),
                "source_id": MAN,
            }
            for n in (4, 5, 6)
        ],
    }


def as_tables(rows: dict[str, list[dict[str, Any]]]) -> Tables:
    return Tables(
        {name: pl.DataFrame(table_rows, schema=TABLES[name].polars_schema) for name, table_rows in rows.items()}
    )


def test_valid_rows_have_no_problems() -> None:
    rows = valid_rows()
    assert validate(as_tables(rows)) == []
    for name, table_rows in rows.items():
        assert validate_rows(name, table_rows) == []


def test_empty_tables_have_no_problems() -> None:
    assert validate(Tables()) == []


def test_the_message_names_the_place_and_the_rule_in_both_languages() -> None:
    rows = valid_rows()
    rows["persons"][2]["person_id"] = wrong_check(MAN)
    [problem] = validate(as_tables(rows))
    assert problem == Problem(
        "persons",
        3,
        "person_id",
        "person_id_checksum",
        wrong_check(MAN),
        "persons 第3行 person_id：身份证号校验位错误（GB 11643）",
        "persons row 3, person_id: ID number checksum fails (GB 11643)",
    )
    assert problem.message("en") == problem.message_en and problem.message() == problem.message_zh


# Each case: (table, the column changed in row 3, the bad value, the rule, the column the problem names).
BAD_INPUTS: list[tuple[str, str, Any, str, str]] = [
    ("persons", "birth_date", None, "required", "birth_date"),
    ("employments", "employer_id", None, "required", "employer_id"),
    ("persons", "mother_id", MAN[:17], "person_id_format", "mother_id"),
    ("persons", "father_id", "15010219901317123X", "person_id_format", "father_id"),  # month 13
    ("persons", "person_id", wrong_check(MAN), "person_id_checksum", "person_id"),
    ("employments", "person_id", wrong_check(MAN), "person_id_checksum", "person_id"),
    ("enterprises", "founder_id", wrong_check(WOMAN), "person_id_checksum", "founder_id"),
    ("home_purchases", "buyer_id", wrong_check(MAN), "person_id_checksum", "buyer_id"),
    ("births", "child_id", wrong_check(CHILD), "person_id_checksum", "child_id"),
    ("births", "mother_id", wrong_check(WOMAN), "person_id_checksum", "mother_id"),
    ("births", "father_id", wrong_check(MAN), "person_id_checksum", "father_id"),
    ("daycare_enrollments", "child_id", wrong_check(CHILD), "person_id_checksum", "child_id"),
    ("employments", "employer_id", "91150100MA000000I1", "credit_code_format", "employer_id"),
    ("enterprises", "enterprise_id", wrong_check(FIRM), "credit_code_checksum", "enterprise_id"),
    ("employments", "employer_id", wrong_check(FIRM), "credit_code_checksum", "employer_id"),
    ("certifications", "enterprise_id", wrong_check(FIRM), "credit_code_checksum", "enterprise_id"),
    ("daycare_enrollments", "institution_id", wrong_check(DAYCARE), "credit_code_checksum", "institution_id"),
    ("dorm_projects", "enterprise_id", wrong_check(FIRM), "credit_code_checksum", "enterprise_id"),
    ("persons", "education_level", "phd", "enum", "education_level"),
    ("persons", "sex", "M", "enum", "sex"),
    ("enterprises", "kind", "company", "enum", "kind"),
    ("enterprises", "size", "huge", "enum", "size"),
    ("certifications", "level", "gold", "enum", "level"),
    ("home_purchases", "property_kind", "villa", "enum", "property_kind"),
    ("dorm_projects", "kind", "hotel", "enum", "kind"),
    ("receipts", "period", "2024-13", "period", "period"),
    ("receipts", "period", "2024-6", "period", "period"),
    ("home_purchases", "price", math.inf, "finite", "price"),
    ("home_purchases", "area_m2", math.nan, "finite", "area_m2"),
    ("persons", "provident_fund_balance", -0.01, "non_negative", "provident_fund_balance"),
    ("employments", "insured_months", -1, "non_negative", "insured_months"),
    ("receipts", "months", -1, "non_negative", "months"),
    ("receipts", "amount", -300.0, "non_negative", "amount"),
    ("enterprises", "rent_paid", -1.0, "non_negative", "rent_paid"),
    ("births", "birth_order", 0, "minimum", "birth_order"),
    ("persons", "birth_date", date(1990, 5, 18), "birth_date_id", "birth_date"),
    ("persons", "sex", "female", "sex_id", "sex"),
    ("persons", "graduation_date", date(1990, 5, 16), "date_order", "graduation_date"),
    ("persons", "hukou_since", date(1989, 1, 1), "date_order", "hukou_since"),
    ("employments", "ended_on", date(2019, 12, 31), "date_order", "ended_on"),
    ("daycare_enrollments", "enrolled_to", date(2024, 8, 31), "date_order", "enrolled_to"),
    ("daycare_enrollments", "enrolled_from", date(2021, 5, 31), "date_order", "enrolled_from"),
]


@pytest.mark.parametrize(("table", "column", "value", "rule", "named"), BAD_INPUTS)
def test_each_bad_input_is_named(table: str, column: str, value: Any, rule: str, named: str) -> None:
    rows = valid_rows()
    rows[table][2][column] = value
    vector = validate(as_tables(rows))
    scalar = validate_rows(table, rows[table])
    single = validate_row(table, rows[table][2], 3)
    assert [(p.table, p.row, p.column, p.rule) for p in vector] == [(table, 3, named, rule)], vector
    assert scalar == vector
    assert single == vector
    [problem] = vector
    assert problem.message_zh.startswith(f"{table} 第3行 {named}：")
    assert problem.message_en.startswith(f"{table} row 3, {named}: ")
    rest_zh, rest_en = problem.message_zh.split("：", 1)[1], problem.message_en.split(": ", 1)[1]
    assert rest_zh and rest_en and rest_zh != rest_en


def test_a_duplicate_key_names_every_row_that_shares_it() -> None:
    rows = valid_rows()
    rows["persons"][2] = person(WOMAN, date(1992, 11, 30), "female")  # row 3 repeats row 1
    problems = validate(as_tables(rows))
    assert [(p.table, p.row, p.column, p.rule, p.value) for p in problems] == [
        ("persons", 1, "person_id", "duplicate_key", WOMAN),
        ("persons", 3, "person_id", "duplicate_key", WOMAN),
    ]
    assert problems[1].message_zh == f"persons 第3行 person_id：键（person_id）重复：{WOMAN} 出现在第 1、3 行"
    assert (
        problems[1].message_en == f"persons row 3, person_id: duplicate key (person_id): {WOMAN} appears in rows 1, 3"
    )
    assert validate_rows("persons", rows["persons"]) == problems


def test_a_composite_key_counts_only_when_every_part_repeats() -> None:
    rows = valid_rows()
    rows["daycare_enrollments"][2]["enrolled_from"] = date(2023, 9, 1)  # same child and start as row 1
    problems = validate(as_tables(rows))
    assert [(p.row, p.column, p.rule) for p in problems] == [
        (1, "child_id+enrolled_from", "duplicate_key"),
        (3, "child_id+enrolled_from", "duplicate_key"),
    ]
    assert "child_id, enrolled_from" in problems[0].message_en
    assert validate_rows("daycare_enrollments", rows["daycare_enrollments"]) == problems


def test_receipts_have_no_key() -> None:
    rows = valid_rows()
    rows["receipts"] = [rows["receipts"][0]] * 3
    assert validate(as_tables(rows)) == []


def test_a_value_that_does_not_parse_is_a_type_problem_and_stops_the_row() -> None:
    row = {**person(), "birth_date": "1990-02-30", "provident_fund_balance": "-5", "sex": "unknown"}
    problems = validate_row("persons", row, 7)
    assert [(p.table, p.row, p.column, p.rule, p.value) for p in problems] == [
        ("persons", 7, "birth_date", "type", "1990-02-30")
    ]
    assert problems[0].message_zh == "persons 第7行 birth_date：无法解析为日期（YYYY-MM-DD）：“1990-02-30”"
    assert problems[0].message_en == "persons row 7, birth_date: cannot be read as a date (YYYY-MM-DD): '1990-02-30'"


def test_validate_row_reads_values_as_a_csv_would() -> None:
    row = {
        **person(),
        "birth_date": "1990-05-17",
        "hukou_in_hohhot": "是",
        "lives_in_hohhot": "1",
        "full_time": "TRUE",
        "in_school": "否",
        "graduation_date": "",
        "provident_fund_balance": "1000.50",
        "name": "",
    }
    assert validate_row("persons", row) == []
    assert [p.rule for p in validate_row("persons", {**row, "full_time": "yes"})] == ["type"]
    assert [p.rule for p in validate_row("persons", {**row, "provident_fund_balance": "1,000"})] == ["type"]
    problems = validate_row("employments", {"insured_months": 1.5})
    assert ("insured_months", "type") in [(p.column, p.rule) for p in problems]


def test_an_absent_column_is_null() -> None:
    row = person()
    del row["birth_date"], row["name"]
    assert [(p.column, p.rule) for p in validate_row("persons", row)] == [("birth_date", "required")]


def test_row_numbers_can_be_given() -> None:
    rows = valid_rows()["persons"]
    rows[1]["sex"] = "other"
    frame = pl.DataFrame(rows, schema=TABLES["persons"].polars_schema)
    problems = validate_table("persons", frame, pl.Series([4, 9, 12]))
    assert [(p.row, p.rule) for p in problems] == [(9, "enum")]
    assert problems[0].message_en.startswith("persons row 9, sex:")


def test_problems_frame() -> None:
    rows = valid_rows()
    rows["births"][2]["birth_order"] = 0
    frame = problems_frame(validate(as_tables(rows)))
    assert frame.columns == ["table", "row", "column", "rule", "value", "message_zh", "message_en"]
    assert frame.row(0) == ("births", 3, "birth_order", "minimum", "0", frame["message_zh"][0], frame["message_en"][0])
    assert problems_frame([]).height == 0


def test_rules_are_one_table_with_unique_codes_and_both_implementations() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)) and set(RULE_BY_CODE) == set(codes)
    for rule in RULES:
        assert (rule.vector is None) == (rule.scalar is None), rule.code
        assert rule.message_zh and rule.message_en
    checked = {check.rule.code for name in TABLES for check in table_checks(name)}
    assert checked == {rule.code for rule in RULES if rule.vector is not None}
    assert {code for *_, code, _ in BAD_INPUTS} | {"duplicate_key"} == checked


# --------------------------------------------------------------------------- the two implementations agree

_IDS = [MAN, WOMAN, CHILD, OTHER, wrong_check(MAN), MAN[:17], "15010219901317123X", "abc"]
_CODES = [FIRM, DAYCARE, wrong_check(FIRM), "91150100MA000000I1", "x"]
_DATES = [date(1990, 5, 17), date(1992, 11, 30), date(2021, 6, 1), date(1985, 1, 9), date(2000, 1, 1)]


def _values(kind: Kind, values: tuple[str, ...]) -> st.SearchStrategy[Any]:
    strategies: dict[Kind, st.SearchStrategy[Any]] = {
        Kind.PERSON_ID: st.sampled_from(_IDS),
        Kind.CREDIT_CODE: st.sampled_from(_CODES),
        Kind.ENUM: st.sampled_from([*values, "bogus"]),
        Kind.PERIOD: st.sampled_from(["2024-05", "2024-12", "2024-13", "2024-5", "x"]),
        Kind.DATE: st.one_of(st.sampled_from(_DATES), st.dates(date(1950, 1, 1), date(2030, 12, 31))),
        Kind.BOOL: st.booleans(),
        Kind.INT: st.integers(-2, 4),
        Kind.YUAN: st.one_of(st.floats(-10, 1e6), st.sampled_from([math.nan, math.inf, -0.0])),
        Kind.NUMBER: st.floats(-10, 200) | st.just(math.nan),
        Kind.STR: st.sampled_from(["A-1", "A-2", "张三"]),
    }
    return strategies[kind]


def _rows(table_name: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    table = TABLES[table_name]
    row = st.fixed_dictionaries(
        {column.name: st.none() | _values(column.kind, column.values) for column in table.columns}
    )
    return st.lists(row, max_size=12)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(list(TABLES)).flatmap(lambda name: st.tuples(st.just(name), _rows(name))))
def test_vector_and_scalar_report_the_same_problems(case: tuple[str, list[dict[str, Any]]]) -> None:
    name, rows = case
    tables = Tables({name: pl.DataFrame(rows, schema=TABLES[name].polars_schema)})
    assert validate(tables) == validate_rows(name, rows)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(list(TABLES)).flatmap(lambda name: st.tuples(st.just(name), st.lists(_rows(name), max_size=5))))
def test_several_tables_validated_together_report_what_each_reports_alone(
    case: tuple[str, list[list[dict[str, Any]]]],
) -> None:
    """The calculator's batches validate several cases at once: a key repeated in two cases is no
    duplicate, a row's problem belongs to its own case, and each case's rows keep their own numbers."""
    name, tables = case
    parsed = [[parse_row(name, row, number) for number, row in enumerate(rows, start=1)] for rows in tables]
    assert validate_parsed_many(name, parsed) == [validate_rows(name, rows) for rows in tables]


def test_a_key_repeated_across_tables_validated_together_is_no_duplicate() -> None:
    person = {"person_id": MAN, "birth_date": "1990-05-17", "sex": "male"}
    one = [parse_row("persons", person)]
    twice = [parse_row("persons", person, 1), parse_row("persons", person, 2)]
    alone, doubled, again = validate_parsed_many("persons", [one, twice, one])
    assert [p for p in alone + again if p.rule == "duplicate_key"] == []
    assert [(p.row, p.rule) for p in doubled if p.rule == "duplicate_key"] == [
        (1, "duplicate_key"),
        (2, "duplicate_key"),
    ]


_TEXT: dict[Kind, st.SearchStrategy[str]] = {
    Kind.DATE: st.one_of(
        st.dates().map(date.isoformat),
        st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,3}", fullmatch=True),
        st.sampled_from(["0000-01-01", "2023-02-29", "2024-02-29", " 2024-01-01 ", "2024-01-01T00:00", "20240101"]),
    ),
    Kind.BOOL: st.sampled_from(["true", "FALSE", "True", " 1", "0", "是", "否", "yes", "2", "", " ", "t"]),
    Kind.INT: st.one_of(
        st.integers().map(str),
        st.sampled_from(["+5", "-0", "1_000", "1.0", "٣", " 7 ", "9223372036854775808", "-9223372036854775808"]),
    ),
    Kind.YUAN: st.one_of(
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.from_regex(r"[+-]?[0-9]{0,3}\.?[0-9]{0,3}([eE][+-]?[0-9]{1,3})?", fullmatch=True),
        st.sampled_from(["nan", "inf", "1e999", "1,000", "0x10", "1_0", "+.5", "5.", "\u30001.5"]),
    ),
}
_TEXT[Kind.NUMBER] = _TEXT[Kind.YUAN]


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(sorted(_TEXT)).flatmap(
        lambda kind: st.tuples(st.just(kind), st.lists(_TEXT[kind] | st.text(max_size=6)))
    )
)
def test_text_parses_the_same_in_python_and_polars(case: tuple[Kind, list[str]]) -> None:
    kind, texts = case
    column = next(c for t in TABLES.values() for c in t.columns if c.kind is kind)
    value, failed = parse_string_expr(column, pl.col("raw"))
    out = pl.DataFrame({"raw": texts}, schema={"raw": pl.String}).select(value.alias("v"), failed.alias("f"))
    expected = [parse_value(column, text) for text in texts]
    got = list(zip(out["v"].to_list(), [not f for f in out["f"].to_list()], strict=True))
    assert all(_same(g[0], e[0]) and g[1] == e[1] for g, e in zip(got, expected, strict=True)), (got, expected)


def _same(a: object, b: object) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
