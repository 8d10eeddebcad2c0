"""Regenerate the golden reports: `.venv/bin/python tests/rules/golden/make_golden.py`.

Run it only when a report is meant to change (a new rule, a reworded explanation), and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import orjson

from yinren.demo import facts
from yinren.policies import load_policy
from yinren.policies.casebook import load_cases
from yinren.rules import CaseError, EvaluationError, check

HERE = Path(__file__).resolve().parent
EXAMPLES = sorted((HERE.parents[2] / "examples").glob("*.json"))
LANGS = ("zh", "en")
SYNTHETIC = 150  # graduates as the load benchmark asks about them, each on its own as_of


def report_bytes(document: dict[str, object], as_of: date, lang: str) -> bytes:
    """The report as the API serialises it (key order and every string exactly)."""
    report = check(document, as_of, policy=load_policy(), lang=lang)
    return orjson.dumps(report.to_dict(), option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_INDENT_2) + b"\n"


def synthetic_cases() -> list[tuple[str, dict[str, object], date]]:
    start = date(2023, 8, 1)
    cases = []
    for number in range(SYNTHETIC):
        document = facts.graduate(number * 7, facts.enterprise_id(1 + number % 3), purchase=number % 2 == 0)
        cases.append((f"graduate-{number}", document, start + timedelta(days=number * 5)))
    return cases


def digest(document: dict[str, object], as_of: date, lang: str) -> str:
    try:
        return hashlib.sha256(report_bytes(document, as_of, lang)).hexdigest()
    except (CaseError, EvaluationError) as error:
        return f"{type(error).__name__}: {error}"


def write_cases() -> None:
    """The inputs, kept here so that the golden test does not move when the casebook or the demo does."""
    cases = [(case.id, case.document, case.as_of) for case in load_cases()] + synthetic_cases()
    lines = [
        json.dumps({"name": name, "as_of": as_of.isoformat(), "document": document}, ensure_ascii=False, default=str)
        for name, document, as_of in cases
    ]
    (HERE / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_cases() -> list[tuple[str, dict[str, object], date]]:
    lines = (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line]
    return [(entry["name"], entry["document"], date.fromisoformat(entry["as_of"])) for entry in entries]


def digests() -> dict[str, str]:
    """sha256 of each stored case's report (casebook and synthetic graduates), in each language."""
    return {f"{name}|{lang}": digest(document, as_of, lang) for name, document, as_of in read_cases() for lang in LANGS}


def main() -> None:
    for path in EXAMPLES:
        document = json.loads(path.read_text(encoding="utf-8"))
        for lang in LANGS:
            target = HERE / f"{path.stem}.{lang}.json"
            target.write_bytes(report_bytes(document, date.fromisoformat(document["as_of"]), lang))
    write_cases()
    (HERE / "digests.json").write_text(json.dumps(digests(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(EXAMPLES) * len(LANGS)} reports and the digests to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
