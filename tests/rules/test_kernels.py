import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from yinren.rules import kernels

CODE = np.int64


def test_take_fills_missing_and_foreign_codes() -> None:
    values = np.array([10, 20, 30])
    assert kernels.take(values, np.array([2, -1, 0, 7], dtype=CODE), 0).tolist() == [30, 0, 10, 0]


@given(st.lists(st.integers(-1, 5), max_size=30), st.lists(st.integers(-1, 5), max_size=30))
def test_join_pairs_is_the_equi_join(left: list[int], right: list[int]) -> None:
    li, ri = kernels.join_pairs(np.array(left, dtype=CODE), np.array(right, dtype=CODE))
    got = sorted(zip(li.tolist(), ri.tolist(), strict=True))
    expected = sorted((i, j) for i, a in enumerate(left) for j, b in enumerate(right) if a == b and a >= 0)
    assert got == expected


@given(st.lists(st.tuples(st.integers(-1, 4), st.integers(0, 3), st.integers(0, 3), st.booleans()), max_size=40))
def test_none_before_in_group(rows: list[tuple[int, int, int, bool]]) -> None:
    groups = np.array([r[0] for r in rows], dtype=CODE)
    first = np.array([r[1] for r in rows], dtype=CODE)
    second = np.array([r[2] for r in rows], dtype=CODE)
    mask = np.array([r[3] for r in rows], dtype=bool)
    got = kernels.none_before_in_group(groups, mask, first, second, np.arange(len(rows)))
    for i, (group, a, b, _) in enumerate(rows):
        earlier = [
            j for j, r in enumerate(rows) if group >= 0 and r[0] == group and r[3] and (r[1], r[2], j) < (a, b, i)
        ]
        assert bool(got[i]) == (not earlier)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5), st.integers(0, 10**8)), max_size=40))
def test_prior_max_in_group(rows: list[tuple[int, int, int]]) -> None:
    groups = np.array([r[0] for r in rows], dtype=CODE)
    order = np.array([r[1] for r in rows], dtype=CODE)
    values = np.array([r[2] for r in rows], dtype=CODE)
    got = kernels.prior_max_in_group(groups, values, order, np.arange(len(rows)))
    for i, (group, key, _) in enumerate(rows):
        before = [v for j, (g, k, v) in enumerate(rows) if g == group and (k, j) < (key, i)]
        assert got[i] == max(before, default=0)


def test_group_reductions() -> None:
    keys = np.array([0, 1, 1, -1, 2], dtype=CODE)
    values = np.array([5, 1, 2, 9, 3], dtype=CODE)
    assert kernels.group_sum(keys, values, 3).tolist() == [5, 3, 3]
    assert kernels.group_any(keys, values > 2, 3).tolist() == [True, False, True]
    assert kernels.group_min(keys, values, 3, np.ones(5, bool), 99).tolist() == [5, 1, 3]
    assert kernels.member(np.array([0, 3, -1, 7], dtype=np.int8), [3, 7]).tolist() == [
        False,
        True,
        False,
        True,
    ]
