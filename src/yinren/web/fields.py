"""What each field of a case document is called, for people: the data contract's columns (spec §2)
and the document's sections, in Chinese and English. Staff read submitted facts by these names."""

from __future__ import annotations

from ..rules import label
from .i18n import current_lang, pick

FIELDS: dict[str, tuple[str, str]] = {
    # sections of a case document
    "person": ("个人", "Person"),
    "enterprise": ("单位", "Enterprise"),
    "enterprises": ("单位", "Enterprises"),
    "employments": ("就业参保", "Employments"),
    "certifications": ("专精特新认定", "Certifications"),
    "home_purchases": ("购房", "Home purchases"),
    "births": ("出生", "Births"),
    "children": ("子女", "Children"),
    "daycare_enrollments": ("托育入托", "Daycare enrolments"),
    "dorm_projects": ("宿舍、人才公寓项目", "Dormitory projects"),
    "receipts": ("已发放记录", "Payments received"),
    # persons
    "person_id": ("身份证号", "ID number"),
    "name": ("名称", "Name"),
    "birth_date": ("出生日期", "Date of birth"),
    "sex": ("性别", "Sex"),
    "hukou_in_hohhot": ("呼和浩特户籍", "Hohhot hukou"),
    "hukou_since": ("落户日期", "Hukou since"),
    "lives_in_hohhot": ("在呼和浩特居住", "Lives in Hohhot"),
    "education_level": ("学历", "Education"),
    "full_time": ("全日制", "Full-time study"),
    "graduation_date": ("毕业日期", "Graduation date"),
    "in_school": ("在校生", "In school"),
    "owns_home_in_hohhot": ("本市有房", "Owns a home in Hohhot"),
    "public_rental_qualified": ("已取得公租房资格", "Qualified for public rental"),
    "public_rental_allocated": ("已配租公租房", "Allocated public rental"),
    "in_affordable_rental": ("已租住保障性租赁住房", "Lives in affordable rental"),
    "provident_fund_balance": ("公积金余额（元）", "Provident fund balance (yuan)"),
    "mother_id": ("母亲身份证号", "Mother's ID number"),
    "father_id": ("父亲身份证号", "Father's ID number"),
    # employments
    "employer_id": ("用人单位代码", "Employer's credit code"),
    "contract_signed_on": ("劳动合同签订日", "Contract signed on"),
    "ended_on": ("劳动合同终止日", "Contract ended on"),
    "insured_months": ("社保缴纳月数", "Months of social insurance"),
    "works_in_hohhot": ("在呼和浩特工作", "Works in Hohhot"),
    "hired_from_registered_unemployment": ("招用登记失业人员", "Hired from registered unemployment"),
    # enterprises
    "enterprise_id": ("统一社会信用代码", "Unified social credit code"),
    "kind": ("类型", "Kind"),
    "size": ("规模", "Size"),
    "registered_in_hohhot": ("在呼和浩特注册", "Registered in Hohhot"),
    "founded_on": ("成立日期", "Founded on"),
    "founder_id": ("创办人身份证号", "Founder's ID number"),
    "credit_blacklisted": ("列入失信名单", "On the credit blacklist"),
    "contributions_normal": ("社保缴费正常", "Contributions up to date"),
    "rent_paid": ("已付场地租金（元）", "Rent paid (yuan)"),
    "is_daycare": ("托育机构", "Daycare provider"),
    # certifications
    "level": ("认定等级", "Level"),
    "recognized_on": ("认定日期", "Recognised on"),
    # home purchases
    "purchase_id": ("购房合同编号", "Purchase contract"),
    "buyer_id": ("购房人身份证号", "Buyer's ID number"),
    "signed_on": ("签约日期", "Signed on"),
    "property_kind": ("房屋类型", "Property kind"),
    "in_hohhot": ("位于呼和浩特", "In Hohhot"),
    "area_m2": ("面积（平方米）", "Area (m²)"),
    "price": ("房价（元）", "Price (yuan)"),
    "first_home": ("首套住房", "First home"),
    "first_purchase": ("首次购房", "First purchase"),
    "deed_tax_paid": ("已缴契税（元）", "Deed tax paid (yuan)"),
    # births and daycare
    "child_id": ("子女身份证号", "Child's ID number"),
    "birth_order": ("孩次", "Birth order"),
    "child_birth_date": ("子女出生日期", "Child's date of birth"),
    "institution_id": ("托育机构代码", "Daycare provider's code"),
    "enrolled_from": ("入托日期", "Enrolled from"),
    "enrolled_to": ("离托日期", "Enrolled until"),
    # dorm projects
    "project_id": ("项目编号", "Project"),
    "investment": ("投资额（元）", "Investment (yuan)"),
    "owned_by_zone_committee": ("园区管委会所有", "Owned by a zone committee"),
    "completed_on": ("竣工日期", "Completed on"),
    # receipts
    "beneficiary_id": ("受益人", "Beneficiary"),
    "measure_id": ("措施", "Measure"),
    "amount": ("金额（元）", "Amount (yuan)"),
    "months": ("月数", "Months"),
    "period": ("期间", "Period"),
    "paid_on": ("发放日期", "Paid on"),
    "source_id": ("来源编号", "Source"),
}


def field_label(name: str) -> str:
    """A field's name for people, in the current language; an unknown field keeps its own name."""
    zh, en = FIELDS.get(name, (name, name))
    return pick(zh, en)


# Columns whose values are codes of the data contract (spec §2): shown by their names, not their codes.
CODED = frozenset({"education_level", "level", "property_kind", "kind", "size", "sex"})


def coded_value(name: str, value: object) -> str | None:
    """The name of a coded value (``bachelor`` → 本科), or None when the field holds no code."""
    if name in CODED and isinstance(value, str):
        return label(value, current_lang.get())
    return None


_NUMERALS = (
    *("一", "二", "三", "四", "五", "六", "七", "八", "九", "十"),
    *("十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八"),
)


def clause_name(text: str) -> str:
    """第（七）条 → "Clause 7" in English; the notice's own words in Chinese."""
    if current_lang.get() == "zh":
        return text
    if text == "总体目标":
        return "Headline goal"
    inner = text.removeprefix("第（").removesuffix("）条")
    return f"Clause {_NUMERALS.index(inner) + 1}" if inner in _NUMERALS else text
