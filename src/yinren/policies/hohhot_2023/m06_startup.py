"""第（六）条 加强创业扶持 — rent subsidy and guaranteed loans for young graduates' start-ups (市人社局).

Two measures read the same founder conditions: the rent subsidy pays; the loan grants a right to apply.
"""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, dates, kernels, schema

from ._common import from_policy_date
from ._facts import (
    age_at,
    id_ranks,
    is_graduate,
    person_facts,
    received_by_beneficiary,
)

CLAUSE = "第（六）条"
RENT = "m06_startup_rent"
LOAN = "m06_startup_loan"
QUOTE = (
    "青年大学生在本市创办小微企业（含个体工商户），可申领最高5000元的场租补贴，对创办的小微企业发展前景好、"
    "带动就业人数较多的，经认定可申请最高600万元创业担保贷款。"
)


def units(context: Context, p: ParameterView) -> Frame:
    firms = context.data.enterprises
    started = firms.filter((firms.founder_id >= 0) & (firms.founded_on <= context.as_of_days))
    founder = person_facts(context, started.founder_id)
    founded_on = started.founded_on
    graduate = is_graduate(founder["education_level"], founder["full_time"])
    graduated = founder["graduation_date"]
    return Frame(
        {
            "beneficiary": started.founder_id,
            "source": started.row,
            "enterprise_rank": id_ranks(context, "enterprises")[started.row],
            "kind": started.kind,
            "size": started.size,
            "registered_in_hohhot": started.registered_in_hohhot,
            "founded_on": founded_on,
            "rent_paid_fen": started.rent_paid,
            # A student then: in school now, or a full-time graduate who left school after the founding.
            "student_at_founding": founder["in_school"] | (graduate & (graduated > founded_on)),
            "recent_graduate_at_founding": graduate
            & dates.within_years_after(graduated, founded_on, p(f"{RENT}.graduate_years")),
            "founder_age_at_founding": age_at(founder["birth_date"], founded_on),
            "paid": received_by_beneficiary(context, RENT, started.founder_id, "persons", "enterprises"),
        },
        started.height,
    )


FOUNDER_CONDITIONS = (
    Condition(
        "small_or_micro_business",
        CLAUSE,
        zh="创办的是小微企业（含个体工商户）",
        en="the business is a small or micro enterprise (individual businesses included)",
        test=lambda u, p: (
            p.member(f"{RENT}.business_kinds", u.kind, schema.ENTERPRISE_KINDS)
            & (
                (u.kind != schema.ENTERPRISE_KINDS.index("enterprise"))
                | p.member(f"{RENT}.sizes", u.size, schema.ENTERPRISE_SIZES)
            )
        ),
    ),
    Condition(
        "founded_in_hohhot",
        CLAUSE,
        zh="在本市创办（在呼和浩特市注册）",
        en="founded in Hohhot (registered there)",
        test=lambda u, p: u.registered_in_hohhot,
    ),
    from_policy_date(
        "founded_since_policy",
        CLAUSE,
        "founded_on",
        zh="于{p.policy.effective_from}及以后创办（成立日{f.founded_on}）",
        en="founded on or after {p.policy.effective_from} (founded {f.founded_on})",
    ),
    Condition(
        "founder_is_student_or_recent_graduate",
        CLAUSE,
        zh="创办人是大学生：创办时在校（{f.student_at_founding}）或毕业{p.m06_startup_rent.graduate_years}年内"
        "（{f.recent_graduate_at_founding}）",
        en="the founder is a university student at founding ({f.student_at_founding}) or a graduate within "
        "{p.m06_startup_rent.graduate_years} years of graduating ({f.recent_graduate_at_founding})",
        test=lambda u, p: u.student_at_founding | u.recent_graduate_at_founding,
    ),
    Condition(
        "founder_is_young",
        CLAUSE,
        zh="创办人创办时不超过{p.m06_startup_rent.max_age}周岁（{f.founder_age_at_founding}岁）",
        en="the founder was aged {p.m06_startup_rent.max_age} or under at founding ({f.founder_age_at_founding})",
        test=lambda u, p: (u.founder_age_at_founding >= 0) & (u.founder_age_at_founding <= p(f"{RENT}.max_age")),
    ),
)

_COMMON = {
    "clause": CLAUSE,
    "departments": ("市人社局", "市科技局", "团市委"),
    "frequency": "one_time",
    "beneficiary": "person",
    "beneficiary_domain": "persons",
    "source_domain": "enterprises",
    "unit_zh": "创办的企业",
    "unit_en": "business founded",
    "quote": QUOTE,
    "group": "就业",
    "units": units,
    "unit_table": "enterprises",
}

RENT_MEASURE = Measure(
    id=RENT,
    title_zh="创业场租补贴",
    title_en="Start-up rent subsidy",
    kind="cash",
    summary_zh="青年大学生在本市创办小微企业（含个体工商户），按实际场租补贴，最高5000元。",
    summary_en="Young graduates founding a small or micro business in Hohhot get their rent paid, up to 5,000 yuan.",
    conditions=(
        *FOUNDER_CONDITIONS,
        Condition(
            "rent_paid",
            CLAUSE,
            zh="有已付场租（凭发票，{f.rent_paid_fen}）",
            en="rent has been paid, with invoices ({f.rent_paid_fen})",
            test=lambda u, p: u.rent_paid_fen > 0,
        ),
        Condition(
            "first_subsidised_business_of_founder",
            CLAUSE,
            zh="每人限领一次：本次为其最早符合条件的创业，且此前未领取",
            en="once per person: the founder's earliest qualifying business, and none paid before",
            test=lambda u, p: (
                kernels.none_before_in_group(u.beneficiary, u.qualifies, u.founded_on, u.enterprise_rank) & ~u.paid
            ),
            after=True,
        ),
    ),
    value=lambda u, p: np.minimum(u.rent_paid_fen, p("max_amount")),
    value_zh="按已付场租{f.rent_paid_fen}，最高{p.max_amount}",
    value_en="the rent paid ({f.rent_paid_fen}), at most {p.max_amount}",
    **_COMMON,  # type: ignore[arg-type]
)

LOAN_MEASURE = Measure(
    id=LOAN,
    title_zh="创业担保贷款",
    title_en="Guaranteed start-up loan",
    kind="loan",
    summary_zh="青年大学生创办的小微企业发展前景好、带动就业多的，经认定可申请最高600万元创业担保贷款。",
    summary_en="A young graduate's small business with good prospects that creates jobs may, once recognised, "
    "apply for a guaranteed loan of up to 6,000,000 yuan.",
    conditions=FOUNDER_CONDITIONS,
    value=lambda u, p: p("max_loan"),
    value_zh="可申请贷款额度最高{p.max_loan}",
    value_en="may apply for a loan of up to {p.max_loan}",
    review_zh="须经认定“发展前景好、带动就业人数较多”，由市人社局人工审核。",
    review_en="Subject to recognition that the business has good prospects and creates jobs: "
    "a 市人社局 reviewer decides.",
    **_COMMON,  # type: ignore[arg-type]
)
