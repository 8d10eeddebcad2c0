from __future__ import annotations

from datetime import date

from yinren.kit import ids


def test_person_ids_check_and_mask() -> None:
    assert ids.is_person_id("11010519491231002X")
    assert not ids.is_person_id("110105194912310021")
    made = ids.make_person_id("150102", date(1990, 1, 1), 12, "female")
    assert ids.is_person_id(made) and int(made[16]) % 2 == 0
    assert ids.mask_person_id("150102199001011234") == "150102********1234"
    assert ids.mask_text("150102199001011234:2024-01-01") == "150102********1234:2024-01-01"
    assert ids.mask_deep({"a": ["150102199001011234", 3]}) == {"a": ["150102********1234", 3]}


def test_credit_codes_check() -> None:
    assert ids.is_credit_code("91350100M000100Y43")
    assert ids.is_credit_code(ids.make_credit_code("150100", 42))
    assert not ids.is_credit_code("91350100M000100Y44")
