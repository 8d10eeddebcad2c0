"""Write examples/*.json: realistic single cases for `yinren check`, with valid ids.

Run: .venv/bin/python scripts/make_examples.py   (the files are committed; rerun after changing this)
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from yinren.rules._checksums import make_credit_code, make_person_id

OUT = Path(__file__).resolve().parent.parent / "examples"


def pid(birth: str, seq: int, area: str = "150102", sex: str | None = None) -> str:
    """A valid 居民身份证号; with `sex`, the sequence's last digit gets its parity (odd: male)."""
    if sex is not None and seq % 2 != (1 if sex == "male" else 0):
        seq += 1
    return make_person_id(area, date.fromisoformat(birth), f"{seq:03d}")


def firm(n: int) -> str:
    return make_credit_code(f"91150100MA{n:07d}")


def person(person_id: str, birth: str, sex: str, **facts: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "person_id": person_id,
        "birth_date": birth,
        "sex": sex,
        "hukou_in_hohhot": False,
        "hukou_since": None,
        "lives_in_hohhot": True,
        "education_level": "bachelor",
        "full_time": True,
        "graduation_date": None,
        "in_school": False,
        "owns_home_in_hohhot": False,
        "public_rental_qualified": False,
        "public_rental_allocated": False,
        "in_affordable_rental": False,
        "provident_fund_balance": 0,
        "mother_id": None,
        "father_id": None,
    }
    row.update(facts)
    return row


def enterprise(enterprise_id: str, name: str, **facts: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "enterprise_id": enterprise_id,
        "name": name,
        "kind": "enterprise",
        "size": "small",
        "registered_in_hohhot": True,
        "founded_on": "2012-05-01",
        "founder_id": None,
        "credit_blacklisted": False,
        "contributions_normal": True,
        "rent_paid": None,
        "is_daycare": False,
    }
    row.update(facts)
    return row


def job(employer_id: str, signed: str, months: int, **facts: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "employer_id": employer_id,
        "contract_signed_on": signed,
        "ended_on": None,
        "insured_months": months,
        "works_in_hohhot": True,
        "hired_from_registered_unemployment": False,
    }
    row.update(facts)
    return row


def purchase(purchase_id: str, signed: str, area: float, price: float, **facts: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "purchase_id": purchase_id,
        "signed_on": signed,
        "property_kind": "new_commercial",
        "in_hohhot": True,
        "area_m2": area,
        "price": price,
        "first_home": True,
        "first_purchase": True,
        "deed_tax_paid": None,
    }
    row.update(facts)
    return row


EMPLOYER = enterprise(firm(1), "呼和浩特青城数字科技有限公司")
GRADUATE = pid("2001-03-15", 123)


