"""呼和浩特市引人留人18条措施 (2023-08-24): the fifteen measures that are rules, with their parameters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from yinren.rules import Policy, load_parameters

from . import (
    m02_sme_award,
    m04_hiring_subsidy,
    m06_startup,
    m08_housing,
    m09_home_purchase,
    m10_graduates,
    m11_dormitory_subsidy,
    m12_school_enrollment,
    m15_childcare,
    m18_settlement,
)

HERE = Path(__file__).parent
MEASURES = (
    m02_sme_award.MEASURE,
    m04_hiring_subsidy.MEASURE,
    m06_startup.RENT_MEASURE,
    m06_startup.LOAN_MEASURE,
    m08_housing.LEASE_MEASURE,
    m08_housing.CAP_MEASURE,
    m09_home_purchase.DEED_MEASURE,
    m09_home_purchase.LOAN_MEASURE,
    m10_graduates.RENT_MEASURE,
    m10_graduates.PURCHASE_MEASURE,
    m11_dormitory_subsidy.MEASURE,
    m12_school_enrollment.MEASURE,
    m15_childcare.ALLOWANCE_MEASURE,
    m15_childcare.DAYCARE_MEASURE,
    m18_settlement.MEASURE,
)


def build_policy() -> Policy:
    return Policy(
        id="hohhot_2023",
        title_zh="呼和浩特市引人留人18条措施",
        title_en="Hohhot's 18 measures to attract and retain people",
        issued_on=date(2023, 8, 24),
        measures=MEASURES,
        parameters=load_parameters((HERE / "parameters").glob("*.yaml")),
    )
