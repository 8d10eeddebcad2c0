"""Single-case documents (spec section 2 fields) for the demo and the tests: valid IDs, real facts."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..kit.ids import make_credit_code, make_person_id

HOHHOT = "150102"  # 新城区


def person_id(serial: int, birth: date = date(2000, 3, 15), sex: str = "male") -> str:
    return make_person_id(HOHHOT, birth, serial % 100, sex)


def enterprise_id(serial: int) -> str:
    return make_credit_code("150100", serial)


def enterprise(firm_id: str, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "enterprise_id": firm_id,
        "name": "青城科技有限公司",
        "kind": "enterprise",
        "size": "small",
        "registered_in_hohhot": True,
        "founded_on": "2015-01-01",
        "founder_id": None,
        "credit_blacklisted": False,
        "contributions_normal": True,
        "rent_paid": None,
        "is_daycare": False,
    }
    row.update(overrides)
    return row


def job(employer: str, signed_on: str = "2023-09-01", insured_months: int = 9) -> dict[str, Any]:
    return {
        "employer_id": employer,
        "contract_signed_on": signed_on,
        "ended_on": None,
        "insured_months": insured_months,
        "works_in_hohhot": True,
        "hired_from_registered_unemployment": False,
    }


def person(pid: str, birth: date, sex: str, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "person_id": pid,
        "name": "王小明",
        "birth_date": birth.isoformat(),
        "sex": sex,
        "hukou_in_hohhot": False,
        "hukou_since": None,
        "lives_in_hohhot": True,
        "education_level": "bachelor",
        "full_time": True,
        "graduation_date": "2023-06-30",
        "in_school": False,
        "owns_home_in_hohhot": False,
        "public_rental_qualified": False,
        "public_rental_allocated": False,
        "in_affordable_rental": False,
        "provident_fund_balance": 8000,
        "mother_id": None,
        "father_id": None,
    }
    row.update(overrides)
    return row


def graduate(serial: int, employer: str, *, purchase: bool = False, name: str = "王小明") -> dict[str, Any]:
    """A 2023 bachelor working in Hohhot without a home: m10_graduate_rent each month from 2023-09.

    With ``purchase``, also a first new home bought on 2024-03-01 (m10_graduate_purchase, m09).
    """
    birth = date(2000, 3, 15)
    pid = person_id(serial, birth, "male")
    subject = person(pid, birth, "male", name=name, employments=[job(employer)])
    if purchase:
        subject["home_purchases"] = [home_purchase(f"HP-{serial:06d}")]
    return {"person": subject, "enterprises": [enterprise(employer)]}


def home_purchase(purchase_id: str, signed_on: str = "2024-03-01") -> dict[str, Any]:
    return {
        "purchase_id": purchase_id,
        "signed_on": signed_on,
        "property_kind": "new_commercial",
        "in_hohhot": True,
        "area_m2": 88,
        "price": 900000,
        "first_home": True,
        "first_purchase": True,
        "deed_tax_paid": None,
    }


def mother_of_second_child(serial: int, name: str = "张丽") -> dict[str, Any]:
    """A Hohhot mother whose second child was born on 2024-02-10 (m15_childcare_allowance)."""
    birth = date(1992, 5, 20)
    pid = person_id(serial, birth, "female")
    child = make_person_id(HOHHOT, date(2024, 2, 10), serial % 100, "female")
    subject = person(
        pid,
        birth,
        "female",
        name=name,
        hukou_in_hohhot=True,
        graduation_date="2014-06-30",
        births=[{"child_id": child, "father_id": None, "birth_date": "2024-02-10", "birth_order": 2}],
    )
    return {"person": subject}


def sme(serial: int, level: str = "innovative_sme", recognized_on: str = "2023-12-01") -> dict[str, Any]:
    """An enterprise recognised as 专精特新 after the policy took effect (m02_sme_award)."""
    firm = enterprise(enterprise_id(serial), name="青城精工有限公司")
    firm["certifications"] = [{"level": level, "recognized_on": recognized_on}]
    return {"enterprise": firm}


def hiring_firm(serial: int, hires: int) -> dict[str, Any]:
    """An employer that hired ``hires`` 2024 graduates in July 2024 (m04_hiring_subsidy each)."""
    firm = enterprise(enterprise_id(serial), name="塞上云数据有限公司")
    employments = []
    for number in range(hires):
        birth = date(2002, 1, 1 + number % 28)
        pid = make_person_id(HOHHOT, birth, (serial + number) % 100, "female")
        hired = person(pid, birth, "female", name=f"毕业生{number + 1}", graduation_date="2024-06-30")
        employments.append({**job(firm["enterprise_id"], "2024-07-01", 4), "person": hired})
    firm["employments"] = employments
    return {"enterprise": firm}
