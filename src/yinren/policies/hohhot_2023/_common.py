"""Conditions several measures share, each in the words of the reading it applies."""

from __future__ import annotations

from yinren.rules import Condition, Frame, ParameterView


def not_already_paid(clause: str, what_zh: str = "该项补贴", what_en: str = "this benefit") -> Condition:
    return Condition(
        "not_already_paid",
        clause,
        zh=f"{what_zh}尚未发放（无相同来源、相同期间的发放记录）",
        en=f"{what_en} not yet paid (no receipt for the same source and period)",
        test=lambda u, p: ~u.paid,
    )


def adult(clause: str) -> Condition:
    return Condition(
        "adult",
        clause,
        zh="年满{p.policy.adult_age}周岁（现{f.age}岁）",
        en="aged {p.policy.adult_age} or over (now {f.age})",
        test=lambda u, p: u.age >= p("policy.adult_age"),
    )


def from_policy_date(name: str, clause: str, column: str, zh: str, en: str) -> Condition:
    """An event on or after the policy's effective date E (spec section 1)."""

    def test(u: Frame, p: ParameterView) -> object:
        return u[column] >= p.days("policy.effective_from")

    return Condition(name, clause, zh=zh, en=en, test=test)
