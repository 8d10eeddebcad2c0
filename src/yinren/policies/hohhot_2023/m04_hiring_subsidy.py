"""第（四）条 发放一次性扩岗补助 — 1,500 yuan to an employer per eligible hire (市人社局)."""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, dates, kernels, schema

from ._facts import (
    age_at,
    enterprise_columns,
    id_ranks,
    is_graduate,
    person_domain_size,
    person_facts,
    received_for_person,
)

CLAUSE = "第（四）条"
ID = "m04_hiring_subsidy"


def units(context: Context, p: ParameterView) -> Frame:
    jobs = context.data.employments
    hires = jobs.filter(jobs.contract_signed_on <= context.as_of_days)  # later hires do not exist yet
    person = person_facts(context, hires.person_id)
    employer = enterprise_columns(
        context,
        hires.employer_id,
        "kind",
        "registered_in_hohhot",
        "contributions_normal",
        "credit_blacklisted",
    )
    hired_on = hires.contract_signed_on
    graduated = person["graduation_date"]
    graduate = is_graduate(person["education_level"], person["full_time"])
    hire_year, _, _ = dates.civil(hired_on)
    grad_year, _, _ = dates.civil(graduated)
    return Frame(
        {
            "beneficiary": hires.employer_id,
            "source": hires.person_id,
            "employer_rank": kernels.take(id_ranks(context, "enterprises"), hires.employer_id, 0),
            "contract_signed_on": hired_on,
            "insured_months": hires.insured_months,
            # Hires before the window fail `hired_within_national_window`; they read the first minimum.
            "min_insured_months": p.at("min_insured_months", hired_on, clamp=True),
            "fresh_graduate": graduate & (graduated != dates.NULL_DATE) & (grad_year == hire_year),
            "unemployed_graduate": graduate
            & dates.within_years_after(graduated, hired_on, p("graduate_years_after_leaving"))
            & _first_job_since_graduation(context, hires, graduated),
            "unemployed_youth": hires.hired_from_registered_unemployment
            & _between(age_at(person["birth_date"], hired_on), p("youth_min_age"), p("youth_max_age")),
            "age_at_hire": age_at(person["birth_date"], hired_on),
            "paid": received_for_person(context, ID, hires.person_id, "enterprises"),
            **employer,
        },
        hires.height,
    )


def _between(values: np.ndarray, low: int, high: int) -> np.ndarray:
    return (values >= low) & (values <= high)


def _first_job_since_graduation(context: Context, hires: Frame, graduated: np.ndarray) -> np.ndarray:
    """离校后未就业: no employment of the person was signed on or after graduating and before this hire."""
    jobs = context.data.employments
    graduated_then = kernels.take(context.data.persons.graduation_date, jobs.person_id, dates.NULL_DATE)
    since_graduating = (graduated_then != dates.NULL_DATE) & (jobs.contract_signed_on >= graduated_then)
    first_signed = kernels.group_min(
        jobs.person_id, jobs.contract_signed_on.astype(np.int64), person_domain_size(context), since_graduating, 2**31
    )
    no_job_before: np.ndarray = (graduated != dates.NULL_DATE) & (
        kernels.take(first_signed, hires.person_id, 2**31) >= hires.contract_signed_on
    )
    return no_job_before


MEASURE = Measure(
    id=ID,
    clause=CLAUSE,
    title_zh="一次性扩岗补助",
    title_en="One-time job-expansion subsidy",
    departments=("市人社局",),
    kind="cash",
    frequency="one_time",
    beneficiary="enterprise",
    beneficiary_domain="enterprises",
    source_domain="persons",
    unit_zh="招用记录",
    unit_en="hire",
    quote="对招用应届及离校两年内未就业的高校毕业生、登记失业的16-24岁青年，签订劳动合同并为其缴纳社会保险费1个月以上的"
    "企业，发放每人1500元的一次性扩岗补助。",
    summary_zh="企业招用应届或离校两年内未就业的高校毕业生、登记失业的16-24岁青年，签合同并缴社保的，每人补助1500元。",
    summary_en="Employers hiring new graduates, graduates still unemployed within two years of leaving school, or "
    "registered-unemployed youths aged 16-24, with a contract and social insurance, get 1,500 yuan per hire.",
    group="就业",
    units=units,
    unit_table="employments",
    conditions=(
        Condition(
            "employer_is_enterprise",
            CLAUSE,
            zh="用人单位为企业（机关、事业单位、社会组织和个体工商户不在此列）",
            en="the employer is an enterprise (government, public institutions, social organisations and "
            "individual businesses are out)",
            test=lambda u, p: p.member("employer_kinds", u.kind, schema.ENTERPRISE_KINDS),
        ),
        Condition(
            "employer_registered_in_hohhot",
            CLAUSE,
            zh="企业在呼和浩特市注册",
            en="the enterprise is registered in Hohhot",
            test=lambda u, p: u.registered_in_hohhot,
        ),
        Condition(
            "employer_contributions_normal",
            CLAUSE,
            zh="企业社会保险费缴纳正常",
            en="the enterprise's social insurance contributions are paid up",
            test=lambda u, p: u.contributions_normal,
        ),
        Condition(
            "employer_not_blacklisted",
            CLAUSE,
            zh="企业未列入严重违法失信名单",
            en="the enterprise is not on the serious-violation credit blacklist",
            test=lambda u, p: ~u.credit_blacklisted,
        ),
        Condition(
            "hired_within_national_window",
            CLAUSE,
            zh="劳动合同签订于{p.window_start}至{p.window_end}之间（签订日{f.contract_signed_on}）",
            en="contract signed between {p.window_start} and {p.window_end} (signed {f.contract_signed_on})",
            test=lambda u, p: (
                (u.contract_signed_on >= p.days("window_start")) & (u.contract_signed_on <= p.days("window_end"))
            ),
        ),
        Condition(
            "hired_person_in_target_group",
            CLAUSE,
            zh="招用的是应届高校毕业生（{f.fresh_graduate}）、离校{p.graduate_years_after_leaving}年内未就业的高校毕业生"
            "（{f.unemployed_graduate}）或登记失业的{p.youth_min_age}-{p.youth_max_age}岁青年（{f.unemployed_youth}）",
            en="the hire is a graduate of the hiring year ({f.fresh_graduate}), a graduate unemployed within "
            "{p.graduate_years_after_leaving} years of leaving school ({f.unemployed_graduate}) or a registered-"
            "unemployed youth aged {p.youth_min_age}-{p.youth_max_age} ({f.unemployed_youth})",
            test=lambda u, p: u.fresh_graduate | u.unemployed_graduate | u.unemployed_youth,
        ),
        Condition(
            "insured_long_enough",
            CLAUSE,
            zh="签订劳动合同并缴纳社会保险费{f.min_insured_months}个月以上（已缴{f.insured_months}个月）",
            en="a labour contract and at least {f.min_insured_months} months of social insurance paid "
            "({f.insured_months} so far)",
            test=lambda u, p: u.insured_months >= u.min_insured_months,
        ),
        Condition(
            "first_subsidised_hire_of_person",
            CLAUSE,
            zh="同一人只补助一次：本次为其最早符合条件的招用，且此前未发放过",
            en="once per person: this is the person's earliest qualifying hire and none was paid before",
            test=lambda u, p: (
                kernels.none_before_in_group(u.source, u.qualifies, u.contract_signed_on, u.employer_rank) & ~u.paid
            ),
            after=True,
        ),
    ),
    value=lambda u, p: p("amount"),
    value_zh="每人{p.amount}",
    value_en="{p.amount} per hire",
    extra_facts=("age_at_hire",),
)
