"""Vectorised identifiers: 居民身份证号 (GB 11643) and 统一社会信用代码 (GB 32100), as ASCII byte matrices.

Each builder returns an (n, 18) uint8 matrix of ASCII codes; `strings` turns any such matrix into a
polars String series without a Python loop (one Arrow buffer, one offsets array).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from ._calendar import civil

Chars = npt.NDArray[np.uint8]
Ints = npt.NDArray[np.int64]

PERSON_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
PERSON_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
CREDIT_ALPHABET = b"0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)  # GB 11714 organisation code
_CREDIT_CHARS = np.frombuffer(CREDIT_ALPHABET, dtype=np.uint8)
_CREDIT_VALUE = np.full(256, -1, dtype=np.int64)
_CREDIT_VALUE[_CREDIT_CHARS] = np.arange(len(CREDIT_ALPHABET))
_SEQ_SLOTS = 500  # sequence numbers per (area, birth date, sex): odd 001..999 for men, even for women


def digits(values: npt.ArrayLike, width: int) -> Chars:
    """Zero-padded decimal ASCII digits of non-negative integers, as an (n, width) matrix."""
    v = np.asarray(values, dtype=np.int64)
    out = np.empty((v.size, width), dtype=np.uint8)
    for position in range(width - 1, -1, -1):  # a loop over digit positions, not rows
        out[:, position] = (v % 10 + 48).astype(np.uint8)
        v = v // 10
    return out


def take_rows(chars: Chars, rows: npt.ArrayLike) -> Chars:
    """chars[rows] for an (n, width) matrix, gathering whole rows at once (several times faster)."""
    r = np.asarray(rows, dtype=np.int64)
    width = chars.shape[1]
    items = np.ascontiguousarray(chars).view(np.dtype((np.void, width))).reshape(-1)
    return np.take(items, r).view(np.uint8).reshape(r.size, width)


def strings(chars: Chars, name: str = "", valid: npt.NDArray[np.bool_] | None = None) -> pl.Series:
    """A polars String series from an (n, width) ASCII matrix (all rows the same width); null where
    `valid` is False."""
    n, width = chars.shape
    data = np.ascontiguousarray(chars).reshape(-1)
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    if valid is None or bool(valid.all()):
        array = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
    else:
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
        nulls = int(n - np.count_nonzero(valid))
        array = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data), bitmap, nulls)
    return pl.Series(name, array, dtype=pl.String)


def _dense(values: Ints) -> tuple[Ints, Ints]:
    """(distinct values ascending, each row's index into them) for small non-negative integers."""
    counts = np.bincount(values)
    distinct = np.flatnonzero(counts)
    index = np.zeros(counts.size, dtype=np.int64)
    index[distinct] = np.arange(distinct.size)
    return distinct, index[values]


def _sequence_numbers(group: Ints, male: npt.NDArray[np.bool_], rng: np.random.Generator) -> Ints:
    """Unique 3-digit sequences per group (area and birth date), odd for men: the rank inside the
    (group, sex), shifted by a random offset per group and sex."""
    key = group * 2 + male
    if key.size and int(key.max()) < 2**31:
        key = key.astype(np.int32)  # sorts faster
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.empty(key.size, dtype=bool)
    if key.size:
        starts[0] = True
        starts[1:] = sorted_key[1:] != sorted_key[:-1]
    start_at = np.maximum.accumulate(np.where(starts, np.arange(key.size), 0))
    rank = np.arange(key.size) - start_at
    if rank.size and int(rank.max()) >= _SEQ_SLOTS:
        raise ValueError("more than 500 persons of one sex share an area code and birth date")
    shift = rng.integers(0, _SEQ_SLOTS, size=int(starts.sum()))[np.cumsum(starts) - 1]
    seq = np.empty(key.size, dtype=np.int64)
    seq[order] = 2 * ((rank + shift) % _SEQ_SLOTS) + male[order]
    return seq


def _weighted(chars: Chars, weights: Ints) -> Ints:
    return np.asarray((chars.astype(np.int64) - 48) @ weights, dtype=np.int64)


def person_ids(area: Ints, birth: npt.ArrayLike, male: npt.NDArray[np.bool_], rng: np.random.Generator) -> Chars:
    """Unique valid ID numbers: area code, birth date, sequence (odd = male), GB 11643 check character.

    Digits and check sums come from small tables (one row per area code, per day, per sequence)."""
    days = np.asarray(birth, dtype=np.int64)
    areas, area_row = _dense(np.asarray(area, dtype=np.int64))
    first_day = int(days.min()) if days.size else 0
    span = np.arange(first_day, (int(days.max()) if days.size else 0) + 1)
    year, month, dom = civil(span)
    day_row = days - first_day
    seq = _sequence_numbers(area_row * span.size + day_row, male, rng)
    area_chars = digits(areas, 6)
    day_chars = np.concatenate([digits(year, 4), digits(month, 2), digits(dom, 2)], axis=1)
    seq_chars = digits(np.arange(1000), 3)
    total = (
        _weighted(area_chars, PERSON_WEIGHTS[:6])[area_row]
        + _weighted(day_chars, PERSON_WEIGHTS[6:14])[day_row]
        + _weighted(seq_chars, PERSON_WEIGHTS[14:])[seq]
    )
    parts = [take_rows(area_chars, area_row), take_rows(day_chars, day_row), take_rows(seq_chars, seq)]
    return np.concatenate([*parts, PERSON_CHECK[total % 11][:, None]], axis=1)


def _org_codes(count: int, rng: np.random.Generator) -> Chars:
    """Unique GB 11714 organisation codes: 8 digits (an affine bijection of the row number) + check."""
    multiplier = int(rng.integers(1_000_000, 10_000_000)) * 10 + int(rng.choice([1, 3, 7, 9]))
    offset = int(rng.integers(0, 100_000_000))
    body = digits((np.arange(count, dtype=np.int64) * multiplier + offset) % 100_000_000, 8)
    total = np.zeros(count, dtype=np.int64)
    for position, weight in enumerate(ORG_WEIGHTS):
        total += (body[:, position].astype(np.int64) - 48) * weight
    check = 11 - total % 11
    check_char = np.where(check == 10, ord("X"), np.where(check == 11, ord("0"), check + 48))
    return np.concatenate([body, check_char.astype(np.uint8)[:, None]], axis=1)


def credit_codes(prefix: Chars, area: Ints, rng: np.random.Generator) -> Chars:
    """Unique valid 统一社会信用代码: 2-character prefix (registering authority and kind), area code,
    organisation code, GB 32100 check character. Unique for one call (the organisation codes differ)."""
    body = np.concatenate([prefix, digits(area, 6), _org_codes(prefix.shape[0], rng)], axis=1)
    total = np.zeros(body.shape[0], dtype=np.int64)
    for position, weight in enumerate(CREDIT_WEIGHTS):
        total += _CREDIT_VALUE[body[:, position]] * weight
    return np.concatenate([body, _CREDIT_CHARS[(31 - total % 31) % 31][:, None]], axis=1)


def wrong_check(chars: Chars, alphabet: bytes) -> Chars:
    """The same codes with the check character replaced by a different character of `alphabet`."""
    out = chars.copy()
    symbols = np.frombuffer(alphabet, dtype=np.uint8)
    position = np.searchsorted(np.sort(symbols), out[:, -1])
    out[:, -1] = np.sort(symbols)[(position + 1) % symbols.size]
    return out
