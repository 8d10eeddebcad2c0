"""Validation of a city extract against the data contract (spec section 2): every rule, twice.

`RULES` is the one list of rules. Each rule has a code, a Chinese and an English message, the columns it
applies to, a vectorised implementation (a polars expression that is true on the rows breaking it) and a
scalar one (the same test on plain Python rows). `validate` runs the vectorised ones over whole tables in
one lazy pass per table; `validate_row` / `validate_rows` run the scalar ones on rows as given in a
single-case JSON document or an API call, parsing raw values with the same rules as a CSV extract.
A test holds both implementations to the same problems.

A problem names the table, the 1-based data row (0 for the table or file as a whole), the column and the
rule, in both languages: "persons 第3行 person_id：身份证号校验位错误（GB 11643）".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache

import polars as pl

from ._checksums import (
    credit_code_valid,
    credit_code_valid_expr,
    credit_code_well_formed,
    credit_code_well_formed_expr,
    person_id_birth_date,
    person_id_check_char_holds_expr,
    person_id_sex,
    person_id_valid,
    person_id_valid_expr,
    person_id_well_formed,
    person_id_well_formed_expr,
)
from ._schema import SEXES, TABLES, Column, Kind, Table
from ._tables import Tables

Row = Mapping[str, object]

# --------------------------------------------------------------------------- problems


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule at one place of the extract."""

    table: str
    row: int  # 1-based data row in the table as given; 0 for the table or file as a whole
    column: str | None
    rule: str
    value: str | None
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "table": pl.String(),
    "row": pl.Int64(),
    "column": pl.String(),
    "rule": pl.String(),
    "value": pl.String(),
    "message_zh": pl.String(),
    "message_en": pl.String(),
}


def problems_frame(problems: Iterable[Problem]) -> pl.DataFrame:
    """Problems as a frame with the columns of `Problem`."""
    rows = [(p.table, p.row, p.column, p.rule, p.value, p.message_zh, p.message_en) for p in problems]
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA, orient="row")


def _place(table: str, row: int, column: str | None) -> tuple[str, str]:
    if row == 0:
        return (f"{table} {column}：", f"{table}, {column}: ") if column else (f"{table}：", f"{table}: ")
    if column is None:
        return f"{table} 第{row}行：", f"{table} row {row}: "
    return f"{table} 第{row}行 {column}：", f"{table} row {row}, {column}: "


def make_problem(table: str, row: int, column: str | None, code: str, value: str | None, **fields: str) -> Problem:
    """A problem with the messages of rule `code`, its templates filled from `fields` (and value)."""
    rule = RULE_BY_CODE[code]
    fields = {"value": "" if value is None else value, "column": column or "", **fields}
    zh, en = _place(table, row, column)
    return Problem(
        table,
        row,
        column,
        code,
        value,
        zh + rule.message_zh.format(**fields),
        en + rule.message_en.format(**fields),
    )


