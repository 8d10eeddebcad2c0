"""第（十）条 扩大高校毕业生租购房补贴范围 — graduates' rent and purchase subsidies (市人社局、市住建局).

The notice widens an existing subsidy to 专科（高职）graduates; the rent subsidy pays 300 yuan a month for
at most 2 years, the purchase subsidy 20,000 yuan once.
"""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, dates, kernels, schema

from ._common import not_already_paid
from ._facts import (
    age_at,
    already_paid,
    id_ranks,
    is_graduate,
    person_facts,
    persons_at_as_of,
    received_by_beneficiary,
    works_in_hohhot,
)

CLAUSE = "第（十）条"
RENT = "m10_graduate_rent"
PURCHASE = "m10_graduate_purchase"
QUOTE = "扩大高校毕业生租购房补贴范围，将符合条件的专科（高职）毕业生纳入补贴对象。租房每月补贴300元，最长补贴2年，购房一次性补贴2万元。"


def graduate_conditions(at_zh: str, at_en: str) -> tuple[Condition, ...]:
    """Conditions 1-4 of the rent subsidy, read at a date: as_of for rent, the signing date for purchase."""
    return (
        Condition(
            "graduate_of_eligible_level",
            CLAUSE,
            zh=f"全日制高校毕业生，学历在{at_zh}属补贴范围（{{f.education_level}}；全日制：{{f.full_time}}）",
            en=f"a full-time graduate of a level covered {at_en} ({{f.education_level}}; full-time: {{f.full_time}})",
            test=lambda u, p: (
                u.graduate
                & p.member(f"{RENT}.eligible_levels", u.education_level, schema.EDUCATION_LEVELS, u.assessed_on)
            ),
        ),
        Condition(
            "within_years_of_graduation",
            CLAUSE,
            zh="毕业{p.m10_graduate_rent.years_after_graduation}年内（{f.graduation_date}毕业）",
            en="within {p.m10_graduate_rent.years_after_graduation} years after graduating "
            "(graduated {f.graduation_date})",
            test=lambda u, p: dates.within_years_after(
                u.graduation_date, u.assessed_on, p(f"{RENT}.years_after_graduation")
            ),
        ),
        Condition(
            "aged_35_or_under",
            CLAUSE,
            zh=f"{at_zh}不超过{{p.m10_graduate_rent.max_age}}周岁（{{f.age}}岁）",
            en=f"aged {{p.m10_graduate_rent.max_age}} or under {at_en} ({{f.age}})",
            test=lambda u, p: (u.age >= 0) & (u.age <= p(f"{RENT}.max_age")),
        ),
        Condition(
            "works_in_hohhot",
            CLAUSE,
            zh=f"{at_zh}在呼和浩特市就业（参保）或创业",
            en=f"works in Hohhot {at_en} (insured employment or own business)",
            test=lambda u, p: u.works_in_hohhot,
        ),
    )


def rent_units(context: Context, p: ParameterView) -> Frame:
    persons = persons_at_as_of(context)
    codes = persons.beneficiary
    receipts = context.receipts(RENT, "persons", "persons")
    size = len(context.data.ids["persons"])
    months = kernels.group_sum(receipts.beneficiary, receipts.months, size)
    lease = context.result("m08_lease_subsidy")
    lease_eligible = np.zeros(size, dtype=bool)
    lease_eligible[lease.units.beneficiary] = lease.eligible
    frame = persons.with_columns(
        period=np.full(persons.height, context.month, dtype=np.int64),
        assessed_on=np.full(persons.height, context.as_of_days, dtype=np.int32),
        graduate=is_graduate(persons.education_level, persons.full_time),
        works_in_hohhot=works_in_hohhot(context, codes, context.as_of_days),
        months_received=kernels.take(months, codes, 0),
        lease_subsidy_eligible=lease_eligible[codes],
    )
    return frame.with_columns(paid=already_paid(context, RENT, frame, "persons", "persons"))


def purchase_units(context: Context, p: ParameterView) -> Frame:
    homes = context.data.home_purchases
    signed = homes.filter(homes.signed_on <= context.as_of_days)
    buyer = person_facts(context, signed.buyer_id)
    return Frame(
        {
            "beneficiary": signed.buyer_id,
            "source": signed.row,
            "purchase_rank": id_ranks(context, "home_purchases")[signed.row],
            "assessed_on": signed.signed_on,
            "signed_on": signed.signed_on,
            "in_hohhot": signed.in_hohhot,
            "first_home": signed.first_home,
            "age": age_at(buyer["birth_date"], signed.signed_on),
            "graduate": is_graduate(buyer["education_level"], buyer["full_time"]),
            "education_level": buyer["education_level"],
            "full_time": buyer["full_time"],
            "graduation_date": buyer["graduation_date"],
            "works_in_hohhot": works_in_hohhot(context, signed.buyer_id, signed.signed_on),
            "paid": received_by_beneficiary(context, PURCHASE, signed.buyer_id, "persons", "home_purchases"),
        },
        signed.height,
    )


