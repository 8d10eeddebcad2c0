"""One case as JSON: a person or an enterprise with their own rows nested, flattened to the tables.

    {"person": {...persons fields..., "employments": [...], "home_purchases": [...],
                "enterprises": [...founded...], "children": [...], "births": [...], "receipts": [...]},
     "enterprises": [...employers...]}

    {"enterprise": {...enterprises fields..., "certifications": [...], "dorm_projects": [...],
                    "employments": [{..., "person": {...}}], "daycare_enrollments": [...], "receipts": [...]}}

Nested rows omit their parent's key; any table may also be given flat at the top level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._schema import TABLES
from ._validate import parse_row

Row = dict[str, Any]


class CaseError(ValueError):
    """The case cannot be read; `problems` name each table, row, column and rule broken."""

    def __init__(self, problems: list[Any]) -> None:
        self.problems = problems
        lines = [getattr(problem, "message_en", str(problem)) for problem in problems[:5]]
        super().__init__("; ".join(lines) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""))


@dataclass(frozen=True)
class Case:
    subject_kind: str  # "person" or "enterprise"
    subject_id: str
    rows: dict[str, list[Row]]  # parsed to the contract's types, as the engine reads them
    raw_rows: dict[str, list[Row]]  # as given, for validation to name what is wrong

    def family_ids(self) -> set[str]:
        """The subject and, for a person, the children and their other parent (family measures)."""
        ids = {self.subject_id}
        if self.subject_kind == "person":
            for child in self.rows["persons"]:
                if self.subject_id in (child.get("mother_id"), child.get("father_id")):
                    ids.update(filter(None, (child.get("person_id"), child.get("mother_id"), child.get("father_id"))))
            for birth in self.rows["births"]:
                if self.subject_id in (birth.get("mother_id"), birth.get("father_id")):
                    ids.update(filter(None, (birth.get("mother_id"), birth.get("father_id"))))
        return ids


_PERSON_NESTED = {
    "employments": ("employments", "person_id"),
    "home_purchases": ("home_purchases", "buyer_id"),
    "enterprises": ("enterprises", "founder_id"),
    "receipts": ("receipts", "beneficiary_id"),
}
_ENTERPRISE_NESTED = {
    "certifications": ("certifications", "enterprise_id"),
    "dorm_projects": ("dorm_projects", "enterprise_id"),
    "employments": ("employments", "employer_id"),
    "daycare_enrollments": ("daycare_enrollments", "institution_id"),
    "receipts": ("receipts", "beneficiary_id"),
}


Parsed = dict[str, list[tuple[Row, list[Any]]]]  # by table: each row's values and its `type` problems


def read_case(document: Mapping[str, Any]) -> Case:
    """Flatten a case document; structural mistakes raise CaseError naming the place."""
    return read_case_parsed(document)[0]


def read_case_parsed(document: Mapping[str, Any]) -> tuple[Case, Parsed]:
    """`read_case`, and each row as `parse_row` read it: validation goes on from there, not parsing again."""
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    problems: list[Any] = []
    subjects = [key for key in ("person", "enterprise") if key in document]
    if len(subjects) != 1:
        raise CaseError(
            [
                _structure(
                    "the case names exactly one subject: `person` or `enterprise`",
                    "案例须且只能有一个主体：person 或 enterprise",
                )
            ]
        )
    for name, value in document.items():
        if name in TABLES:
            rows[name].extend(_list_of_rows(value, name, problems))
        elif name not in ("person", "enterprise", "as_of", "title", "description", "note"):
            problems.append(_structure(f"unknown key {name!r}", f"未知字段 {name!r}"))
    kind = subjects[0]
    subject = document[kind]
    if not isinstance(subject, Mapping):
        raise CaseError([_structure(f"`{kind}` must be an object", f"`{kind}` 应为对象")])
    subject_id = (
        _flatten_person(subject, rows, problems) if kind == "person" else _flatten_enterprise(subject, rows, problems)
    )
    if problems:
        raise CaseError(problems)
    parsed = {
        name: [parse_row(name, row, number) for number, row in enumerate(table, 1)] for name, table in rows.items()
    }
    values = {name: [row for row, _ in table] for name, table in parsed.items()}
    return Case(kind, subject_id, values, rows), parsed


def _flatten_person(person: Mapping[str, Any], rows: dict[str, list[Row]], problems: list[Any]) -> str:
    own = {k: v for k, v in person.items() if k not in (*_PERSON_NESTED, "children", "births")}
    person_id = str(own.get("person_id") or "")
    rows["persons"].append(own)
    for key, (table, parent_key) in _PERSON_NESTED.items():
        for row in _list_of_rows(person.get(key, []), key, problems):
            rows[table].append(_with_parent(row, parent_key, person_id))
    parent_key = "mother_id" if own.get("sex") == "female" else "father_id"
    for child in _list_of_rows(person.get("children", []), "children", problems):
        rows["persons"].append(_with_parent(child, parent_key, person_id))
    for birth in _list_of_rows(person.get("births", []), "births", problems):
        rows["births"].append(_with_parent(birth, parent_key, person_id))
    return person_id


def _flatten_enterprise(firm: Mapping[str, Any], rows: dict[str, list[Row]], problems: list[Any]) -> str:
    own = {k: v for k, v in firm.items() if k not in _ENTERPRISE_NESTED}
    firm_id = str(own.get("enterprise_id") or "")
    rows["enterprises"].append(own)
    for key, (table, parent_key) in _ENTERPRISE_NESTED.items():
        for row in _list_of_rows(firm.get(key, []), key, problems):
            nested_person = row.pop("person", None) if table == "employments" else None
            if isinstance(nested_person, Mapping):
                rows["persons"].append(dict(nested_person))
                row.setdefault("person_id", nested_person.get("person_id"))
            rows[table].append(_with_parent(row, parent_key, firm_id))
    return firm_id


def _with_parent(row: Row, key: str, parent_id: str) -> Row:
    """A nested row belongs to its parent unless it names another one itself."""
    return {**row, key: row.get(key) or parent_id}


def _list_of_rows(value: Any, name: str, problems: list[Any]) -> list[Row]:
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        problems.append(_structure(f"`{name}` must be a list of objects", f"`{name}` 应为对象列表"))
        return []
    return [dict(item) for item in value]


@dataclass(frozen=True)
class StructureProblem:
    table: str
    row: int
    column: str | None
    rule: str
    value: str | None
    message_zh: str
    message_en: str


def _structure(en: str, zh: str) -> StructureProblem:
    return StructureProblem("case", 0, None, "structure", None, zh, en)