def format_value(value: object) -> str | None:
    """A cell as text for a problem: ISO dates, true/false, numbers as Python prints them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- parsing raw values

_STRIP = " \t\r\n\u3000"
_TRUE = ("true", "1", "是")
_FALSE = ("false", "0", "否")
_INT_RE = r"^[+-]?[0-9]+$"
_FLOAT_RE = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_PERIOD_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_INT64 = (-(2**63), 2**63 - 1)
_TEXT_KINDS = (Kind.STR, Kind.PERSON_ID, Kind.CREDIT_CODE, Kind.ENUM, Kind.PERIOD)

KIND_TEXT: dict[Kind, tuple[str, str]] = {
    Kind.DATE: ("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
    Kind.BOOL: ("是否值（true/false/1/0/是/否）", "a yes/no value (true/false/1/0/是/否)"),
    Kind.INT: ("整数", "a whole number"),
    Kind.YUAN: ("金额（元）", "an amount in yuan"),
    Kind.NUMBER: ("数值", "a number"),
    **dict.fromkeys(_TEXT_KINDS, ("文本", "text")),
}


def _full(pattern: str, text: str) -> bool:
    # Python's `$` also matches before a final newline; polars' (Rust's) does not. fullmatch agrees.
    return re.fullmatch(pattern.removeprefix("^").removesuffix("$"), text) is not None


def _parse_text(kind: Kind, text: str) -> tuple[object, bool]:
    if kind in _TEXT_KINDS:
        return (text or None), True
    text = text.strip(_STRIP)
    if not text:
        return None, True
    if kind is Kind.DATE:
        if _full(_DATE_RE, text):
            try:
                return date.fromisoformat(text), True
            except ValueError:
                pass
        return None, False
    if kind is Kind.BOOL:
        lowered = text.lower()
        if lowered in _TRUE + _FALSE:
            return lowered in _TRUE, True
        return None, False
    if kind is Kind.INT:
        number = int(text) if _full(_INT_RE, text) else None
        ok = number is not None and _INT64[0] <= number <= _INT64[1]
        return (number if ok else None), ok
    real = float(text) if _full(_FLOAT_RE, text) else math.nan
    return (real, True) if math.isfinite(real) else (None, False)


def parse_value(column: Column, raw: object) -> tuple[object, bool]:
    """A raw value (JSON scalar or CSV text) as the column's type: (value, parsed). Empty text is null."""
    kind = column.kind
    if raw is None:
        return None, True
    if isinstance(raw, str):
        return _parse_text(kind, raw)
    if isinstance(raw, bool):
        return (raw, True) if kind is Kind.BOOL else (None, False)
    if isinstance(raw, int):
        if kind is Kind.BOOL:
            return (bool(raw), True) if raw in (0, 1) else (None, False)
        if kind is Kind.INT:
            return (raw, True) if _INT64[0] <= raw <= _INT64[1] else (None, False)
        if kind in (Kind.YUAN, Kind.NUMBER):
            return float(raw), True
        return (str(raw), True) if kind in _TEXT_KINDS else (None, False)
    if isinstance(raw, float):
        if kind in (Kind.YUAN, Kind.NUMBER):
            return raw, True
        if kind is Kind.INT and raw.is_integer():
            return int(raw), True
        return None, False
    if isinstance(raw, date) and kind is Kind.DATE:
        return (raw.date() if isinstance(raw, datetime) else raw), True
    return None, False


def strip_text_expr(column: Column, raw: pl.Expr) -> pl.Expr:
    """The text a value is read from: as given for text kinds, else without surrounding blanks."""
    return raw if column.kind in _TEXT_KINDS else raw.str.strip_chars(_STRIP)


def parse_text_expr(column: Column, text: pl.Expr) -> pl.Expr:
    """Vectorised `parse_value` of text `strip_text_expr` made: the typed value, null when empty or
    unreadable. Each step reads `text` (best a column) and its own result once."""
    kind = column.kind
    if kind in _TEXT_KINDS:
        return pl.when(text != "").then(text)
    if kind is Kind.DATE:
        shaped = text.str.contains(_DATE_RE) & (text.str.slice(0, 4) != "0000")
        value = pl.when(shaped).then(text).str.to_date("%Y-%m-%d", strict=False)
    elif kind is Kind.BOOL:
        words = {word: word in _TRUE for word in _TRUE + _FALSE}
        value = text.str.to_lowercase().replace_strict(words, default=None, return_dtype=pl.Boolean)
    elif kind is Kind.INT:
        value = pl.when(text.str.contains(_INT_RE)).then(text).str.to_integer(strict=False)
    else:  # a finite decimal: an overflow such as 1e999 does not parse
        real = pl.when(text.str.contains(_FLOAT_RE)).then(text).cast(pl.Float64, strict=False)
        value = real.replace([math.inf, -math.inf], None)
    return value.cast(column.dtype)


def parse_failed_expr(column: Column, text: pl.Expr, value: pl.Expr) -> pl.Expr:
    """True where stripped `text` held something that `parse_text_expr` could not read into `value`."""
    return pl.lit(False) if column.kind in _TEXT_KINDS else (text != "") & value.is_null()


