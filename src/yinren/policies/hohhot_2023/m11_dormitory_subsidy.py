"""第（十一）条 — subsidy for staff dormitories and talent apartments owned by a zone committee (市工信局)."""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView

from ._common import from_policy_date, not_already_paid
from ._facts import already_paid

CLAUSE = "第（十一）条"
ID = "m11_dormitory_subsidy"


def units(context: Context, p: ParameterView) -> Frame:
    projects = context.data.dorm_projects
    done = projects.filter(projects.completed_on <= context.as_of_days)
    share_ppm = int(p("investment_share") * 1_000_000)
    frame = Frame(
        {
            "beneficiary": done.enterprise_id,
            "source": done.row,
            "kind": done.kind,
            "investment_fen": done.investment,
            "owned_by_zone_committee": done.owned_by_zone_committee,
            "completed_on": done.completed_on,
            "share_of_investment_fen": (done.investment * share_ppm + 500_000) // 1_000_000,
        },
        done.height,
    )
    return frame.with_columns(paid=already_paid(context, ID, frame, "enterprises", "dorm_projects"))


MEASURE = Measure(
    id=ID,
    clause=CLAUSE,
    title_zh="园区员工宿舍、人才公寓建设补助",
    title_en="Subsidy for staff dormitories and talent apartments",
    departments=("市工信局",),
    kind="cash",
    frequency="one_time",
    beneficiary="enterprise",
    beneficiary_domain="enterprises",
    source_domain="dorm_projects",
    unit_zh="宿舍或人才公寓项目",
    unit_en="dormitory or talent-apartment project",
    quote="鼓励园区、企业建设员工宿舍、人才公寓等配套设施，对于所有权归属开发区管委会的，按照项目投资额的15%给予补助，"
    "最高补助2000万元。",
    summary_zh="所有权归属开发区管委会的员工宿舍、人才公寓项目，按投资额15%补助，最高2000万元。",
    summary_en="Dormitory and talent-apartment projects owned by a development-zone committee get 15% of the "
    "investment, up to 20,000,000 yuan.",
    group="安居",
    units=units,
    unit_table="dorm_projects",
    conditions=(
        Condition(
            "owned_by_zone_committee",
            CLAUSE,
            zh="项目所有权归属开发区管委会",
            en="the project is owned by a development-zone committee",
            test=lambda u, p: u.owned_by_zone_committee,
        ),
        from_policy_date(
            "completed_since_policy",
            CLAUSE,
            "completed_on",
            zh="项目于{p.policy.effective_from}及以后建成（{f.completed_on}）",
            en="completed on or after {p.policy.effective_from} ({f.completed_on})",
        ),
        not_already_paid(CLAUSE, "该项目的补助", "the subsidy for this project"),
    ),
    value=lambda u, p: np.minimum(u.share_of_investment_fen, p("max_amount")),
    value_zh="投资额{f.investment_fen}的{p.investment_share}（{f.share_of_investment_fen}），最高{p.max_amount}",
    value_en="{p.investment_share} of the investment of {f.investment_fen} ({f.share_of_investment_fen}), "
    "at most {p.max_amount}",
)
