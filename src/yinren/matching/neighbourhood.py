"""The rows of a city extract that one person's or one enterprise's single case needs.

A single-case `check` sees only the rows in its document; a batch run sees the whole city. For the two
to agree on a subject's own units, the case must hold every row those units read:

a person: the person's row and their parents' rows (m12 reads whether a parent lives in Hohhot); their
employments and those employers' rows; their home purchases; the enterprises they founded; their
children's rows and the births where they are a parent, with the other parent's row (m15's 户籍
family); and the receipts whose beneficiary_id or source_id is one of theirs (themselves, a child, a
purchase, a founded enterprise).

an enterprise: its row, certifications, dorm projects and daycare enrolments; its employments with the
hired persons' rows, all of those persons' other employments and those employers' rows (m04 pays once
per person: whether another employer's hire came first decides); and the receipts whose beneficiary_id
or source_id is the enterprise or one of the hired persons.

The result is the `{table: [row dicts]}` mapping `evaluate` accepts; `case_document` wraps it as the JSON
document `check` reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yinren.rules import Tables

Rows = dict[str, list[dict[str, Any]]]


class Neighbourhoods:
    """Neighbourhoods of many subjects of one city: each table is indexed once, by the columns looked up."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._indexes: dict[tuple[str, str], dict[str, list[int]]] = {}

    def _table(self, table: str) -> list[dict[str, Any]]:
        if table not in self._rows:
            self._rows[table] = self.tables[table].to_dicts()
        return self._rows[table]

    def _index(self, table: str, column: str) -> dict[str, list[int]]:
        key = (table, column)
        if key not in self._indexes:
            index: dict[str, list[int]] = {}
            for position, value in enumerate(self.tables[table][column].to_list()):
                if value is not None:
                    index.setdefault(value, []).append(position)
            self._indexes[key] = index
        return self._indexes[key]

    def _find(self, table: str, columns: tuple[str, ...], ids: Iterable[str | None]) -> list[dict[str, Any]]:
        """The rows of `table` whose value in any of `columns` is one of `ids`, in the table's order."""
        wanted = {i for i in ids if i}
        positions: set[int] = set()
        for column in columns:
            index = self._index(table, column)
            for value in wanted:
                positions.update(index.get(value, ()))
        rows = self._table(table)
        return [rows[position] for position in sorted(positions)]

    def person(self, person_id: str) -> Rows:
        me = self._find("persons", ("person_id",), [person_id])
        own_parents = [row[column] for row in me for column in ("mother_id", "father_id")]
        children = self._find("persons", ("mother_id", "father_id"), [person_id])
        births = self._find("births", ("mother_id", "father_id"), [person_id])
        co_parents = {row[column] for row in [*children, *births] for column in ("mother_id", "father_id")}
        relatives = self._find("persons", ("person_id",), [*own_parents, *co_parents])
        employments = self._find("employments", ("person_id",), [person_id])
        employers = self._find("enterprises", ("enterprise_id",), [row["employer_id"] for row in employments])
        founded = self._find("enterprises", ("founder_id",), [person_id])
        purchases = self._find("home_purchases", ("buyer_id",), [person_id])
        keys = {
            person_id,
            *(row["person_id"] for row in children),
            *(row["child_id"] for row in births),
            *(row["purchase_id"] for row in purchases),
            *(row["enterprise_id"] for row in founded),
        }
        return {
            "persons": _unique([*me, *relatives, *children], "person_id"),
            "employments": employments,
            "enterprises": _unique([*employers, *founded], "enterprise_id"),
            "home_purchases": purchases,
            "births": births,
            "receipts": self._find("receipts", ("beneficiary_id", "source_id"), keys),
        }

    def enterprise(self, enterprise_id: str) -> Rows:
        me = self._find("enterprises", ("enterprise_id",), [enterprise_id])
        hires = self._find("employments", ("employer_id",), [enterprise_id])
        hired = sorted({row["person_id"] for row in hires})
        employments = self._find("employments", ("person_id",), hired)
        employers = self._find("enterprises", ("enterprise_id",), [row["employer_id"] for row in employments])
        return {
            "persons": self._find("persons", ("person_id",), hired),
            "employments": employments,
            "enterprises": _unique([*me, *employers], "enterprise_id"),
            "certifications": self._find("certifications", ("enterprise_id",), [enterprise_id]),
            "dorm_projects": self._find("dorm_projects", ("enterprise_id",), [enterprise_id]),
            "daycare_enrollments": self._find("daycare_enrollments", ("institution_id",), [enterprise_id]),
            "receipts": self._find("receipts", ("beneficiary_id", "source_id"), [enterprise_id, *hired]),
        }


def _unique(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen: set[Any] = set()
    out = []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            out.append(row)
    return out


def person_neighbourhood(tables: Tables, person_id: str) -> Rows:
    return Neighbourhoods(tables).person(person_id)


def enterprise_neighbourhood(tables: Tables, enterprise_id: str) -> Rows:
    return Neighbourhoods(tables).enterprise(enterprise_id)


def case_document(rows: Rows, subject_kind: str, subject_id: str) -> dict[str, Any]:
    """The neighbourhood as a single-case document: the subject's own row, every other row flat."""
    key, table = ("person", "persons") if subject_kind == "person" else ("enterprise", "enterprises")
    column = "person_id" if subject_kind == "person" else "enterprise_id"
    own = [row for row in rows.get(table, []) if row.get(column) == subject_id]
    if len(own) != 1:
        raise KeyError(f"{subject_kind} {subject_id!r} is not in the neighbourhood")
    document: dict[str, Any] = {key: dict(own[0])}
    for name, table_rows in rows.items():
        others = [row for row in table_rows if not (name == table and row.get(column) == subject_id)]
        if others:
            document[name] = others
    return document