def parse_string_expr(column: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Vectorised `parse_value` for a String column: (typed value or null, true where it did not parse).

    One expression for convenience; `read_table` runs the three steps as stages so that none repeats.
    """
    text = strip_text_expr(column, raw)
    value = parse_text_expr(column, text)
    return value, parse_failed_expr(column, text, value)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Check:
    """One rule bound to one column (and maybe a second one) of one table."""

    rule: Rule
    table: Table
    column: str | None
    other: str | None = None

    @property
    def col(self) -> pl.Expr:
        return pl.col(self.column or "")

    @property
    def other_col(self) -> pl.Expr:
        return pl.col(self.other or "")

    def value(self, row: Row) -> object:
        return row.get(self.column or "")

    def other_value(self, row: Row) -> object:
        return row.get(self.other or "")


Target = tuple[str | None, str | None]  # (the column a problem names, a second column it compares with)
Fields = Callable[[Check, Row], dict[str, str]]


def _no_fields(check: Check, row: Row) -> dict[str, str]:
    return {}


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of the data contract: its code, messages, targets and both implementations.

    `vector(check)` is true on the rows that break the rule (null counts as not broken); `scalar(check,
    rows)` says the same for each of a list of parsed rows. Rules of the reader alone (`type`,
    `missing_column`, ...) have neither: they are found while parsing.
    """

    code: str
    message_zh: str
    message_en: str
    targets: Callable[[Table], Sequence[Target]] = lambda table: ()
    vector: Callable[[Check], pl.Expr] | None = None
    scalar: Callable[[Check, Sequence[Row]], list[bool]] | None = None
    fields: Fields = _no_fields
    whole_table: bool = False  # several rows together break it; `vector` may over-report, `scalar` confirms
    by_value: bool = False  # reads one column only: run once per distinct value where values repeat


def _each(test: Callable[[Check, Row], bool]) -> Callable[[Check, Sequence[Row]], list[bool]]:
    def scalar(check: Check, rows: Sequence[Row]) -> list[bool]:
        return [test(check, row) for row in rows]

    return scalar


def _columns(predicate: Callable[[Column], bool]) -> Callable[[Table], Sequence[Target]]:
    def targets(table: Table) -> Sequence[Target]:
        return [(column.name, None) for column in table.columns if predicate(column)]

    return targets


def _pairs(pairs: Mapping[str, Sequence[Target]]) -> Callable[[Table], Sequence[Target]]:
    def targets(table: Table) -> Sequence[Target]:
        return pairs.get(table.name, ())

    return targets


# Which columns the cross-column rules compare: (the column named in the problem, the other column).
BIRTH_DATE_FROM_ID: dict[str, Sequence[Target]] = {"persons": [("birth_date", "person_id")]}
SEX_FROM_ID: dict[str, Sequence[Target]] = {"persons": [("sex", "person_id")]}
DATE_ORDER: dict[str, Sequence[Target]] = {  # the first date must not be before the second
    "persons": [("graduation_date", "birth_date"), ("hukou_since", "birth_date")],
    "employments": [("ended_on", "contract_signed_on")],
    "daycare_enrollments": [("enrolled_to", "enrolled_from"), ("enrolled_from", "child_birth_date")],
}
MINIMUMS: dict[tuple[str, str], int] = {("births", "birth_order"): 1}


def _is_str(value: object) -> bool:
    return isinstance(value, str)


# A case's ids are read by several rules each (format, checksum, birth date, sex) and cases repeat
# ids (an employer in every hire): the checksums are remembered.
_person_id_well_formed = lru_cache(maxsize=4096)(person_id_well_formed)
_person_id_valid = lru_cache(maxsize=4096)(person_id_valid)
_credit_code_well_formed = lru_cache(maxsize=4096)(credit_code_well_formed)
_credit_code_valid = lru_cache(maxsize=4096)(credit_code_valid)


def _pid_wf(value: object) -> bool:
    return isinstance(value, str) and _person_id_well_formed(value)


def _pid_valid(value: object) -> bool:
    return isinstance(value, str) and _person_id_valid(value)


def _cc_wf(value: object) -> bool:
    return isinstance(value, str) and _credit_code_well_formed(value)


def _cc_valid(value: object) -> bool:
    return isinstance(value, str) and _credit_code_valid(value)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _not_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _below(value: object, minimum: float) -> bool:
    number = _number(value)
    return number is not None and number < minimum


def _dates(check: Check, row: Row) -> tuple[date, date] | None:
    later, earlier = check.value(row), check.other_value(row)
    if isinstance(later, date) and isinstance(earlier, date):
        return later, earlier
    return None


def _minimum(check: Check) -> int:
    return MINIMUMS[(check.table.name, check.column or "")]


def _enum_fields(check: Check, row: Row) -> dict[str, str]:
    allowed = check.table.column(check.column or "").values
    return {"allowed_zh": "、".join(allowed), "allowed_en": ", ".join(allowed)}


def _birth_fields(check: Check, row: Row) -> dict[str, str]:
    return {"expected": format_value(person_id_birth_date(str(check.other_value(row)))) or ""}


def _sex_fields(check: Check, row: Row) -> dict[str, str]:
    return {"expected": person_id_sex(str(check.other_value(row))) or ""}


def _other_fields(check: Check, row: Row) -> dict[str, str]:
    return {"other": check.other or "", "other_value": format_value(check.other_value(row)) or ""}


def _minimum_fields(check: Check, row: Row) -> dict[str, str]:
    return {"minimum": str(_minimum(check))}


def _birth_date_vector(check: Check) -> pl.Expr:
    # person_id_birth_date_expr(id) != birth_date where the ID is valid, compared as YYYYMMDD integers
    year, month, day = (part.cast(pl.Int64) for part in (check.col.dt.year(), check.col.dt.month(), check.col.dt.day()))
    given = year * 10_000 + month * 100 + day
    in_id = check.other_col.str.slice(6, 8).str.to_integer(strict=False)
    return person_id_valid_expr(check.other_col) & (given != in_id)


def _sex_vector(check: Check) -> pl.Expr:
    # person_id_sex_expr(id) != sex where the ID is valid and sex a known value
    odd = check.other_col.cast(pl.Binary).bin.get(16, null_on_oob=True) % 2 == 1  # "0" is byte 48
    in_id = pl.when(odd).then(pl.lit("male")).otherwise(pl.lit("female"))
    return check.col.is_in(SEXES) & person_id_valid_expr(check.other_col) & (check.col != in_id)


def _key_vector(check: Check) -> pl.Expr:
    # Candidates only: rows whose key hashes like another row's. `_report` confirms them with the
    # scalar rule (an exact comparison among the candidates, which hold every true duplicate).
    key = check.table.key
    present = pl.all_horizontal([pl.col(name).is_not_null() for name in key])
    together = pl.col(key[0]) if len(key) == 1 else pl.struct(key)
    return present & (pl.len().over(together.hash()) > 1)


def _key_of(check: Check, row: Row) -> tuple[object, ...] | None:
    values = tuple(row.get(name) for name in check.table.key)
    return None if any(value is None for value in values) else values


def _key_scalar(check: Check, rows: Sequence[Row]) -> list[bool]:
    keys = [_key_of(check, row) for row in rows]
    counts = Counter(key for key in keys if key is not None)
    return [key is not None and counts[key] > 1 for key in keys]


RULES: tuple[Rule, ...] = (
    Rule(
        "required",
        "不能为空（必填）",
        "must not be empty (required)",
        _columns(lambda column: not column.nullable),
        lambda check: check.col.is_null(),
        _each(lambda check, row: check.value(row) is None),
    ),
    Rule(
        "person_id_format",
        "身份证号格式错误（GB 11643：17位数字加校验位，第7–14位为出生日期）",
        "ID number is malformed (GB 11643: 17 digits and a check character, digits 7-14 a birth date)",
        _columns(lambda column: column.kind is Kind.PERSON_ID),
        lambda check: ~person_id_well_formed_expr(check.col),
        _each(lambda check, row: _is_str(check.value(row)) and not _pid_wf(check.value(row))),
        by_value=True,
    ),
    Rule(
        "person_id_checksum",
        "身份证号校验位错误（GB 11643）",
        "ID number checksum fails (GB 11643)",
        _columns(lambda column: column.kind is Kind.PERSON_ID),
        lambda check: person_id_well_formed_expr(check.col) & ~person_id_check_char_holds_expr(check.col),
        _each(lambda check, row: _pid_wf(check.value(row)) and not _pid_valid(check.value(row))),
        by_value=True,
    ),
    Rule(
        "credit_code_format",
        "统一社会信用代码格式错误（GB 32100：18位数字或大写字母，不含 I、O、Z、S、V）",
        "unified social credit code is malformed (GB 32100: 18 digits or capitals, no I, O, Z, S, V)",
        _columns(lambda column: column.kind is Kind.CREDIT_CODE),
        lambda check: ~credit_code_well_formed_expr(check.col),
        _each(lambda check, row: _is_str(check.value(row)) and not _cc_wf(check.value(row))),
        by_value=True,
    ),
    Rule(
        "credit_code_checksum",
        "统一社会信用代码校验位错误（GB 32100）",
        "unified social credit code checksum fails (GB 32100)",
        _columns(lambda column: column.kind is Kind.CREDIT_CODE),
        lambda check: credit_code_well_formed_expr(check.col) & ~credit_code_valid_expr(check.col),
        _each(lambda check, row: _cc_wf(check.value(row)) and not _cc_valid(check.value(row))),
        by_value=True,
    ),
    Rule(
        "enum",
        "取值“{value}”不在允许范围内（{allowed_zh}）",
        "value '{value}' is not one of {allowed_en}",
        _columns(lambda column: column.kind is Kind.ENUM),
        lambda check: ~check.col.is_in(check.table.column(check.column or "").values),
        _each(
            lambda check, row: (
                check.value(row) is not None and check.value(row) not in check.table.column(check.column or "").values
            )
        ),
        _enum_fields,
    ),
    Rule(
        "period",
        "期间“{value}”应为 YYYY-MM，月份 01–12",
        "period '{value}' must be YYYY-MM with a month 01-12",
        _columns(lambda column: column.kind is Kind.PERIOD),
        lambda check: ~check.col.str.contains(_PERIOD_RE),
        _each(lambda check, row: _is_str(check.value(row)) and not _full(_PERIOD_RE, str(check.value(row)))),
    ),
    Rule(
        "finite",
        "不是有效数值（{value}）",
        "is not a finite number ({value})",
        _columns(lambda column: column.kind in (Kind.YUAN, Kind.NUMBER)),
        lambda check: ~check.col.is_finite(),
        _each(lambda check, row: _not_finite(check.value(row))),
    ),
    Rule(
        "non_negative",
        "不能为负数（{value}）",
        "must not be negative ({value})",
        _columns(lambda column: column.non_negative),
        lambda check: check.col < 0,
        _each(lambda check, row: _below(check.value(row), 0)),
    ),
    Rule(
        "minimum",
        "应不小于 {minimum}（{value}）",
        "must be at least {minimum} ({value})",
        lambda table: [(column, None) for (name, column) in MINIMUMS if name == table.name],
        lambda check: check.col < _minimum(check),
        _each(lambda check, row: _below(check.value(row), _minimum(check))),
        _minimum_fields,
    ),
    Rule(
        "birth_date_id",
        "出生日期 {value} 与身份证号中的出生日期 {expected} 不一致",
        "birth date {value} differs from the date in the ID number ({expected})",
        _pairs(BIRTH_DATE_FROM_ID),
        _birth_date_vector,
        _each(
            lambda check, row: (
                _pid_valid(check.other_value(row))
                and check.value(row) is not None
                and check.value(row) != person_id_birth_date(str(check.other_value(row)))
            )
        ),
        _birth_fields,
    ),
    Rule(
        "sex_id",
        "性别 {value} 与身份证号第17位（{expected}）不符",
        "sex {value} does not match the ID number's 17th digit ({expected})",
        _pairs(SEX_FROM_ID),
        _sex_vector,
        _each(
            lambda check, row: (
                check.value(row) in SEXES
                and _pid_valid(check.other_value(row))
                and check.value(row) != person_id_sex(str(check.other_value(row)))
            )
        ),
        _sex_fields,
    ),
    Rule(
        "date_order",
        "{column}（{value}）早于 {other}（{other_value}）",
        "{column} ({value}) is before {other} ({other_value})",
        _pairs(DATE_ORDER),
        lambda check: check.col < check.other_col,
        _each(lambda check, row: (pair := _dates(check, row)) is not None and pair[0] < pair[1]),
        _other_fields,
    ),
    Rule(
        "duplicate_key",
        "键（{key}）重复：{value} 出现在第 {rows_zh} 行",
        "duplicate key ({key}): {value} appears in rows {rows_en}",
        lambda table: [("+".join(table.key), None)] if table.key else [],
        _key_vector,
        _key_scalar,
        whole_table=True,
    ),
    # Rules of the reader (`read_extract`, `validate_row`), found while parsing.
    Rule("type", "无法解析为{expected_zh}：“{value}”", "cannot be read as {expected_en}: '{value}'"),
    Rule("missing_column", "缺少必需列", "required column is missing"),
    Rule(
        "unknown_table",
        "文件 {file} 不是数据契约中的表{hint_zh}",
        "file {file} is not a table of the data contract{hint_en}",
    ),
    Rule(
        "ambiguous_source",
        "同时存在 {files}，只能提供其一",
        "both {files} exist; give only one",
    ),
    Rule("unreadable", "文件 {file} 无法读取：{error}", "file {file} cannot be read: {error}"),
)
RULE_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


@cache
def table_checks(table_name: str) -> tuple[Check, ...]:
    """The checks of one table, in the order its problems are reported within a row (by column)."""
    table = TABLES[table_name]
    checks = [
        Check(rule, table, column, other)
        for rule in RULES
        if rule.vector is not None
        for column, other in rule.targets(table)
    ]
    order = {name: index for index, name in enumerate(table.names)}
    return tuple(sorted(checks, key=lambda check: order.get(check.column or "", len(order))))


# --------------------------------------------------------------------------- reporting


Broken = dict[int, list[tuple[int, Row]]]  # check index -> the rows breaking it: (row number, values)


def _problems(table: str, broken: Broken) -> list[tuple[int, int, Problem]]:
    """The problems of the broken rows, each with its sort key (row, check index)."""
    checks = table_checks(table)
    found: list[tuple[int, int, Problem]] = []
    for index, rows in broken.items():
        check = checks[index]
        render = _render_group if check.rule.whole_table else _render_rows
        found.extend((problem.row, index, problem) for problem in render(check, rows))
    return found


def _render_rows(check: Check, rows: list[tuple[int, Row]]) -> list[Problem]:
    return [
        make_problem(
            check.table.name,
            number,
            check.column,
            check.rule.code,
            format_value(check.value(row)),
            **check.rule.fields(check, row),
        )
        for number, row in rows
    ]


def _render_group(check: Check, rows: list[tuple[int, Row]]) -> list[Problem]:
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for number, row in rows:
        groups[tuple(row.get(name) for name in check.table.key)].append(number)
    problems = []
    for number, row in rows:
        key = tuple(row.get(name) for name in check.table.key)
        shown = [str(n) for n in groups[key][:10]] + (["…"] if len(groups[key]) > 10 else [])
        problems.append(
            make_problem(
                check.table.name,
                number,
                check.column,
                check.rule.code,
                ", ".join(format_value(value) or "" for value in key),
                key=", ".join(check.table.key),
                rows_zh="、".join(shown),
                rows_en=", ".join(shown),
            )
        )
    return problems


def _ordered(found: Iterable[tuple[int, int, Problem]]) -> list[Problem]:
    return [problem for _, _, problem in sorted(found, key=lambda item: (item[0], item[1]))]


# --------------------------------------------------------------------------- vectorised validation

_POSITION = "__yinren_position"


def _vector(check: Check) -> pl.Expr:
    assert check.rule.vector is not None
    return check.rule.vector(check)


def _by_value(check: Check) -> bool:
    return check.rule.by_value and check.column not in check.table.key


def _broken_values(frame: pl.DataFrame, column: str, checks: Sequence[Check]) -> list[pl.Series]:
    """For checks that read one column only: the distinct values breaking each, found on the distinct
    values (the employer of three million jobs, the mostly empty mother_id) rather than on every row."""
    distinct = frame.select(pl.col(column).drop_nulls().unique())
    flags = distinct.select(_vector(check).fill_null(False).alias(str(index)) for index, check in enumerate(checks))
    return [distinct[column].filter(flags[str(index)]) for index in range(len(checks))]


def _plan(name: str, frame: pl.DataFrame) -> pl.LazyFrame | None:
    """One lazy pass over a table: every check's flag, keeping only the rows that break something."""
    checks = table_checks(name)
    if frame.height == 0 or not checks:
        return None
    flags = [_vector(check) for check in checks]
    by_column: dict[str, list[int]] = defaultdict(list)
    for index, check in enumerate(checks):
        if _by_value(check):
            by_column[check.column or ""].append(index)
    for column, indexes in by_column.items():
        broken = _broken_values(frame, column, [checks[index] for index in indexes])
        for index, values in zip(indexes, broken, strict=True):
            flags[index] = pl.col(column).is_in(values.implode())
    return (
        frame.lazy()
        .select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias(_POSITION),
            *(flag.fill_null(False).alias(str(index)) for index, flag in enumerate(flags)),
        )
        .filter(pl.any_horizontal(pl.exclude(_POSITION)))
    )


