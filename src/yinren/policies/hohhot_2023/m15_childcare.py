"""第（十五）条 — a one-time allowance for a Hohhot family's 2nd or 3rd child, and daycare subsidies (市卫健委)."""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, dates, kernels

from ._common import from_policy_date, not_already_paid
from ._facts import already_paid, enterprise_columns

CLAUSE = "第（十五）条"
ALLOWANCE = "m15_childcare_allowance"
DAYCARE = "m15_daycare_subsidy"
QUOTE = "对生育二孩、三孩的呼和浩特市户籍家庭，发放一次性育儿津贴5000元。对入托的3岁以下婴幼儿，给予托育机构每人每年600元的照护补贴。"


def allowance_units(context: Context, p: ParameterView) -> Frame:
    births = context.data.births
    born = births.filter(births.birth_date <= context.as_of_days)
    hukou = context.data.persons.hukou_in_hohhot
    frame = Frame(
        {
            # Paid to the mother, or to the father where no mother is recorded (spec section 2a).
            "beneficiary": np.where(born.mother_id >= 0, born.mother_id, born.father_id),
            "source": born.row,
            "birth_date": born.birth_date,
            "birth_order": born.birth_order,
            "mother_hukou_in_hohhot": kernels.take(hukou, born.mother_id, False),
            "father_hukou_in_hohhot": kernels.take(hukou, born.father_id, False),
        },
        born.height,
    )
    return frame.with_columns(paid=already_paid(context, ALLOWANCE, frame, "persons", "births"))


def daycare_units(context: Context, p: ParameterView) -> Frame:
    enrolments = context.data.daycare_enrollments
    known = enrolments.filter(enrolments.enrolled_from <= context.as_of_days)
    first = np.int32(dates.month_first_day(context.month))
    last = np.int32(dates.month_last_day(context.month))
    ends = known.enrolled_to
    institution = enterprise_columns(context, known.institution_id, "is_daycare", "registered_in_hohhot")
    frame = Frame(
        {
            "beneficiary": known.institution_id,
            "source": known.row,
            "period": np.full(known.height, context.month, dtype=np.int64),
            "month_first_day": np.full(known.height, first, dtype=np.int32),
            "enrolled_from": known.enrolled_from,
            "enrolled_to": ends,
            "enrolled_in_month": (known.enrolled_from <= last) & ((ends == dates.NULL_DATE) | (ends >= first)),
            "age_at_month_start": np.where(
                known.child_birth_date == dates.NULL_DATE,
                -1,
                dates.completed_years(known.child_birth_date, first),
            ),
            **institution,
        },
        known.height,
    )
    return frame.with_columns(paid=already_paid(context, DAYCARE, frame, "enterprises", "daycare_enrollments"))


ALLOWANCE_MEASURE = Measure(
    id=ALLOWANCE,
    clause=CLAUSE,
    title_zh="二孩三孩一次性育儿津贴",
    title_en="One-time childcare allowance for a 2nd or 3rd child",
    departments=("市卫健委",),
    kind="cash",
    frequency="one_time",
    beneficiary="person",
    beneficiary_domain="persons",
    source_domain="births",
    unit_zh="出生登记",
    unit_en="birth",
    quote=QUOTE,
    summary_zh="呼和浩特市户籍家庭生育二孩、三孩的，一次性发放育儿津贴5000元。",
    summary_en="A Hohhot 户籍 family that has a 2nd or 3rd child gets a one-time allowance of 5,000 yuan.",
    group="教育医疗",
    units=allowance_units,
    unit_table="births",
    conditions=(
        Condition(
            "second_or_third_child",
            CLAUSE,
            zh="生育的是二孩或三孩（第{f.birth_order}孩）",
            en="a 2nd or 3rd child (child number {f.birth_order})",
            test=lambda u, p: kernels.member(u.birth_order, p("birth_orders")),
        ),
        Condition(
            "hohhot_hukou_family",
            CLAUSE,
            zh="呼和浩特市户籍家庭：父母一方为本市户籍（母亲：{f.mother_hukou_in_hohhot}；父亲：{f.father_hukou_in_hohhot}）",
            en="a Hohhot 户籍 family: the mother or the father holds Hohhot 户籍 (mother: {f.mother_hukou_in_hohhot}; "
            "father: {f.father_hukou_in_hohhot})",
            test=lambda u, p: u.mother_hukou_in_hohhot | u.father_hukou_in_hohhot,
        ),
        from_policy_date(
            "born_since_policy",
            CLAUSE,
            "birth_date",
            zh="于{p.policy.effective_from}及以后出生（{f.birth_date}）",
            en="born on or after {p.policy.effective_from} ({f.birth_date})",
        ),
        not_already_paid(CLAUSE, "该子女的育儿津贴", "the allowance for this child"),
    ),
    value=lambda u, p: p("amount"),
    family=True,
    value_zh="一次性{p.amount}",
    value_en="{p.amount} once",
)

DAYCARE_MEASURE = Measure(
    id=DAYCARE,
    clause=CLAUSE,
    title_zh="托育机构照护补贴",
    title_en="Daycare subsidy to institutions",
    departments=("市卫健委",),
    kind="cash",
    frequency="monthly",
    beneficiary="enterprise",
    beneficiary_domain="enterprises",
    source_domain="daycare_enrollments",
    unit_zh="入托记录",
    unit_en="daycare enrolment",
    quote=QUOTE,
    summary_zh="对入托的3岁以下婴幼儿，按每人每年600元补贴托育机构（每月50元）。",
    summary_en="Daycare institutions get 600 yuan a year (50 a month) for each enrolled child under 3.",
    group="教育医疗",
    units=daycare_units,
    unit_table="daycare_enrollments",
    conditions=(
        Condition(
            "enrolled_during_month",
            CLAUSE,
            zh="当月在托（入托{f.enrolled_from}，离托{f.enrolled_to}）",
            en="enrolled during the month (from {f.enrolled_from} to {f.enrolled_to})",
            test=lambda u, p: u.enrolled_in_month,
        ),
        Condition(
            "under_3_at_month_start",
            CLAUSE,
            zh="当月1日不满{p.max_age}周岁（{f.age_at_month_start}岁）",
            en="under {p.max_age} on the month's first day ({f.age_at_month_start})",
            test=lambda u, p: (u.age_at_month_start >= 0) & (u.age_at_month_start < p("max_age")),
        ),
        Condition(
            "month_since_policy",
            CLAUSE,
            zh="补贴月份不早于政策生效当月（{p.policy.effective_from}）",
            en="the month is not before the policy's month ({p.policy.effective_from})",
            test=lambda u, p: u.period >= int(dates.month_index(p.days("policy.effective_from"))),
        ),
        Condition(
            "registered_daycare_in_hohhot",
            CLAUSE,
            zh="托育机构已备案且在本市注册",
            en="the institution is a registered daycare in Hohhot",
            test=lambda u, p: u.is_daycare & u.registered_in_hohhot,
        ),
        not_already_paid(CLAUSE, "本月照护补贴", "this month's subsidy"),
    ),
    value=lambda u, p: p("annual_amount") // 12,
    value_zh="每人每年{p.annual_amount}，按月计",
    value_en="{p.annual_amount} a year per child, by month",
)
