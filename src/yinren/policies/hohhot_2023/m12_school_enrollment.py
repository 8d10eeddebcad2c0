"""第（十二）条 义务教育“零门槛”招生入学 — compulsory schooling with no 户籍 or property condition (市教育局)."""

from __future__ import annotations

from datetime import date

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, dates, kernels

from ._facts import age_at

CLAUSE = "第（十二）条"
ID = "m12_school_enrollment"


def school_year_start(as_of: date) -> date:
    """1 September of as_of's year from September on, else of the year before (spec section 2a)."""
    return date(as_of.year if as_of.month >= 9 else as_of.year - 1, 9, 1)


def units(context: Context, p: ParameterView) -> Frame:
    persons = context.data.persons
    children = persons.filter((persons.mother_id >= 0) | (persons.father_id >= 0))
    september = np.int32(dates.to_days(school_year_start(context.as_of)))
    lives = persons.lives_in_hohhot
    return Frame(
        {
            "beneficiary": children.row,
            "source": children.row,
            "school_year_start": np.full(children.height, september, dtype=np.int32),
            "age_on_september_1": age_at(children.birth_date, september),
            "parent_lives_in_hohhot": kernels.take(lives, children.mother_id, False)
            | kernels.take(lives, children.father_id, False),
        },
        children.height,
    )


MEASURE = Measure(
    id=ID,
    clause=CLAUSE,
    title_zh="义务教育“零门槛”入学",
    title_en="Compulsory schooling with no entry threshold",
    departments=("市教育局",),
    kind="entitlement",
    frequency="standing",
    beneficiary="person",
    beneficiary_domain="persons",
    source_domain="persons",
    unit_zh="子女",
    unit_en="child",
    quote="实施义务教育“零门槛”招生入学……满足来呼人员子女“有学上、上好学”需求。",
    summary_zh="来呼人员子女接受义务教育，不设户籍、房产门槛。",
    summary_en="Children of people who come to Hohhot enter compulsory education with no 户籍 or property condition.",
    group="教育医疗",
    units=units,
    unit_table="persons",
    conditions=(
        Condition(
            "compulsory_school_age",
            CLAUSE,
            zh="{f.school_year_start}学年开始时{p.min_age}至{p.max_age}周岁（{f.age_on_september_1}岁）",
            en="aged {p.min_age} to {p.max_age} on {f.school_year_start}, when the school year starts "
            "({f.age_on_september_1})",
            test=lambda u, p: (u.age_on_september_1 >= p("min_age")) & (u.age_on_september_1 <= p("max_age")),
        ),
        Condition(
            "parent_lives_in_hohhot",
            CLAUSE,
            zh="父母一方在呼和浩特市居住",
            en="a parent lives in Hohhot",
            test=lambda u, p: u.parent_lives_in_hohhot,
        ),
    ),
    value=lambda u, p: 1,
    family=True,
    value_zh="入学不设户籍、房产条件",
    value_en="enrolment with no 户籍 or property condition",
)