def _report(name: str, frame: pl.DataFrame, broken: pl.DataFrame, row_numbers: pl.Series | None) -> list[Problem]:
    """The problems of the rows a plan kept, with their messages, in row order."""
    if broken.height == 0:
        return []
    positions = broken[_POSITION]
    rows = frame[positions].to_dicts()
    numbers = (positions + 1 if row_numbers is None else row_numbers.gather(positions)).to_list()
    found: Broken = {}
    for index, check in enumerate(table_checks(name)):
        column = broken[str(index)]
        if column.any():
            items = [(numbers[at], rows[at]) for at in column.arg_true().to_list()]
            if check.rule.whole_table and check.rule.scalar is not None:
                confirmed = check.rule.scalar(check, [row for _, row in items])
                items = [item for item, holds in zip(items, confirmed, strict=True) if holds]
            found[index] = items
    return _ordered(_problems(name, found))


def validate_frames(
    frames: Mapping[str, pl.DataFrame], row_numbers: Mapping[str, pl.Series] | None = None
) -> list[Problem]:
    """The problems of several tables (typed as the contract says), the tables checked in parallel.

    `row_numbers[name]` gives each row's number in the table as given (default: position + 1), for a
    frame from which unreadable rows were already removed. Problems come table by table in contract
    order, then by row.
    """
    plans = {name: plan for name in TABLES if name in frames if (plan := _plan(name, frames[name])) is not None}
    results = dict(zip(plans, pl.collect_all(list(plans.values())), strict=True))
    numbers = row_numbers or {}
    return [
        problem
        for name, broken in results.items()
        for problem in _report(name, frames[name], broken, numbers.get(name))
    ]


