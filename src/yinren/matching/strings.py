"""Id strings as bytes for numpy: a stable hash, and sorting millions of ids in a fraction of a second.

polars sorts 10^6 id strings in seconds on this machine (string views compared one by one). Ids are
short (18 characters, or a few tens for composite ones): packed into big-endian 64-bit words, zero-padded,
they sort as integers, and the order of the words is the order of the strings (byte order, shorter first,
as polars and Python order them; ids hold no NUL character).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

Order = npt.NDArray[np.int64]
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_MASK = 0xFFFFFFFFFFFFFFFF


def _bytes(values: pl.Series) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Each string's start and length in one byte buffer (UTF-8), and the buffer; a null is empty."""
    binary = pc.cast(values.cast(pl.String).fill_null("").to_arrow(), pa.large_binary())
    if isinstance(binary, pa.ChunkedArray):
        binary = binary.combine_chunks()
    size = len(binary)
    buffers = binary.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64)[binary.offset : binary.offset + size + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    return offsets[:-1], np.diff(offsets), data


def stable_hash(values: pl.Series) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each string, the same everywhere: FNV-1a over UTF-8 bytes, then a splitmix64 mix.

    A null hashes as the empty string.
    """
    starts, lengths, data = _bytes(values)
    state = np.full(starts.size, _FNV_OFFSET, dtype=np.uint64)
    for position in range(int(lengths.max(initial=0))):
        live = lengths > position
        if live.all():
            state = (state ^ data[starts + position].astype(np.uint64)) * _FNV_PRIME
        else:
            index = np.flatnonzero(live)
            state[index] = (state[index] ^ data[starts[index] + position].astype(np.uint64)) * _FNV_PRIME
    return _mix(state)


def _mix(state: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser, so that the low bits (taken modulo the parts) depend on every byte."""
    z = state ^ (state >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    out: npt.NDArray[np.uint64] = z ^ (z >> np.uint64(31))
    return out


def stable_hash_one(value: str) -> int:
    """The same hash for one string, in plain Python (the reference the vectorised one is tested against)."""
    state = 0xCBF29CE484222325
    for byte in value.encode("utf-8"):
        state = ((state ^ byte) * 0x100000001B3) & _MASK
    z = state ^ (state >> 30)
    z = (z * 0xBF58476D1CE4E5B9) & _MASK
    z = z ^ (z >> 27)
    z = (z * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def sort_words(values: pl.Series) -> npt.NDArray[np.uint64]:
    """Unsigned 64-bit words whose order, word by word, is the strings' order: shape (rows, words).

    Strings of one length (ids) are packed densely: each byte becomes its rank among the bytes present,
    a digit of that base, as many digits to a word as fit (an 18-character 身份证号 of 0-9 and X is one
    word). Otherwise the bytes themselves, big-endian, zero-padded to the longest string.
    """
    starts, lengths, data = _bytes(values)
    size = starts.size
    width = max(int(lengths.max(initial=0)), 1)
    fixed = size > 0 and bool((lengths == width).all()) and bool((np.diff(starts) == width).all())
    if fixed:
        return _packed(data[starts[0] : starts[0] + size * width].reshape(size, width))
    padded = (width + 7) // 8 * 8
    matrix = np.zeros((size, padded), dtype=np.uint8)
    for position in range(width):
        live = np.flatnonzero(lengths > position)
        matrix[live, position] = data[starts[live] + position]
    words: npt.NDArray[np.uint64] = matrix.view(">u8").astype(np.uint64)
    return words


def _packed(matrix: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    """Equal-length byte strings as base-b numbers, b the number of distinct bytes (order-preserving)."""
    present = np.bincount(matrix.ravel(), minlength=256) > 0
    ranked = (np.cumsum(present) - 1).astype(np.uint8)[matrix]
    base = max(int(present.sum()), 2)
    per_word = 1
    while base ** (per_word + 1) <= _MASK:
        per_word += 1
    words = []
    for start in range(0, matrix.shape[1], per_word):
        stop = min(start + per_word, matrix.shape[1])
        powers = np.array([base ** (stop - 1 - position) for position in range(start, stop)], dtype=np.uint64)
        words.append(ranked[:, start:stop].astype(np.uint64) @ powers)  # exact: every sum < base ** per_word
    return np.stack(words, axis=1)


def _words(key: pl.Series | npt.NDArray[np.integer]) -> list[npt.NDArray[np.uint64]]:
    if isinstance(key, pl.Series):
        words = sort_words(key)
        return [words[:, index] for index in range(words.shape[1])]
    return [np.asarray(key).astype(np.uint64)]


def _radix(columns: list[npt.NDArray[np.uint64]], size: int) -> Order:
    """Stable order by the columns, most significant first: one stable pass per column, least first."""
    order = np.arange(size, dtype=np.int64)
    for column in reversed(columns):
        if column.size and (column == column[0]).all():
            continue  # a constant word orders nothing
        order = order[np.argsort(column[order], kind="stable")]
    return order


def lexicographic_order(*keys: pl.Series | npt.NDArray[np.integer]) -> Order:
    """The stable order of rows by the keys, most significant first: strings in byte order, nulls first
    (as empty strings), integers (non-negative) by value.

    When the first key alone has no ties (an offer's source, usually) the other keys are not read.
    """
    if not keys:
        return np.zeros(0, dtype=np.int64)
    first = _words(keys[0])
    size = first[0].size
    order = _radix(first, size)
    if len(keys) == 1 or size < 2:
        return order
    ties = np.ones(size - 1, dtype=bool)
    for column in first:
        ranked = column[order]
        ties &= ranked[1:] == ranked[:-1]
    if not ties.any():
        return order
    return _radix([word for key in keys for word in _words(key)], size)
