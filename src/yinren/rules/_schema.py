"""The city extract's data contract (spec section 2): tables, columns, types and enums.

One source of truth: the loader casts to these types, the validator checks against them, the synthetic
city writes them and the single-case JSON nests the same fields under one person or enterprise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl


class Kind(StrEnum):
    """How a column is read and checked."""

    STR = "str"
    PERSON_ID = "person_id"  # 18-character 居民身份证号, GB 11643 checksum
    CREDIT_CODE = "credit_code"  # 18-character 统一社会信用代码, GB 32100 checksum
    DATE = "date"
    BOOL = "bool"
    INT = "int"
    YUAN = "yuan"  # money as given in yuan; the engine converts it to integer fen
    NUMBER = "number"  # a non-money quantity such as area_m2
    ENUM = "enum"
    PERIOD = "period"  # YYYY-MM


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    required: bool = True  # the column must be present in the table
    nullable: bool = False  # a present column may hold nulls
    values: tuple[str, ...] = ()  # for ENUM
    non_negative: bool = False

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind]


_DTYPES: dict[Kind, pl.DataType] = {
    Kind.STR: pl.String(),
    Kind.PERSON_ID: pl.String(),
    Kind.CREDIT_CODE: pl.String(),
    Kind.DATE: pl.Date(),
    Kind.BOOL: pl.Boolean(),
    Kind.INT: pl.Int64(),
    Kind.YUAN: pl.Float64(),
    Kind.NUMBER: pl.Float64(),
    Kind.ENUM: pl.String(),
    Kind.PERIOD: pl.String(),
}


EDUCATION_LEVELS = (
    "none",
    "primary",
    "secondary",
    "vocational",
    "junior_college",
    "bachelor",
    "master",
    "doctor",
)
GRADUATE_LEVELS = ("junior_college", "bachelor", "master", "doctor")
ENTERPRISE_KINDS = ("enterprise", "individual_business", "government", "public_institution", "social_org")
ENTERPRISE_SIZES = ("micro", "small", "medium", "large")
CERTIFICATION_LEVELS = ("national_little_giant", "regional_specialized", "innovative_sme")
PROPERTY_KINDS = ("new_commercial", "second_hand", "other")
DORM_KINDS = ("dormitory", "talent_apartment")
SEXES = ("male", "female")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    label_zh: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # columns that identify a row (uniqueness is checked)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def blank_row(self, **values: object) -> dict[str, object]:
        """A row of this table for a case document: ``values`` as given, every other column at its
        plain value (null where nullable, false, zero, the first code). Columns that cannot be plain
        (an ID, a date) must be given."""
        row = {column.name: values[column.name] if column.name in values else _plain(column) for column in self.columns}
        unknown = values.keys() - row.keys()
        if unknown:
            raise KeyError(f"{self.name} has no column {sorted(unknown)}")
        return row

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {column.name: column.dtype for column in self.columns}


_PLAIN: dict[Kind, object] = {Kind.BOOL: False, Kind.INT: 0, Kind.YUAN: 0, Kind.NUMBER: 0}


def _plain(column: Column) -> object:
    if column.nullable:
        return None
    if column.kind == Kind.ENUM:
        return column.values[0]
    if column.kind in _PLAIN:
        return _PLAIN[column.kind]
    raise KeyError(f"column {column.name} has no plain value: give it")


def _c(name: str, kind: Kind, **options: object) -> Column:
    return Column(name, kind, **options)  # type: ignore[arg-type]


PERSONS = Table(
    "persons",
    "人口",
    (
        _c("person_id", Kind.PERSON_ID),
        _c("name", Kind.STR, required=False, nullable=True),
        _c("birth_date", Kind.DATE),
        _c("sex", Kind.ENUM, values=SEXES),
        _c("hukou_in_hohhot", Kind.BOOL),
        _c("hukou_since", Kind.DATE, nullable=True),
        _c("lives_in_hohhot", Kind.BOOL),
        _c("education_level", Kind.ENUM, values=EDUCATION_LEVELS),
        _c("full_time", Kind.BOOL),
        _c("graduation_date", Kind.DATE, nullable=True),
        _c("in_school", Kind.BOOL),
        _c("owns_home_in_hohhot", Kind.BOOL),
        _c("public_rental_qualified", Kind.BOOL),
        _c("public_rental_allocated", Kind.BOOL),
        _c("in_affordable_rental", Kind.BOOL),
        _c("provident_fund_balance", Kind.YUAN, non_negative=True),
        _c("mother_id", Kind.PERSON_ID, nullable=True),
        _c("father_id", Kind.PERSON_ID, nullable=True),
    ),
    key=("person_id",),
)

EMPLOYMENTS = Table(
    "employments",
    "就业参保",
    (
        _c("person_id", Kind.PERSON_ID),
        _c("employer_id", Kind.CREDIT_CODE),
        _c("contract_signed_on", Kind.DATE),
        _c("ended_on", Kind.DATE, nullable=True),
        _c("insured_months", Kind.INT, non_negative=True),
        _c("works_in_hohhot", Kind.BOOL),
        _c("hired_from_registered_unemployment", Kind.BOOL),
    ),
    key=("person_id", "employer_id", "contract_signed_on"),
)

ENTERPRISES = Table(
    "enterprises",
    "法人",
    (
        _c("enterprise_id", Kind.CREDIT_CODE),
        _c("name", Kind.STR, required=False, nullable=True),
        _c("kind", Kind.ENUM, values=ENTERPRISE_KINDS),
        _c("size", Kind.ENUM, values=ENTERPRISE_SIZES),
        _c("registered_in_hohhot", Kind.BOOL),
        _c("founded_on", Kind.DATE),
        _c("founder_id", Kind.PERSON_ID, nullable=True),
        _c("credit_blacklisted", Kind.BOOL),
        _c("contributions_normal", Kind.BOOL),
        _c("rent_paid", Kind.YUAN, nullable=True, non_negative=True),
        _c("is_daycare", Kind.BOOL),
    ),
    key=("enterprise_id",),
)

CERTIFICATIONS = Table(
    "certifications",
    "专精特新认定",
    (
        _c("enterprise_id", Kind.CREDIT_CODE),
        _c("level", Kind.ENUM, values=CERTIFICATION_LEVELS),
        _c("recognized_on", Kind.DATE),
    ),
    key=("enterprise_id", "level", "recognized_on"),
)

HOME_PURCHASES = Table(
    "home_purchases",
    "购房",
    (
        _c("purchase_id", Kind.STR),
        _c("buyer_id", Kind.PERSON_ID),
        _c("signed_on", Kind.DATE),
        _c("property_kind", Kind.ENUM, values=PROPERTY_KINDS),
        _c("in_hohhot", Kind.BOOL),
        _c("area_m2", Kind.NUMBER, non_negative=True),
        _c("price", Kind.YUAN, non_negative=True),
        _c("first_home", Kind.BOOL),
        _c("first_purchase", Kind.BOOL),
        _c("deed_tax_paid", Kind.YUAN, nullable=True, non_negative=True),
    ),
    key=("purchase_id",),
)

BIRTHS = Table(
    "births",
    "出生",
    (
        _c("child_id", Kind.PERSON_ID),
        _c("mother_id", Kind.PERSON_ID, nullable=True),
        _c("father_id", Kind.PERSON_ID, nullable=True),
        _c("birth_date", Kind.DATE),
        _c("birth_order", Kind.INT),
    ),
    key=("child_id",),
)

DAYCARE_ENROLLMENTS = Table(
    "daycare_enrollments",
    "托育入托",
    (
        _c("child_id", Kind.PERSON_ID),
        _c("child_birth_date", Kind.DATE),
        _c("institution_id", Kind.CREDIT_CODE),
        _c("enrolled_from", Kind.DATE),
        _c("enrolled_to", Kind.DATE, nullable=True),
    ),
    key=("child_id", "enrolled_from"),
)

DORM_PROJECTS = Table(
    "dorm_projects",
    "宿舍人才公寓项目",
    (
        _c("project_id", Kind.STR),
        _c("enterprise_id", Kind.CREDIT_CODE),
        _c("kind", Kind.ENUM, values=DORM_KINDS),
        _c("investment", Kind.YUAN, non_negative=True),
        _c("owned_by_zone_committee", Kind.BOOL),
        _c("completed_on", Kind.DATE),
    ),
    key=("project_id",),
)

RECEIPTS = Table(
    "receipts",
    "已发放记录",
    (
        _c("beneficiary_id", Kind.STR),
        _c("measure_id", Kind.STR),
        _c("amount", Kind.YUAN, non_negative=True),
        _c("months", Kind.INT, nullable=True, non_negative=True),
        _c("period", Kind.PERIOD, nullable=True),
        _c("paid_on", Kind.DATE),
        _c("source_id", Kind.STR),
    ),
    key=(),  # lump sums of several months share source_id with period null
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        PERSONS,
        EMPLOYMENTS,
        ENTERPRISES,
        CERTIFICATIONS,
        HOME_PURCHASES,
        BIRTHS,
        DAYCARE_ENROLLMENTS,
        DORM_PROJECTS,
        RECEIPTS,
    )
}
