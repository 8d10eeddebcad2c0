from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from yinren.policies import load_policy
from yinren.rules import ParameterError, dates, load_parameters


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_are_in_force_from_their_date(tmp_path: Path) -> None:
    params = load_parameters(
        [
            write(
                tmp_path,
                """
m:
  minimum:
    unit: months
    reference: 第（四）条
    values: {2023-01-01: 1, 2024-01-01: 3}
""",
            )
        ]
    )
    minimum = params["m.minimum"]
    assert minimum.at(date(2023, 12, 31)) == 1
    assert minimum.at(date(2024, 1, 1)) == 3
    days = np.array([dates.to_days(date(2023, 12, 31)), dates.to_days(date(2024, 1, 1))], dtype=np.int32)
    assert minimum.vector(days).tolist() == [1, 3]
    with pytest.raises(ParameterError, match="not in force"):
        minimum.at(date(2022, 12, 31))
    assert minimum.vector(np.array([0], dtype=np.int32), clamp=True).tolist() == [1]


def test_money_is_held_in_fen_and_ratios_exactly(tmp_path: Path) -> None:
    params = load_parameters(
        [
            write(
                tmp_path,
                """
m:
  amount: {unit: yuan, reference: x, values: {2023-08-24: 2880.5}}
  share: {unit: ratio, reference: x, values: {2023-08-24: 0.15}}
  ceiling: {unit: yuan, reference: x, values: {2023-08-24: null}}
""",
            )
        ]
    )
    assert params["m.amount"].at(date(2024, 1, 1)) == 288050
    assert params["m.share"].at(date(2024, 1, 1)) == Fraction(3, 20)
    with pytest.raises(ParameterError):
        params["m.ceiling"].at(date(2024, 1, 1))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("m:\n  x: {unit: furlongs, reference: r, values: {2023-01-01: 1}}", "unit must be one of"),
        ("m:\n  x: {unit: yuan, values: {2023-01-01: 1}}", "cites its clause"),
        ("m:\n  x: {unit: yuan, reference: r, values: {2023-01-01: 1.005}}", "fractions of a fen"),
        ("m:\n  x: {unit: yuan, reference: r, values: {soon: 1}}", "not a date"),
    ],
)
def test_bad_parameter_files_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        load_parameters([write(tmp_path, body)])


def test_the_spec_s_dated_changes_are_parameters() -> None:
    params = load_policy().parameters
    levels = params["m10_graduate_rent.eligible_levels"]
    assert "junior_college" not in levels.at(date(2023, 8, 23))
    assert "junior_college" in levels.at(date(2023, 8, 24))
    assert params["m04_hiring_subsidy.min_insured_months"].at(date(2023, 12, 31)) == 1
    assert params["m04_hiring_subsidy.min_insured_months"].at(date(2024, 1, 1)) == 3
    assert params["m09_deed_tax_subsidy.small_home_max_m2"].at(date(2024, 11, 30)) == 90
    assert params["m09_deed_tax_subsidy.small_home_max_m2"].at(date(2024, 12, 1)) == 140
    assert params["m09_provident_loan.balance_multiple"].at(date(2023, 8, 23)) == 20
    assert params["m09_provident_loan.balance_multiple"].at(date(2023, 8, 24)) == 25


def test_every_parameter_cites_the_notice_or_a_national_rule() -> None:
    for parameter in load_policy().parameters.values():
        assert parameter.reference.strip(), parameter.name
        assert parameter.label_zh != parameter.name, f"{parameter.name} has no Chinese label"


def test_override_makes_a_what_if_copy() -> None:
    policy = load_policy()
    reform = policy.with_parameters({"m10_graduate_rent.monthly_amount": 500}, date(2025, 1, 1))
    assert reform.parameters["m10_graduate_rent.monthly_amount"].at(date(2025, 1, 1)) == 50000
    assert reform.parameters["m10_graduate_rent.monthly_amount"].at(date(2024, 12, 31)) == 30000
    assert policy.parameters["m10_graduate_rent.monthly_amount"].at(date(2025, 1, 1)) == 30000
    assert reform.version != policy.version
