"""Turn a city extract (polars Tables) or one case's rows into numpy columns the rules read.

Both inputs end in the same `Encoded`: ids become int64 codes (the row number of the table that owns the
id, -1 when absent), dates int32 days (NULL_DATE when null), enums int8 positions in the contract's list
(-1 unknown), money int64 fen (NULL_FEN when null). The batch path leans on polars; the single-case
path on plain Python, because polars' per-call overhead would dwarf a case of a dozen rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ._dates import NULL_DATE, to_days
from ._frame import Frame
from ._schema import TABLES, Column, Kind
from ._tables import Tables

NULL_FEN = np.int64(-1)
_SEED = 20230824
Rows = Sequence[Mapping[str, Any]]

# Which id domain each id column refers to; the owning column defines the domain's codes.
_PERSON_REFS = {
    "persons": ("mother_id", "father_id"),
    "employments": ("person_id",),
    "enterprises": ("founder_id",),
    "home_purchases": ("buyer_id",),
    "births": ("child_id", "mother_id", "father_id"),
    "daycare_enrollments": ("child_id",),
}
_ENTERPRISE_REFS = {
    "employments": ("employer_id",),
    "certifications": ("enterprise_id",),
    "daycare_enrollments": ("institution_id",),
    "dorm_projects": ("enterprise_id",),
}
_DOMAIN_OWNERS = {
    "persons": ("persons", "person_id"),
    "enterprises": ("enterprises", "enterprise_id"),
    "home_purchases": ("home_purchases", "purchase_id"),
    "dorm_projects": ("dorm_projects", "project_id"),
}


class Ids:
    """The strings behind one domain's codes, and the way back from strings to codes."""

    def __init__(self, values: pl.Series | Sequence[str | None]) -> None:
        self._series = values if isinstance(values, pl.Series) else None
        self._list: list[str | None] | None = None if self._series is not None else list(values)
        self._index: dict[str, int] | None = None
        self._ranks: npt.NDArray[np.int64] | None = None
        self._index_arrays: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]] | None = None

    def __len__(self) -> int:
        return len(self._series) if self._series is not None else len(self._list or [])

    def get(self, code: int) -> str:
        if code < 0:
            return ""
        if self._list is None:
            self._list = self._series.to_list() if self._series is not None else []
        return self._list[code] or ""

    def series(self, codes: npt.NDArray[np.int64]) -> pl.Series:
        """The ids of the codes; "" for -1 (polars' gather would read -1 as the last id)."""
        if self._series is not None:
            found = self._series.gather(pl.Series(np.maximum(codes, 0), dtype=pl.Int64))
            if codes.size and codes.min() < 0:
                found = pl.select(pl.when(pl.Series(codes >= 0)).then(found).otherwise(pl.lit(""))).to_series()
            return found.alias("")
        return pl.Series([self.get(int(code)) for code in codes], dtype=pl.String)

    def ranks(self) -> npt.NDArray[np.int64]:
        """Each code's place in the ids' string order: ties broken by "the smaller id" (spec 2a)."""
        if self._ranks is None:
            if self._series is not None:
                self._ranks = self._series.fill_null("").rank("ordinal").cast(pl.Int64).to_numpy() - 1
            else:
                strings = [value or "" for value in self._list or []]
                order = sorted(range(len(strings)), key=strings.__getitem__)
                self._ranks = np.empty(len(strings), dtype=np.int64)
                self._ranks[order] = np.arange(len(strings), dtype=np.int64)
        return self._ranks

    def encode(self, values: pl.Series | Sequence[str | None]) -> npt.NDArray[np.int64]:
        # A dict of the domain pays off for a case's dozen ids; a city's millions join in polars.
        if isinstance(values, pl.Series) and (len(values) > 64 or len(self) > 4096):
            return self._encode_series(values)
        items = values.to_list() if isinstance(values, pl.Series) else list(values)
        index = self._dict()
        return np.fromiter((index.get(v, -1) if v is not None else -1 for v in items), np.int64, len(items))

    def _dict(self) -> dict[str, int]:
        if self._index is None:
            strings = self._series.to_list() if self._series is not None else (self._list or [])
            index: dict[str, int] = {}
            for code, value in enumerate(strings):
                if value is not None:
                    index.setdefault(value, code)  # a duplicate id: the first row owns it
            self._index = index
        return self._index

    def _owner(self) -> pl.Series:
        return self._series if self._series is not None else pl.Series(self._list, dtype=pl.String)

    def _encode_series(self, values: pl.Series) -> npt.NDArray[np.int64]:
        """Look each id up in a sorted array of the domain's 64-bit hashes, then check every match exactly.

        polars would rebuild a hash table over the whole domain for every join; the sorted hashes are
        built once per domain, and a lookup is a binary search.
        """
        hashes, owners = self._hash_index()
        strings = values.cast(pl.String)
        codes = np.full(len(strings), -1, dtype=np.int64)
        given = np.flatnonzero(strings.is_not_null().to_numpy())
        if given.size == 0 or hashes.size == 0:
            return codes
        wanted = strings.hash(seed=_SEED).to_numpy()[given]
        # Binary search with needles in order walks the haystack once; random needles miss the cache.
        order = np.argsort(wanted)
        position = np.empty(given.size, dtype=np.int64)
        position[order] = np.searchsorted(hashes, wanted[order])
        position = np.minimum(position, hashes.size - 1)
        found = hashes[position] == wanted
        codes[given[found]] = owners[position[found]]
        checked = given[found]
        if checked.size:
            same = (self._owner().gather(codes[checked]) == strings.gather(checked)).fill_null(False).to_numpy()
            wrong = checked[~same]
            if wrong.size:  # a hash collision: those few rows by exact comparison
                codes[wrong] = self._exact(strings.gather(wrong))
        return codes

    def extended(self, extra: pl.Series) -> Ids:
        """These ids followed by `extra` (none of them here): the sorted hashes grow, not rebuilt."""
        grown = Ids(pl.concat([self._owner(), extra]))
        if self._index_arrays is not None:
            hashes, codes = self._index_arrays
            more = extra.hash(seed=_SEED).to_numpy()
            order = np.argsort(more, kind="stable")
            places = np.searchsorted(hashes, more[order], side="right")
            extra_codes = np.arange(len(self), len(self) + len(extra), dtype=np.int64)[order]
            grown._index_arrays = (np.insert(hashes, places, more[order]), np.insert(codes, places, extra_codes))
        return grown

    def _hash_index(self) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
        """The owners' hashes sorted, and the code at each place (the first row of a duplicated id first)."""
        if self._index_arrays is None:
            owner = self._owner()
            present = np.flatnonzero(owner.is_not_null().to_numpy())
            hashes = owner.hash(seed=_SEED).to_numpy()[present]
            order = np.argsort(hashes, kind="stable")
            self._index_arrays = (hashes[order], present[order].astype(np.int64))
        return self._index_arrays

    def _exact(self, values: pl.Series) -> npt.NDArray[np.int64]:
        owner = pl.DataFrame({"key": self._owner()}).with_row_index("code").unique("key", keep="first")
        joined = pl.DataFrame({"key": values}).join(owner, on="key", how="left", maintain_order="left")
        return joined["code"].cast(pl.Int64).fill_null(-1).to_numpy()


