"""第（二）条 培育“专精特新”企业扩岗 — one-time awards for newly recognised SMEs (市工信局)."""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, kernels, schema

from ._common import from_policy_date, not_already_paid
from ._facts import already_paid, enterprise_columns

CLAUSE = "第（二）条"
ID = "m02_sme_award"


def units(context: Context, p: ParameterView) -> Frame:
    certifications = context.data.certifications
    known = certifications.filter(certifications.recognized_on <= context.as_of_days)
    firm = enterprise_columns(context, known.enterprise_id, "registered_in_hohhot", "credit_blacklisted")
    level_amount = np.zeros(known.height, dtype=np.int64)
    for code, level in enumerate(schema.CERTIFICATION_LEVELS):
        level_amount[known.level == code] = p(f"amount_{level}")
    frame = Frame(
        {
            "beneficiary": known.enterprise_id,
            "source": known.row,
            "level": known.level,
            "recognized_on": known.recognized_on,
            "level_amount_fen": level_amount,
            **firm,
        },
        known.height,
    )
    paid = context.receipts(ID, "enterprises", "certifications")
    received = kernels.group_sum(paid.beneficiary, paid.amount_fen, len(context.data.ids["enterprises"]))
    return frame.with_columns(
        paid=already_paid(context, ID, frame, "enterprises", "certifications"),
        received_before_fen=kernels.take(received, known.enterprise_id, 0),
    )


def value(u: Frame, p: ParameterView) -> object:
    """就高补差: pay the level's amount less what the enterprise already received (receipts, then this run)."""
    if not p("top_up_to_highest"):
        return u.level_amount_fen
    counted = np.where(u.qualifies, u.level_amount_fen, 0)
    earlier = kernels.prior_max_in_group(u.beneficiary, counted, u.recognized_on, -u.level_amount_fen, u.source)
    return np.maximum(u.level_amount_fen - np.maximum(earlier, u.received_before_fen), 0)


MEASURE = Measure(
    id=ID,
    clause=CLAUSE,
    title_zh="专精特新企业一次性奖励",
    title_en="One-time award for specialised and innovative SMEs",
    departments=("市工信局", "市发改委", "市人社局"),
    kind="cash",
    frequency="one_time",
    beneficiary="enterprise",
    beneficiary_domain="enterprises",
    source_domain="certifications",
    unit_zh="专精特新认定",
    unit_en="SME recognition",
    quote="对新认定的国家级专精特新“小巨人”企业、自治区级“专精特新”中小企业、“创新型”中小企业，"
    "分别给予100万元、50万元、20万元的一次性奖励。",
    summary_zh="新认定为国家级“小巨人”、自治区级专精特新或创新型中小企业的，分别一次性奖励100万、50万、20万元；"
    "升级认定的补足差额。",
    summary_en="Newly recognised national little giants, regional specialised SMEs and innovative SMEs receive "
    "1,000,000, 500,000 or 200,000 yuan once; a later higher recognition pays the difference.",
    group="就业",
    units=units,
    unit_table="certifications",
    conditions=(
        from_policy_date(
            "newly_recognized",
            CLAUSE,
            "recognized_on",
            zh="于政策生效日{p.policy.effective_from}及以后新认定（认定日{f.recognized_on}）",
            en="newly recognised on or after {p.policy.effective_from} (recognised {f.recognized_on})",
        ),
        Condition(
            "registered_in_hohhot",
            CLAUSE,
            zh="企业在呼和浩特市注册",
            en="the enterprise is registered in Hohhot",
            test=lambda u, p: u.registered_in_hohhot,
        ),
        Condition(
            "not_blacklisted",
            CLAUSE,
            zh="企业未列入严重违法失信名单",
            en="the enterprise is not on the serious-violation credit blacklist",
            test=lambda u, p: ~u.credit_blacklisted,
        ),
        not_already_paid(CLAUSE, "该认定的奖励", "the award for this recognition"),
    ),
    value=value,
    value_zh="按认定级别奖励{f.level_amount_fen}；就高补差，扣除此前已获的奖励（已获{f.received_before_fen}）",
    value_en="the level's award of {f.level_amount_fen}, topped up to the highest level less what was "
    "already received ({f.received_before_fen})",
    extra_facts=("level", "level_amount_fen", "received_before_fen"),
)