def validate_table(name: str, frame: pl.DataFrame, row_numbers: pl.Series | None = None) -> list[Problem]:
    """The problems of one table (typed as the contract says), vectorised, in row order."""
    return validate_frames({name: frame}, None if row_numbers is None else {name: row_numbers})


def validate(tables: Tables) -> list[Problem]:
    """Every problem of every table, vectorised: table by table in contract order, then by row."""
    return validate_frames(tables)


# --------------------------------------------------------------------------- scalar validation


def parse_row(table_name: str, raw: Row, row_number: int = 1) -> tuple[dict[str, object], list[Problem]]:
    """A raw row parsed to the contract's types (as `parse_value`), and its `type` problems.

    Absent columns are null; columns outside the contract are left out.
    """
    table = TABLES[table_name]
    values: dict[str, object] = {}
    problems = []
    for column in table.columns:
        given = raw.get(column.name)
        value, parsed = parse_value(column, given)
        values[column.name] = value
        if not parsed:
            expected_zh, expected_en = KIND_TEXT[column.kind]
            problems.append(
                make_problem(
                    table.name,
                    row_number,
                    column.name,
                    "type",
                    format_value(given),
                    expected_zh=expected_zh,
                    expected_en=expected_en,
                )
            )
    return values, problems


def validate_rows(table_name: str, rows: Sequence[Row], first_row_number: int = 1) -> list[Problem]:
    """The scalar twin of `validate_table` for raw rows (JSON values or text, parsed as a CSV would be).

    A row with a value that does not parse reports only that (`type`) and is left out of the other rules,
    as `read_extract` drops it before validating.
    """
    parsed_rows = [parse_row(table_name, raw, first_row_number + offset) for offset, raw in enumerate(rows)]
    return validate_parsed(table_name, parsed_rows, first_row_number)