_COMMON = {
    "clause": CLAUSE,
    "departments": ("市人社局", "市住建局"),
    "kind": "cash",
    "beneficiary": "person",
    "beneficiary_domain": "persons",
    "quote": QUOTE,
    "group": "安居",
}

RENT_MEASURE = Measure(
    id=RENT,
    title_zh="高校毕业生租房补贴",
    title_en="Graduate rent subsidy",
    frequency="monthly",
    source_domain="persons",
    unit_zh="人员",
    unit_en="person",
    summary_zh="毕业5年内、35岁以下、在呼就业创业且无房的全日制专科及以上毕业生，每月补贴300元，最长2年。",
    summary_en="Full-time graduates (专科 and above) within 5 years of graduating, aged 35 or under, working in "
    "Hohhot and owning no home there get 300 yuan a month for up to 2 years.",
    units=rent_units,
    unit_table="persons",
    conditions=(
        *graduate_conditions("评估日", "at the assessment date"),
        Condition(
            "no_home_in_hohhot",
            CLAUSE,
            zh="本人及配偶在本市无房",
            en="owns no home in Hohhot (nor does the spouse)",
            test=lambda u, p: ~u.owns_home_in_hohhot,
        ),
        Condition(
            "not_in_public_rental",
            CLAUSE,
            zh="未实物配租公租房（不重复享受）",
            en="not living in an allocated public-rental unit (no double benefit)",
            test=lambda u, p: ~u.public_rental_allocated,
        ),
        Condition(
            "not_in_affordable_rental",
            CLAUSE,
            zh="未租住享受优惠租金的保障性租赁住房（不重复享受）",
            en="not renting affordable rental housing at the reduced rent (no double benefit)",
            test=lambda u, p: ~u.in_affordable_rental,
        ),
        Condition(
            "not_receiving_lease_subsidy",
            CLAUSE,
            zh="当月不享受公租房长期租赁补贴（不重复享受）",
            en="not eligible for the public-rental lease subsidy that month (no double benefit)",
            test=lambda u, p: ~u.lease_subsidy_eligible,
        ),
        Condition(
            "within_month_cap",
            CLAUSE,
            zh="最长补贴{p.max_months}个月（已领{f.months_received}个月）",
            en="paid for at most {p.max_months} months ({f.months_received} received so far)",
            test=lambda u, p: u.months_received < p("max_months"),
        ),
        not_already_paid(CLAUSE, "本月租房补贴", "this month's rent subsidy"),
    ),
    value=lambda u, p: p("monthly_amount"),
    value_zh="每月{p.monthly_amount}",
    value_en="{p.monthly_amount} a month",
    **_COMMON,  # type: ignore[arg-type]
)

PURCHASE_MEASURE = Measure(
    id=PURCHASE,
    title_zh="高校毕业生购房补贴",
    title_en="Graduate home purchase subsidy",
    frequency="one_time",
    source_domain="home_purchases",
    unit_zh="购房记录",
    unit_en="home purchase",
    summary_zh="符合条件的全日制专科及以上毕业生在本市购买首套住房，一次性补贴2万元。",
    summary_en="Eligible full-time graduates (专科 and above) buying a first home in Hohhot get 20,000 yuan once.",
    units=purchase_units,
    unit_table="home_purchases",
    conditions=(
        *graduate_conditions("购房合同签订时", "when the purchase was signed"),
        Condition(
            "home_in_hohhot",
            CLAUSE,
            zh="住房位于呼和浩特市",
            en="the home is in Hohhot",
            test=lambda u, p: u.in_hohhot,
        ),
        Condition(
            "family_first_home",
            CLAUSE,
            zh="首套：购房家庭的唯一住房",
            en="a first home: the buyer's family owns no other home",
            test=lambda u, p: u.first_home,
        ),
        Condition(
            "first_subsidised_purchase",
            CLAUSE,
            zh="每人限领一次：本次为其最早符合条件的购房，且此前未领取",
            en="once per person: the buyer's earliest qualifying purchase, and none paid before",
            test=lambda u, p: (
                kernels.none_before_in_group(u.beneficiary, u.qualifies, u.signed_on, u.purchase_rank) & ~u.paid
            ),
            after=True,
        ),
    ),
    value=lambda u, p: p("amount"),
    value_zh="一次性{p.amount}",
    value_en="{p.amount} once",
    **_COMMON,  # type: ignore[arg-type]
)
