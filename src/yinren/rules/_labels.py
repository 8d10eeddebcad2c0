"""Display names of enum values and the formatting of facts, in Chinese and English."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._dates import NULL_DATE, from_days
from ._params import format_fen
from ._schema import (
    CERTIFICATION_LEVELS,
    DORM_KINDS,
    EDUCATION_LEVELS,
    ENTERPRISE_KINDS,
    ENTERPRISE_SIZES,
    PROPERTY_KINDS,
    SEXES,
)

ZH = {
    "none": "无",
    "primary": "小学",
    "secondary": "中学",
    "vocational": "中职",
    "junior_college": "专科（高职）",
    "bachelor": "本科",
    "master": "硕士研究生",
    "doctor": "博士研究生",
    "national_little_giant": "国家级专精特新“小巨人”",
    "regional_specialized": "自治区级专精特新中小企业",
    "innovative_sme": "创新型中小企业",
    "new_commercial": "新建商品住宅",
    "second_hand": "二手住房",
    "other": "其他",
    "enterprise": "企业",
    "individual_business": "个体工商户",
    "government": "机关",
    "public_institution": "事业单位",
    "social_org": "社会组织",
    "micro": "微型",
    "small": "小型",
    "medium": "中型",
    "large": "大型",
    "dormitory": "员工宿舍",
    "talent_apartment": "人才公寓",
    "male": "男",
    "female": "女",
}
EN = {key: key.replace("_", " ") for key in ZH}

ENUM_COLUMNS: dict[str, tuple[str, ...]] = {
    "education_level": EDUCATION_LEVELS,
    "level": CERTIFICATION_LEVELS,
    "property_kind": PROPERTY_KINDS,
    "kind": ENTERPRISE_KINDS,
    "size": ENTERPRISE_SIZES,
    "dorm_kind": DORM_KINDS,
    "sex": SEXES,
}


def label(value: str, lang: str) -> str:
    return (ZH if lang == "zh" else EN).get(value, value)


def yes_no(flag: bool, lang: str) -> str:
    return ("是" if flag else "否") if lang == "zh" else ("yes" if flag else "no")


# The type tuples once: `np.bool_ | bool` in the isinstance call would build a union per fact.
_FLAGS = (np.bool_, bool)
_REALS = (np.floating, float)


def fact_text(name: str, value: Any, lang: str) -> str:
    """A unit's fact as a person reads it: dates ISO, money in yuan, flags yes/no, enums by name."""
    if isinstance(value, _FLAGS):
        return yes_no(bool(value), lang)
    if name.endswith("_fen"):
        return "—" if int(value) < 0 else format_fen(int(value), lang)
    if isinstance(value, np.int32):
        return "—" if value == NULL_DATE else from_days(int(value)).isoformat()
    if name in ENUM_COLUMNS and isinstance(value, np.integer):
        values = ENUM_COLUMNS[name]
        return label(values[int(value)], lang) if 0 <= int(value) < len(values) else "—"
    if isinstance(value, _REALS):
        return "—" if np.isnan(value) else f"{float(value):g}"
    return str(value)
