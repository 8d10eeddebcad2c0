"""Chinese identifiers: 居民身份证号 (GB 11643) and 统一社会信用代码 (GB 32100): checks, masks, makers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PERSON_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PERSON_ID_ANYWHERE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dX])(?![0-9A-Za-z])")


def person_id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_person_id(value: str) -> bool:
    """A syntactically valid 18-character 居民身份证号 with a correct GB 11643 check character."""
    return bool(PERSON_ID_RE.match(value)) and person_id_check_char(value[:17]) == value[17]


def make_person_id(region: str, birth: date, sequence: int, sex: str) -> str:
    """An ID for ``region`` (6 digits) and ``birth``; ``sequence`` 0-99 with the parity of ``sex``."""
    order = sequence * 2 + (1 if sex == "male" else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + person_id_check_char(first17)


def credit_code_check_char(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(char) * weight for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def is_credit_code(value: str) -> bool:
    return (
        len(value) == 18
        and all(char in _CREDIT_CHARS for char in value)
        and credit_code_check_char(value[:17]) == value[17]
    )


def make_credit_code(region: str, serial: int) -> str:
    """A 统一社会信用代码 of a company (registration 91) in ``region`` with a numeric serial."""
    first17 = f"91{region}{serial:09d}"
    return first17 + credit_code_check_char(first17)


def mask_person_id(value: str) -> str:
    """``150102199001011234`` → ``150102********1234``; anything that is not a person ID is unchanged."""
    if PERSON_ID_RE.match(value):
        return value[:6] + "********" + value[14:]
    return value


def mask_text(value: str) -> str:
    """Mask every person ID inside a string (e.g. ``child:enrolled_from`` source ids)."""
    return _PERSON_ID_ANYWHERE.sub(lambda m: m.group(1) + "********" + m.group(3), value)


def mask_deep(value: Any) -> Any:
    """A copy of a JSON-like value with every person ID masked."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_deep(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_deep(item) for item in value]
    return value
