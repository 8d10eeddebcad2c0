"""Relational kernels over integer codes: lookups, group reductions, joins, first-per-group.

Rows refer to each other by int64 codes (row numbers in the table that owns the id); -1 is "none".
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Codes = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


# Up to this many codes, bounds are checked on a Python list: two numpy reductions cost more.
_SMALL = 16


def take(values: npt.NDArray[Any], codes: Codes, fill: object) -> npt.NDArray[Any]:
    """values[codes], with `fill` where the code is -1 or names an id absent from the owner table."""
    if codes.size <= _SMALL:  # one case's rows: the engine's hot path, called a hundred times a case
        listed = codes.tolist()
        if not listed:
            return np.empty(codes.shape, values.dtype)
        if min(listed) >= 0 and max(listed) < values.size:
            return values[codes]
    elif values.size and codes.min() >= 0 and codes.max() < values.size:
        return values[codes]  # every code names a row: the common case, and the cheap one
    present = (codes >= 0) & (codes < values.size)
    out = values[np.where(present, codes, 0)] if values.size else np.zeros(codes.shape, values.dtype)
    if not present.all():
        out = np.where(present, out, np.asarray(fill, dtype=values.dtype))
    return out


def group_any(keys: Codes, mask: Mask, size: int) -> Mask:
    """For each group 0..size-1: does any row with that key have mask True?"""
    hit = keys[mask & (keys >= 0)]
    return np.bincount(hit, minlength=size)[:size] > 0


def group_sum(keys: Codes, values: npt.NDArray[np.int64], size: int, mask: Mask | None = None) -> Codes:
    if keys.size == 0:  # no receipt at all, a case's usual state: ufunc.at costs microseconds even then
        return np.zeros(size, dtype=np.int64)
    keep = keys >= 0 if mask is None else mask & (keys >= 0)
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, keys[keep], values[keep])
    return out


def group_min(keys: Codes, values: npt.NDArray[np.int64], size: int, mask: Mask, empty: int) -> Codes:
    if keys.size <= _SMALL and size <= _SMALL:
        return _few_group_min(keys.tolist(), values.tolist(), size, mask.tolist(), empty)
    keep = mask & (keys >= 0)
    out = np.full(size, empty, dtype=np.int64)
    np.minimum.at(out, keys[keep], values[keep].astype(np.int64))
    return out


def _few_group_min(keys: list[int], values: list[int], size: int, mask: list[bool], empty: int) -> Codes:
    out = [empty] * size
    for key, value, keep in zip(keys, values, mask, strict=True):
        if keep and key >= 0 and value < out[key]:
            out[key] = value
    return np.array(out, dtype=np.int64)


def join_pairs(left: Codes, right: Codes) -> tuple[Codes, Codes]:
    """Every (i, j) with left[i] == right[j] >= 0: a many-to-many join on codes."""
    if left.size <= _SMALL and right.size <= _SMALL:
        return _few_pairs(left.tolist(), right.tolist())
    order = np.argsort(right, kind="stable")
    sorted_right = right[order]
    start = np.searchsorted(sorted_right, left, side="left")
    stop = np.searchsorted(sorted_right, left, side="right")
    counts = np.where(left >= 0, stop - start, 0)
    left_index = np.repeat(np.arange(left.size, dtype=np.int64), counts)
    if left_index.size == 0:
        return left_index, left_index.copy()
    offsets = np.arange(left_index.size, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    right_index = order[np.repeat(start, counts) + offsets].astype(np.int64)
    return left_index, right_index


def _few_pairs(left: list[int], right: list[int]) -> tuple[Codes, Codes]:
    """`join_pairs` by nested loops: pairs by left row, then by right row, as the stable sort gives them."""
    pairs = [(i, j) for i, code in enumerate(left) if code >= 0 for j, other in enumerate(right) if other == code]
    return np.array([i for i, _ in pairs], dtype=np.int64), np.array([j for _, j in pairs], dtype=np.int64)


def any_per_row(rows: Codes, mask: Mask, size: int) -> Mask:
    """Reduce pair-level results (from join_pairs) back to the left rows."""
    return group_any(rows, mask, size)


def none_before_in_group(groups: Codes, mask: Mask, *order: npt.NDArray[np.generic]) -> Mask:
    """True where no row of the same group with mask True comes before this row by `order`.

    For a masked row this is "it is its group's first" (once-per-person rules, spec section 2a); an
    unmasked row is judged the same way, so its explanation names only the conditions it really fails.
    Only groups with two rows or more are sorted: most people have one hire, one home, one firm.
    """
    out = np.ones(groups.shape, dtype=bool)
    known = groups >= 0
    if groups.size == 0 or not known.any():
        return out
    counts = np.bincount(groups[known])
    shared = np.flatnonzero(known & (counts[np.where(known, groups, 0)] > 1))
    if shared.size == 0:
        return out
    keys = [np.asarray(key)[shared] for key in reversed(order)] + [groups[shared]]
    ranked = shared[np.lexsort(keys)]
    counted = mask[ranked].astype(np.int64)
    before = np.cumsum(counted) - counted  # masked rows ranked before, over all shared groups
    starts = np.ones(ranked.size, dtype=bool)
    starts[1:] = groups[ranked][1:] != groups[ranked][:-1]
    group_base = before[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    out[ranked] = before == group_base
    return out


def prior_max_in_group(
    groups: Codes, values: npt.NDArray[np.int64], *order: npt.NDArray[np.generic]
) -> npt.NDArray[np.int64]:
    """For each row, the largest value among the rows of its group that come before it by `order` (0 if none)."""
    out = np.zeros(groups.shape, dtype=np.int64)
    if groups.size == 0:
        return out
    ranked = np.lexsort([np.asarray(key) for key in reversed(order)] + [groups])
    g = groups[ranked]
    v = values[ranked].astype(np.int64)
    starts = np.ones(g.size, dtype=bool)
    starts[1:] = g[1:] != g[:-1]
    # A running max that restarts at each group: lift each group above all earlier ones, then subtract.
    group_number = np.cumsum(starts) - 1
    lift = (int(v.max()) - int(v.min()) + 1) * group_number if v.size else group_number
    running = np.maximum.accumulate(v - int(v.min()) + lift) - lift + int(v.min())
    before = np.empty_like(running)
    before[0] = 0
    before[1:] = running[:-1]
    before[starts] = 0
    out[ranked] = np.maximum(before, 0)
    return out


def member(values: npt.NDArray[np.integer], members: npt.ArrayLike) -> Mask:
    """values isin members, for small integer codes (enums, child numbers): one table lookup."""
    if values.ndim == 1 and values.size <= _SMALL:
        chosen = set(np.asarray(members, dtype=np.int64).tolist())
        return np.array([value in chosen for value in values.tolist()], dtype=bool)
    wanted = np.asarray(members, dtype=np.int64)
    if values.size == 0:
        return np.zeros(values.shape, dtype=bool)
    low = min(int(values.min()), int(wanted.min(initial=0)))
    high = max(int(values.max()), int(wanted.max(initial=0)))
    table = np.zeros(high - low + 1, dtype=bool)
    table[wanted - low] = True
    return table[values.astype(np.int64) - low]