@dataclass
class Encoded:
    """The extract as numpy columns; `ids` decodes codes of each domain back to the contract's strings.

    Receipts name their beneficiary and source in the domains of their measure (a person, a purchase,
    a recognition ...), so each measure's receipts are encoded once, when the policy is known, and kept:
    every evaluation of the same extract (each what-if) reuses them.
    """

    tables: dict[str, Frame]
    ids: dict[str, Ids]
    receipt_rows: dict[str, Any] = field(default_factory=dict)
    _receipts: dict[tuple[str, str, str], Frame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Frame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None

    def receipts_of(self, measure_id: str, beneficiary_domain: str, source_domain: str) -> Frame:
        """One measure's receipts, beneficiary and source as codes of the measure's domains (kept)."""
        key = (measure_id, beneficiary_domain, source_domain)
        if key not in self._receipts:
            receipts = self.tables["receipts"]
            measure = self.ids["receipt_measures"].encode([measure_id])[0]
            if measure < 0:  # no receipt of this measure at all
                none = np.zeros(0, dtype=np.int64)
                self._receipts[key] = receipts.take(none).with_columns(beneficiary=none, source=none, amount_fen=none)
                return self._receipts[key]
            rows = np.flatnonzero(receipts.measure == measure)
            mine = receipts.take(rows)
            self._receipts[key] = mine.with_columns(
                beneficiary=self.ids[beneficiary_domain].encode(_gather(self.receipt_rows["beneficiary_id"], rows)),
                source=self.ids[source_domain].encode(_gather(self.receipt_rows["source_id"], rows)),
                amount_fen=np.maximum(mine.amount, 0),
            )
        return self._receipts[key]


def _gather(values: pl.Series | list[Any], rows: npt.NDArray[np.int64]) -> pl.Series | list[Any]:
    if isinstance(values, pl.Series):
        return values.gather(pl.Series(rows, dtype=pl.Int64))
    return [values[int(row)] for row in rows]


def encode(
    source: Tables | Mapping[str, Rows], receipt_domains: Mapping[str, tuple[str, str]] | None = None
) -> Encoded:
    """Encode polars Tables (a city) or a mapping of table name to row dicts (one case).

    `receipt_domains` (measure id -> beneficiary and source domains) encodes receipts now, not at the
    first evaluation; `evaluate` passes its policy's.
    """
    columns = {name: _raw_columns(name, source) for name in TABLES}
    ids = {domain: Ids(columns[table][column]) for domain, (table, column) in _DOMAIN_OWNERS.items()}
    known: dict[tuple[str, str], npt.NDArray[np.int64]] = {}
    for domain, refs in (("persons", _PERSON_REFS), ("enterprises", _ENTERPRISE_REFS)):
        table, column = _DOMAIN_OWNERS[domain]
        ids[domain], codes = _domain(columns[table][column], _references(columns, refs))
        places = [(table_name, name) for table_name, names in refs.items() for name in names]
        known.update(zip(places, codes, strict=True))
    ids["births"] = Ids(columns["births"]["child_id"])
    ids["certifications"] = Ids(_joined_key(columns["certifications"], ("enterprise_id", "level", "recognized_on")))
    ids["daycare_enrollments"] = Ids(_joined_key(columns["daycare_enrollments"], ("child_id", "enrolled_from")))
    tables = {name: _encode_table(name, raw, ids, known) for name, raw in columns.items()}
    receipts = columns["receipts"]
    measure_ids = Ids(_unique(receipts["measure_id"]))
    ids["receipt_measures"] = measure_ids
    tables["receipts"] = tables["receipts"].with_columns(measure=measure_ids.encode(receipts["measure_id"]))
    encoded = Encoded(tables=tables, ids=ids, receipt_rows=receipts)
    if isinstance(source, Tables):  # a city: encode receipts now, once; a case's few on first use
        for measure_id, (beneficiary, source_domain) in (receipt_domains or {}).items():
            encoded.receipts_of(measure_id, beneficiary, source_domain)
    return encoded


def _unique(values: pl.Series | list[str | None]) -> list[str | None]:
    if isinstance(values, pl.Series):
        return values.unique(maintain_order=True).to_list()
    return list(dict.fromkeys(values))


def _references(columns: dict[str, dict[str, Any]], refs: Mapping[str, tuple[str, ...]]) -> list[Any]:
    return [columns[table][name] for table, names in refs.items() for name in names]


def _domain(owner: pl.Series | list[str | None], references: list[Any]) -> tuple[Ids, list[npt.NDArray[np.int64]]]:
    """The owner table's ids (codes = its row numbers), then ids only referenced elsewhere; and the codes
    of every reference column, found on the way.

    A mother absent from `persons` still gets a code, so rosters and receipts keep her id.
    """
    if isinstance(owner, pl.Series):
        return _domain_of_series(owner.cast(pl.String), [r.cast(pl.String) for r in references])
    index: dict[str, int] = {}
    for code, value in enumerate(owner):
        if value is not None:
            index.setdefault(value, code)
    extra: list[str | None] = []
    codes = []
    for values in references:
        column = np.empty(len(values), dtype=np.int64)
        for row, value in enumerate(values):
            if value is None:
                column[row] = -1
                continue
            if value not in index:
                index[value] = len(owner) + len(extra)
                extra.append(value)
            column[row] = index[value]
        codes.append(column)
    return Ids([*owner, *extra]), codes


def _domain_of_series(owner: pl.Series, references: list[pl.Series]) -> tuple[Ids, list[npt.NDArray[np.int64]]]:
    owners = Ids(owner)
    referenced = pl.concat(references) if references else pl.Series([], dtype=pl.String)
    codes = owners.encode(referenced)
    unknown = np.flatnonzero((codes < 0) & referenced.is_not_null().to_numpy())
    domain = owners
    if unknown.size:
        missing = referenced.gather(unknown)
        extra = missing.unique(maintain_order=True)
        codes[unknown] = len(owner) + Ids(extra).encode(missing)
        domain = owners.extended(extra)
    bounds = np.cumsum([0, *(len(r) for r in references)])
    return domain, [codes[start:stop] for start, stop in pairwise(bounds)]


def _raw_columns(name: str, source: Tables | Mapping[str, Rows]) -> dict[str, Any]:
    table = TABLES[name]
    if isinstance(source, Tables):
        frame = source[name]
        return {column.name: frame[column.name] for column in table.columns}
    rows = source.get(name, ())
    if not rows:
        return _no_rows(name)
    return {column.name: [row.get(column.name) for row in rows] for column in table.columns}


@cache
def _no_rows(name: str) -> dict[str, Any]:
    """The columns of a table a case leaves empty (most of the nine), made once: nothing writes to them."""
    return {column.name: () for column in TABLES[name].columns}


def _joined_key(raw: dict[str, Any], names: tuple[str, ...]) -> pl.Series | list[str | None]:
    """The composite source_id of spec section 2a, such as `enterprise_id:level:recognized_on`."""
    parts = [raw[name] for name in names]
    if isinstance(parts[0], pl.Series):
        return pl.select(pl.concat_str([p.cast(pl.String) for p in parts], separator=":")).to_series()
    return [":".join(str(value) for value in values) for values in zip(*parts, strict=True)]


def _encode_table(
    name: str, raw: dict[str, Any], ids: dict[str, Ids], known: Mapping[tuple[str, str], npt.NDArray[np.int64]]
) -> Frame:
    first = raw[TABLES[name].columns[0].name]
    if not isinstance(first, pl.Series) and not first:
        return _empty_table(name)
    return _encode_columns(name, raw, ids, known)


def _encode_columns(
    name: str, raw: dict[str, Any], ids: Mapping[str, Ids], known: Mapping[tuple[str, str], npt.NDArray[np.int64]]
) -> Frame:
    table = TABLES[name]
    size = len(raw[table.columns[0].name])
    out: dict[str, npt.NDArray[Any]] = {}
    for column in table.columns:
        values = raw[column.name]
        domain = _domain_of(name, column.name)
        if (name, column.name) in known:
            out[column.name] = known[name, column.name]
        elif domain is not None:
            out[column.name] = ids[domain].encode(values)
        elif column.kind in (Kind.PERSON_ID, Kind.CREDIT_CODE, Kind.STR):
            continue  # owners' ids are their row numbers; free text is not read by rules
        else:
            out[column.name] = _encode_column(column, values)
    out["row"] = np.arange(size, dtype=np.int64)
    return Frame(out, size)


@cache
def _empty_table(name: str) -> Frame:
    """A table a case leaves empty (most of the nine): built once and shared, as nothing can be written
    into a column of no rows."""
    raw: dict[str, Any] = {column.name: [] for column in TABLES[name].columns}
    return _encode_columns(name, raw, defaultdict(lambda: Ids([])), {})


_REFERENCE_DOMAINS = {
    **{(table, column): "persons" for table, columns in _PERSON_REFS.items() for column in columns},
    **{(table, column): "enterprises" for table, columns in _ENTERPRISE_REFS.items() for column in columns},
}


def _domain_of(table: str, column: str) -> str | None:
    return _REFERENCE_DOMAINS.get((table, column))


def _encode_column(column: Column, values: pl.Series | list[Any]) -> npt.NDArray[Any]:
    if isinstance(values, pl.Series):
        return _encode_series(column, values)
    return _encode_list(column, values)


def _encode_series(column: Column, values: pl.Series) -> npt.NDArray[Any]:
    kind = column.kind
    if kind is Kind.DATE:
        return values.cast(pl.Int32).fill_null(int(NULL_DATE)).to_numpy().astype(np.int32, copy=False)
    if kind is Kind.BOOL:
        return values.fill_null(False).to_numpy().astype(bool, copy=False)
    if kind is Kind.INT:
        return values.fill_null(0).cast(pl.Int64).to_numpy()
    if kind is Kind.YUAN:
        return (values * 100).round(0).cast(pl.Int64).fill_null(int(NULL_FEN)).to_numpy()
    if kind is Kind.NUMBER:
        return values.cast(pl.Float64).fill_null(np.nan).to_numpy()
    if kind is Kind.ENUM:
        mapping = {value: code for code, value in enumerate(column.values)}
        coded = values.replace_strict(mapping, default=-1, return_dtype=pl.Int8)
        return coded.to_numpy().astype(np.int8, copy=False)
    if kind is Kind.PERIOD:
        year = values.str.slice(0, 4).cast(pl.Int64, strict=False)
        month = values.str.slice(5, 2).cast(pl.Int64, strict=False)
        return (year * 12 + month - 1).fill_null(-1).to_numpy()
    raise TypeError(f"no encoding for {column.name} ({kind})")


def _encode_list(column: Column, values: list[Any]) -> npt.NDArray[Any]:
    kind = column.kind
    if kind is Kind.DATE:
        return np.array([_days(v) for v in values], dtype=np.int32)
    if kind is Kind.BOOL:
        return np.array([bool(v) for v in values], dtype=bool)
    if kind is Kind.INT:
        return np.array([int(v or 0) for v in values], dtype=np.int64)
    if kind is Kind.YUAN:
        return np.array([yuan_to_fen(v) if v is not None else NULL_FEN for v in values], dtype=np.int64)
    if kind is Kind.NUMBER:
        return np.array([float(v) if v is not None else np.nan for v in values], dtype=np.float64)
    if kind is Kind.ENUM:
        positions = _positions(column.values)
        return np.array([positions.get(v, -1) for v in values], dtype=np.int8)
    if kind is Kind.PERIOD:
        return np.array([_period(v) for v in values], dtype=np.int64)
    raise TypeError(f"no encoding for {column.name} ({kind})")


@lru_cache(maxsize=64)
def _positions(values: tuple[str, ...]) -> dict[str, int]:
    return {value: code for code, value in enumerate(values)}


def yuan_to_fen(value: object) -> int:
    """Exact yuan to fen, half-up at the fen (floats go through their shortest decimal form)."""
    amount = Decimal(str(value)) * 100
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _days(value: object) -> int:
    if value is None:
        return int(NULL_DATE)
    if isinstance(value, date):
        return to_days(value)
    return to_days(date.fromisoformat(str(value)))


def _period(value: object) -> int:
    if not value:
        return -1
    text = str(value)
    return int(text[:4]) * 12 + int(text[5:7]) - 1