def examples() -> dict[str, dict[str, Any]]:
    grad_mother = pid("1993-04-02", 224)
    child_2 = pid("2024-03-18", 301, "150105")
    child_1 = pid("2019-09-01", 302, "150105")
    founder = pid("1999-11-11", 415)
    buyer = pid("1994-08-08", 517, sex="female")
    newcomer = pid("1986-02-28", 619, "410102")
    newcomer_child = pid("2016-05-05", 620, "410102")
    return {
        "graduate-renting": {
            "title": "2023届专科毕业生，在呼就业、租房",
            "as_of": "2024-06-30",
            "person": person(
                GRADUATE,
                "2001-03-15",
                "male",
                name="王小明",
                education_level="junior_college",
                graduation_date="2023-06-30",
                provident_fund_balance=8400,
                employments=[job(firm(1), "2023-07-10", 11)],
                receipts=[
                    {
                        "measure_id": "m10_graduate_rent",
                        "amount": 300,
                        "months": 1,
                        "period": "2024-05",
                        "paid_on": "2024-05-31",
                        "source_id": GRADUATE,
                    }
                ],
            ),
            "enterprises": [EMPLOYER],
        },
        "junior-college-purchase-before-policy": {
            "title": "专科毕业生，2023年6月（政策生效前）购房：当时专科不在购房补贴范围",
            "as_of": "2024-06-30",
            "person": person(
                pid("1998-01-20", 131),
                "1998-01-20",
                "male",
                name="李强",
                education_level="junior_college",
                graduation_date="2020-06-30",
                owns_home_in_hohhot=True,
                provident_fund_balance=36000,
                employments=[job(firm(1), "2020-07-01", 47)],
                home_purchases=[purchase("HP-2023-0612-001", "2023-06-12", 89.5, 720000, deed_tax_paid=7200)],
            ),
            "enterprises": [EMPLOYER],
        },
        "junior-college-purchase-after-policy": {
            "title": "专科毕业生，2023年10月（政策生效后）购买首套新房",
            "as_of": "2024-06-30",
            "person": person(
                pid("1998-02-21", 133),
                "1998-02-21",
                "male",
                name="张伟",
                education_level="junior_college",
                graduation_date="2020-06-30",
                owns_home_in_hohhot=True,
                provident_fund_balance=36000,
                employments=[job(firm(1), "2020-07-01", 47)],
                home_purchases=[purchase("HP-2023-1015-002", "2023-10-15", 95.0, 860000, deed_tax_paid=12900)],
            ),
            "enterprises": [EMPLOYER],
        },
        "family-second-child": {
            "title": "本市户籍家庭生育二孩，长子在读小学",
            "as_of": "2024-06-30",
            "person": person(
                grad_mother,
                "1993-04-02",
                "female",
                name="赵敏",
                hukou_in_hohhot=True,
                graduation_date="2015-06-30",
                owns_home_in_hohhot=True,
                provident_fund_balance=52000,
                employments=[job(firm(1), "2016-03-01", 99)],
                children=[
                    person(
                        child_1,
                        "2019-09-01",
                        "female",
                        name="赵一诺",
                        hukou_in_hohhot=True,
                        education_level="none",
                        full_time=False,
                    ),
                    person(
                        child_2,
                        "2024-03-18",
                        "male",
                        name="赵二宝",
                        hukou_in_hohhot=True,
                        education_level="none",
                        full_time=False,
                    ),
                ],
                births=[
                    {"child_id": child_1, "birth_date": "2019-09-01", "birth_order": 1},
                    {"child_id": child_2, "birth_date": "2024-03-18", "birth_order": 2},
                ],
            ),
            "enterprises": [EMPLOYER],
        },
        "employer-hires": {
            "title": "企业招用应届毕业生、离校未就业毕业生和登记失业青年",
            "as_of": "2024-06-30",
            "enterprise": enterprise(
                firm(7),
                "内蒙古草原乳业科技有限公司",
                size="medium",
                employments=[
                    {
                        **job(firm(7), "2023-07-03", 12),
                        "person": person(
                            pid("2001-05-06", 141),
                            "2001-05-06",
                            "male",
                            name="孙浩",
                            education_level="bachelor",
                            graduation_date="2023-06-30",
                        ),
                    },
                    {
                        **job(firm(7), "2024-03-01", 2),
                        "person": person(
                            pid("2002-08-09", 142),
                            "2002-08-09",
                            "female",
                            name="周琳",
                            education_level="junior_college",
                            graduation_date="2023-06-30",
                        ),
                    },
                    {
                        **job(firm(7), "2024-01-15", 5, hired_from_registered_unemployment=True),
                        "person": person(
                            pid("2003-10-10", 143),
                            "2003-10-10",
                            "male",
                            name="吴迪",
                            education_level="vocational",
                            full_time=True,
                        ),
                    },
                    {
                        **job(firm(7), "2023-11-01", 7),
                        "person": person(
                            pid("1990-12-12", 144),
                            "1990-12-12",
                            "female",
                            name="郑芳",
                            education_level="master",
                            graduation_date="2016-06-30",
                        ),
                    },
                ],
            ),
        },
        "startup-founder": {
            "title": "应届本科毕业生创办个体工商户",
            "as_of": "2024-06-30",
            "person": person(
                founder,
                "1999-11-11",
                "male",
                name="钱程",
                education_level="bachelor",
                graduation_date="2022-06-30",
                provident_fund_balance=0,
                enterprises=[
                    enterprise(
                        firm(9),
                        "钱程咖啡工作室",
                        kind="individual_business",
                        size="micro",
                        founded_on="2023-11-20",
                        rent_paid=18000,
                    )
                ],
            ),
        },
        "first-home-buyer": {
            "title": "首次购买首套新建商品住宅（2024年12月后，140平方米以下按1%）",
            "as_of": "2024-12-31",
            "person": person(
                buyer,
                "1994-08-08",
                "female",
                name="冯雪",
                hukou_in_hohhot=True,
                education_level="master",
                graduation_date="2019-06-30",
                owns_home_in_hohhot=True,
                provident_fund_balance=62000,
                employments=[job(firm(1), "2019-07-15", 65)],
                home_purchases=[purchase("HP-2024-1205-118", "2024-12-05", 128.6, 1350000)],
            ),
            "enterprises": [EMPLOYER],
        },
        "dorm-project": {
            "title": "和林格尔新区管委会所有的人才公寓和员工宿舍项目",
            "as_of": "2024-06-30",
            "enterprise": enterprise(
                firm(11),
                "和林格尔新区建设投资有限公司",
                size="large",
                dorm_projects=[
                    {
                        "project_id": "DP-HL-2024-01",
                        "kind": "talent_apartment",
                        "investment": 48000000,
                        "owned_by_zone_committee": True,
                        "completed_on": "2024-04-30",
                    },
                    {
                        "project_id": "DP-HL-2024-02",
                        "kind": "dormitory",
                        "investment": 160000000,
                        "owned_by_zone_committee": True,
                        "completed_on": "2024-05-31",
                    },
                    {
                        "project_id": "DP-HL-2024-03",
                        "kind": "dormitory",
                        "investment": 30000000,
                        "owned_by_zone_committee": False,
                        "completed_on": "2024-05-31",
                    },
                ],
            ),
        },
        "sme-upgrade": {
            "title": "创新型中小企业升级为自治区级专精特新：就高补差",
            "as_of": "2024-06-30",
            "enterprise": enterprise(
                firm(13),
                "呼和浩特稀土新材料有限公司",
                size="small",
                certifications=[
                    {"level": "innovative_sme", "recognized_on": "2023-10-20"},
                    {"level": "regional_specialized", "recognized_on": "2024-05-16"},
                ],
                receipts=[
                    {
                        "measure_id": "m02_sme_award",
                        "amount": 200000,
                        "months": None,
                        "period": None,
                        "paid_on": "2023-12-28",
                        "source_id": f"{firm(13)}:innovative_sme:2023-10-20",
                    }
                ],
            ),
        },
        "newcomer-settlement": {
            "title": "外省来呼务工人员，持居住证，子女随迁就学",
            "as_of": "2024-09-15",
            "person": person(
                newcomer,
                "1986-02-28",
                "male",
                name="刘建国",
                education_level="secondary",
                full_time=False,
                employments=[job(firm(1), "2022-04-01", 29)],
                children=[
                    person(
                        newcomer_child,
                        "2016-05-05",
                        "female",
                        name="刘小雨",
                        education_level="none",
                        full_time=False,
                    )
                ],
            ),
            "enterprises": [EMPLOYER],
        },
        "public-rental-applicant": {
            "title": "符合公租房条件、未实物配租的家庭",
            "as_of": "2024-06-30",
            "person": person(
                pid("1980-07-07", 733, sex="female"),
                "1980-07-07",
                "female",
                name="陈静",
                hukou_in_hohhot=True,
                education_level="vocational",
                full_time=True,
                public_rental_qualified=True,
            ),
        },
        "daycare-centre": {
            "title": "备案托育机构的在托婴幼儿",
            "as_of": "2024-06-30",
            "enterprise": enterprise(
                firm(17),
                "赛罕区小橡树托育中心",
                size="micro",
                is_daycare=True,
                daycare_enrollments=[
                    {
                        "child_id": pid("2022-02-10", 801, "150105"),
                        "child_birth_date": "2022-02-10",
                        "enrolled_from": "2023-09-01",
                        "enrolled_to": None,
                    },
                    {
                        "child_id": pid("2021-06-01", 802, "150105"),
                        "child_birth_date": "2021-06-01",
                        "enrolled_from": "2023-09-01",
                        "enrolled_to": None,
                    },
                    {
                        "child_id": pid("2023-01-20", 803, "150105"),
                        "child_birth_date": "2023-01-20",
                        "enrolled_from": "2024-03-01",
                        "enrolled_to": "2024-05-31",
                    },
                ],
            ),
        },
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, document in examples().items():
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