def validate_parsed(
    table_name: str, parsed_rows: Sequence[tuple[Row, list[Problem]]], first_row_number: int = 1
) -> list[Problem]:
    """`validate_rows` for rows `parse_row` already read (a case's, read once for the engine and for this)."""
    found: list[tuple[int, int, Problem]] = []
    parsed: list[tuple[int, Row]] = []
    for offset, (values, problems) in enumerate(parsed_rows):
        number = first_row_number + offset
        found.extend((number, -1, problem) for problem in problems)
        if not problems:
            parsed.append((number, values))
    broken: Broken = {}
    rows_parsed = [values for _, values in parsed]
    for index, check in enumerate(table_checks(table_name)):
        assert check.rule.scalar is not None
        fails = check.rule.scalar(check, rows_parsed)
        if any(fails):  # most checks pass: no list, and no rendering call, for them
            broken[index] = [item for item, fail in zip(parsed, fails, strict=True) if fail]
    found.extend(_problems(table_name, broken))
    return _ordered(found)


def validate_parsed_many(table_name: str, tables: Sequence[Sequence[tuple[Row, list[Problem]]]]) -> list[list[Problem]]:
    """`validate_parsed` for each of several tables of rows (several cases' rows of one table).

    Same problems, found with fewer calls: a rule that reads one row at a time runs once over the rows
    of all the tables; a rule on a whole table (a duplicate key) runs on each table alone.
    """
    found: list[list[tuple[int, int, Problem]]] = [[] for _ in tables]
    parsed: list[list[tuple[int, Row]]] = [[] for _ in tables]
    for owner, rows in enumerate(tables):
        for number, (values, problems) in enumerate(rows, start=1):
            found[owner].extend((number, -1, problem) for problem in problems)
            if not problems:
                parsed[owner].append((number, values))
    owners = [owner for owner, rows in enumerate(parsed) for _ in rows]
    every = [item for rows in parsed for item in rows]
    every_row = [values for _, values in every]
    broken: list[Broken] = [{} for _ in tables]
    for index, check in enumerate(table_checks(table_name)):
        assert check.rule.scalar is not None
        if check.rule.whole_table:
            for owner, own_rows in enumerate(parsed):
                fails = check.rule.scalar(check, [values for _, values in own_rows])
                if any(fails):
                    broken[owner][index] = [item for item, fail in zip(own_rows, fails, strict=True) if fail]
            continue
        fails = check.rule.scalar(check, every_row)
        if any(fails):
            for item, owner, fail in zip(every, owners, fails, strict=True):
                if fail:
                    broken[owner].setdefault(index, []).append(item)
    return [_ordered(own + _problems(table_name, breaks)) for own, breaks in zip(found, broken, strict=True)]


def validate_row(table_name: str, row: Row, row_number: int = 1) -> list[Problem]:
    """The problems of one raw row (a single-case JSON record or an API payload)."""
    return validate_rows(table_name, [row], row_number)


__all__ = [
    "DATE_ORDER",
    "KIND_TEXT",
    "MINIMUMS",
    "PROBLEM_SCHEMA",
    "RULES",
    "RULE_BY_CODE",
    "Check",
    "Problem",
    "Rule",
    "format_value",
    "make_problem",
    "parse_failed_expr",
    "parse_row",
    "parse_string_expr",
    "parse_text_expr",
    "parse_value",
    "problems_frame",
    "strip_text_expr",
    "table_checks",
    "validate",
    "validate_frames",
    "validate_parsed_many",
    "validate_row",
    "validate_rows",
    "validate_table",
]
