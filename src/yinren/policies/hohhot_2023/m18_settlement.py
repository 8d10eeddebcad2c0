"""第（十八）条 全面放开城镇落户 — urban 户籍 on request, with no further condition (市公安局)."""

from __future__ import annotations

from yinren.rules import Condition, Context, Frame, Measure, ParameterView

from ._common import adult
from ._facts import persons_at_as_of, works_in_hohhot

CLAUSE = "第（十八）条"
ID = "m18_settlement"


def units(context: Context, p: ParameterView) -> Frame:
    persons = persons_at_as_of(context)
    return persons.with_columns(works_in_hohhot=works_in_hohhot(context, persons.beneficiary, context.as_of_days))


MEASURE = Measure(
    id=ID,
    clause=CLAUSE,
    title_zh="城镇落户",
    title_en="Urban household registration (settlement)",
    departments=("市公安局",),
    kind="entitlement",
    frequency="standing",
    beneficiary="person",
    beneficiary_domain="persons",
    source_domain="persons",
    unit_zh="人员",
    unit_en="person",
    quote="全面放开城镇落户，根据落户人员意愿实现想落尽落。简化居住证办理程序，实现同城服务事项应办尽办。",
    summary_zh="在呼居住或就业的非本市户籍人员，可按意愿在城镇落户，不设其他条件。",
    summary_en="Anyone living or working in Hohhot without its 户籍 may settle in its towns on request, "
    "with no further condition.",
    group="便民服务",
    units=units,
    unit_table="persons",
    conditions=(
        adult(CLAUSE),
        Condition(
            "no_hohhot_hukou",
            CLAUSE,
            zh="尚非呼和浩特市户籍",
            en="does not yet hold Hohhot 户籍",
            test=lambda u, p: ~u.hukou_in_hohhot,
        ),
        Condition(
            "lives_or_works_in_hohhot",
            CLAUSE,
            zh="在呼和浩特市居住（居住证）或就业创业（居住：{f.lives_in_hohhot}；就业：{f.works_in_hohhot}）",
            en="lives in Hohhot (residence permit) or works there (lives: {f.lives_in_hohhot}; "
            "works: {f.works_in_hohhot})",
            test=lambda u, p: u.lives_in_hohhot | u.works_in_hohhot,
        ),
    ),
    value=lambda u, p: 1,
    value_zh="按意愿办理城镇落户，想落尽落",
    value_en="urban 户籍 on request",
)
