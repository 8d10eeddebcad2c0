"""Every report stays byte for byte what it was: each example's full JSON in zh and en, and the digest of
each stored case's (the casebook's and synthetic graduates' on many dates).

The engine is tuned for speed; this holds every tuning to the same answers and the same words.
Regenerate with `tests/rules/golden/make_golden.py` only for a change meant to alter reports.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
_spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
assert _spec is not None and _spec.loader is not None
make_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_golden)
EXAMPLES: list[Path] = make_golden.EXAMPLES
LANGS: tuple[str, ...] = make_golden.LANGS
digest, read_cases, report_bytes = make_golden.digest, make_golden.read_cases, make_golden.report_bytes
DIGESTS: dict[str, str] = json.loads((GOLDEN / "digests.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_report_is_unchanged(path: Path, lang: str) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    expected = (GOLDEN / f"{path.stem}.{lang}.json").read_bytes()
    assert report_bytes(document, date.fromisoformat(document["as_of"]), lang) == expected


def test_every_stored_case_report_is_unchanged() -> None:
    changed = [
        key
        for name, document, as_of in read_cases()
        for lang in LANGS
        if DIGESTS[key := f"{name}|{lang}"] != digest(document, as_of, lang)
    ]
    assert changed == []
