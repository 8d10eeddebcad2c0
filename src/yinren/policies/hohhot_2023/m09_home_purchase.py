"""第（九）条 — deed tax refunded on a first new home, and a higher provident-fund loan multiple.

(市住建局、市税务局、住房公积金中心)
"""

from __future__ import annotations

import numpy as np

from yinren.rules import Condition, Context, Frame, Measure, ParameterView, schema

from ._common import from_policy_date, not_already_paid
from ._facts import already_paid, person_facts

CLAUSE = "第（九）条"
DEED = "m09_deed_tax_subsidy"
LOAN = "m09_provident_loan"
QUOTE = (
    "在我市首次购买首套新建商品住宅，可享受全额契税补贴，住房公积金贷款的可贷额度由个人公积金账户余额的20倍提高为25倍。"
)
NULL_FEN = -1


def purchases(context: Context) -> Frame:
    homes = context.data.home_purchases
    signed = homes.filter(homes.signed_on <= context.as_of_days)  # later purchases do not exist yet
    return Frame(
        {
            "beneficiary": signed.buyer_id,
            "source": signed.row,
            "signed_on": signed.signed_on,
            "property_kind": signed.property_kind,
            "in_hohhot": signed.in_hohhot,
            "area_m2": signed.area_m2,
            "price_fen": signed.price,
            "first_home": signed.first_home,
            "first_purchase": signed.first_purchase,
            "deed_tax_paid_fen": signed.deed_tax_paid,
        },
        signed.height,
    )


def deed_units(context: Context, p: ParameterView) -> Frame:
    frame = purchases(context)
    # Purchases before the rates' first date fail `signed_since_policy`; clamping keeps them computable.
    threshold = p.at("small_home_max_m2", frame.signed_on, clamp=True)
    small = frame.area_m2 <= threshold
    rate = np.where(
        small,
        p.at("rate_small", frame.signed_on, clamp=True),
        p.at("rate_large", frame.signed_on, clamp=True),
    )
    rate_ppm = np.rint(rate * 1_000_000).astype(np.int64)
    # Half-up to the fen (spec section 1); prices are non-negative.
    computed = (frame.price_fen * rate_ppm + 500_000) // 1_000_000
    paid_tax = frame.deed_tax_paid_fen
    return frame.with_columns(
        small_home_max_m2=threshold,
        deed_tax_rate=rate_ppm / 10_000,  # percent, for the explanation
        deed_tax_fen=np.where(paid_tax != NULL_FEN, paid_tax, computed),
        paid=already_paid(context, DEED, frame, "persons", "home_purchases"),
    )


def loan_units(context: Context, p: ParameterView) -> Frame:
    frame = purchases(context)
    balance = person_facts(context, frame.beneficiary)["provident_fund_balance"]
    return frame.with_columns(
        provident_fund_balance_fen=balance,
        loan_multiple=p.at("balance_multiple", frame.signed_on, clamp=True).astype(np.int64),
    )


NEW_FIRST_HOME = (
    Condition(
        "new_commercial_home",
        CLAUSE,
        zh="购买的是新建商品住宅",
        en="the home is a new commercial residence",
        test=lambda u, p: u.property_kind == schema.PROPERTY_KINDS.index("new_commercial"),
    ),
    Condition(
        "in_hohhot",
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
        "first_purchase",
        CLAUSE,
        zh="首次购买：购房人此前从未购房",
        en="a first purchase: the buyer never bought a home before",
        test=lambda u, p: u.first_purchase,
    ),
)

_COMMON = {
    "clause": CLAUSE,
    "frequency": "one_time",
    "beneficiary": "person",
    "beneficiary_domain": "persons",
    "source_domain": "home_purchases",
    "unit_zh": "购房记录",
    "unit_en": "home purchase",
    "quote": QUOTE,
    "group": "安居",
}

DEED_MEASURE = Measure(
    id=DEED,
    title_zh="首套新房契税补贴",
    title_en="Deed tax subsidy on a first new home",
    departments=("市住建局", "市税务局", "市自然资源局"),
    kind="cash",
    summary_zh="在本市首次购买首套新建商品住宅的，契税全额补贴。",
    summary_en="Buying a first new home in Hohhot for the first time: the deed tax is refunded in full.",
    units=deed_units,
    unit_table="home_purchases",
    conditions=(
        *NEW_FIRST_HOME,
        from_policy_date(
            "signed_since_policy",
            CLAUSE,
            "signed_on",
            zh="购房合同签订于{p.policy.effective_from}及以后（签订日{f.signed_on}）",
            en="purchase signed on or after {p.policy.effective_from} (signed {f.signed_on})",
        ),
        not_already_paid(CLAUSE, "该套住房的契税补贴", "the subsidy for this purchase"),
    ),
    value=lambda u, p: u.deed_tax_fen,
    value_zh="全额契税{f.deed_tax_fen}（已缴契税，或按计税价格{f.price_fen}×{f.deed_tax_rate}%；"
    "面积{f.area_m2}平方米，{f.small_home_max_m2}平方米及以下按低税率）",
    value_en="the full deed tax of {f.deed_tax_fen} (as paid, or the price {f.price_fen} × {f.deed_tax_rate}%; "
    "{f.area_m2} m², the lower rate up to {f.small_home_max_m2} m²)",
    **_COMMON,  # type: ignore[arg-type]
)


def loan_value(u: Frame, p: ParameterView) -> object:
    limit = u.provident_fund_balance_fen * u.loan_multiple
    ceiling = p.optional("loan_ceiling")
    return limit if ceiling is None else np.minimum(limit, ceiling)


LOAN_MEASURE = Measure(
    id=LOAN,
    title_zh="公积金贷款额度提高",
    title_en="Higher housing provident fund loan limit",
    departments=("住房公积金中心", "市住建局"),
    kind="loan",
    summary_zh="首次购买首套新建商品住宅的，公积金可贷额度由账户余额的20倍提高为25倍。",
    summary_en="For a first new home, the provident-fund loan limit rises from 20 to 25 times the account balance.",
    units=loan_units,
    unit_table="home_purchases",
    conditions=(
        *NEW_FIRST_HOME,
        Condition(
            "has_provident_fund_balance",
            CLAUSE,
            zh="住房公积金账户有余额（{f.provident_fund_balance_fen}）",
            en="the provident fund account has a balance ({f.provident_fund_balance_fen})",
            test=lambda u, p: u.provident_fund_balance_fen > 0,
        ),
    ),
    value=loan_value,
    value_zh="可贷额度为账户余额{f.provident_fund_balance_fen}的{f.loan_multiple}倍（按购房合同签订日适用的倍数）",
    value_en="{f.loan_multiple} times the balance of {f.provident_fund_balance_fen} (the multiple in force when "
    "the purchase was signed)",
    **_COMMON,  # type: ignore[arg-type]
)
