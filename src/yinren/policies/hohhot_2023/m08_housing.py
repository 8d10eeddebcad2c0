"""第（八）条 — long-term rental subsidy for public-rental applicants, and a rent cap on affordable rentals (市住建局)."""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, dates

from ._common import adult, not_already_paid
from ._facts import already_paid, persons_at_as_of

CLAUSE = "第（八）条"
LEASE = "m08_lease_subsidy"
CAP = "m08_affordable_rent_cap"
QUOTE = (
    "符合公租房申请条件、未实物配租的人员，可申领每年2880元的长期租赁补贴。在我市无房的青年人、新市民申请租住"
    "保障性租赁住房，租金不超过市场价的70%。"
)


def lease_units(context: Context, p: ParameterView) -> Frame:
    persons = persons_at_as_of(context)
    frame = persons.with_columns(period=np.full(persons.height, context.month, dtype=np.int64))
    return frame.with_columns(paid=already_paid(context, LEASE, frame, "persons", "persons"))


def cap_units(context: Context, p: ParameterView) -> Frame:
    persons = persons_at_as_of(context)
    since = persons.hukou_since
    return persons.with_columns(
        newcomer=~persons.hukou_in_hohhot
        | dates.within_years_after(since, np.full(since.shape, context.as_of_days), p("newcomer_years")),
    )


LEASE_MEASURE = Measure(
    id=LEASE,
    clause=CLAUSE,
    title_zh="公租房长期租赁补贴",
    title_en="Public-rental long-term lease subsidy",
    departments=("市住建局",),
    kind="cash",
    frequency="monthly",
    beneficiary="person",
    beneficiary_domain="persons",
    source_domain="persons",
    unit_zh="人员",
    unit_en="person",
    quote=QUOTE,
    summary_zh="符合公租房申请条件但未实物配租的，每年补贴2880元（每月240元）。",
    summary_en="People who qualify for public rental housing but have no unit allocated get 2,880 yuan a year "
    "(240 a month).",
    group="安居",
    units=lease_units,
    unit_table="persons",
    conditions=(
        adult(CLAUSE),
        Condition(
            "public_rental_qualified",
            CLAUSE,
            zh="符合公租房申请条件",
            en="meets the public-rental housing conditions",
            test=lambda u, p: u.public_rental_qualified,
        ),
        Condition(
            "no_unit_allocated",
            CLAUSE,
            zh="未实物配租",
            en="no public-rental unit allocated",
            test=lambda u, p: ~u.public_rental_allocated,
        ),
        Condition(
            "lives_in_hohhot",
            CLAUSE,
            zh="在呼和浩特市居住（户籍或居住证）",
            en="lives in Hohhot (户籍 or residence permit)",
            test=lambda u, p: u.lives_in_hohhot,
        ),
        not_already_paid(CLAUSE, "本月租赁补贴", "this month's subsidy"),
    ),
    value=lambda u, p: p("annual_amount") // 12,
    value_zh="每年{p.annual_amount}，按月发放",
    value_en="{p.annual_amount} a year, paid monthly",
)

CAP_MEASURE = Measure(
    id=CAP,
    clause=CLAUSE,
    title_zh="保障性租赁住房租金优惠",
    title_en="Affordable rental housing rent cap",
    departments=("市住建局",),
    kind="rent_cap",
    frequency="standing",
    beneficiary="person",
    beneficiary_domain="persons",
    source_domain="persons",
    unit_zh="人员",
    unit_en="person",
    quote=QUOTE,
    summary_zh="在本市无房的青年人、新市民租住保障性租赁住房，租金不超过市场价的70%。",
    summary_en="Young people and newcomers with no home in Hohhot rent affordable rental housing at no more "
    "than 70% of the market rent.",
    group="安居",
    units=cap_units,
    unit_table="persons",
    conditions=(
        adult(CLAUSE),
        Condition(
            "no_home_in_hohhot",
            CLAUSE,
            zh="本人及配偶在本市无房",
            en="owns no home in Hohhot (nor does the spouse)",
            test=lambda u, p: ~u.owns_home_in_hohhot,
        ),
        Condition(
            "young_or_newcomer",
            CLAUSE,
            zh="青年人（{p.policy.adult_age}-{p.youth_max_age}周岁，现{f.age}岁）或新市民（非本市户籍或落户未满"
            "{p.newcomer_years}年：{f.newcomer}）",
            en="a young person (aged {p.policy.adult_age}-{p.youth_max_age}, now {f.age}) or a newcomer (no Hohhot "
            "户籍, or settled less than {p.newcomer_years} years ago: {f.newcomer})",
            test=lambda u, p: (u.age <= p("youth_max_age")) | u.newcomer,
        ),
    ),
    value=lambda u, p: int(p("rent_cap_ratio") * 1_000_000),
    value_zh="租金不超过市场价的{p.rent_cap_ratio}",
    value_en="rent at most {p.rent_cap_ratio} of the market rent",
)
