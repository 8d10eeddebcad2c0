"""Sorting ids as packed words gives polars' (and Python's) string order."""

from __future__ import annotations

import random

import numpy as np
import polars as pl

from yinren.matching.strings import lexicographic_order, sort_words


def test_words_order_strings_like_python() -> None:
    rng = random.Random(1)
    alphabet = "0123456789XABCDHP:-中"
    values = ["", "1", "10", "1501", "150102199001011234", "150102199001011234:2024-01-01", "HP0001", "中文"]
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(2_000)]
    series = pl.Series(values, dtype=pl.String)
    order = lexicographic_order(series)
    assert [values[i] for i in order] == sorted(values, key=lambda v: v.encode("utf-8"))
    assert sort_words(series).shape[0] == len(values)


def test_several_keys_sort_like_polars_with_nulls_first() -> None:
    rng = random.Random(2)
    frame = pl.DataFrame(
        {
            "rank": [rng.randint(0, 3) for _ in range(3_000)],
            "source": [f"{rng.randint(0, 50):06d}" for _ in range(3_000)],
            "beneficiary": [rng.choice(["91150102", "15010219", "1501021"]) for _ in range(3_000)],
            "period": [rng.choice([None, "2024-06", "2024-05"]) for _ in range(3_000)],
        }
    )
    order = lexicographic_order(frame["rank"].to_numpy(), frame["source"], frame["beneficiary"], frame["period"])
    expected = frame.with_row_index().sort(
        ["rank", "source", "beneficiary", "period"], nulls_last=False, maintain_order=True
    )
    assert order.tolist() == expected["index"].to_list()
    assert np.array_equal(lexicographic_order(pl.Series([], dtype=pl.String)), np.zeros(0, dtype=np.int64))


def test_ids_of_one_length_pack_into_few_words_in_order() -> None:
    rng = random.Random(3)
    ids = ["".join(rng.choice("0123456789X") for _ in range(18)) for _ in range(5_000)]
    words = sort_words(pl.Series(ids))
    assert words.shape == (5_000, 1), "an 18-character id of 0-9 and X is one word"
    order = lexicographic_order(pl.Series(ids))
    assert [ids[i] for i in order] == sorted(ids)
    codes = ["".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(18)) for _ in range(5_000)]
    assert sort_words(pl.Series(codes)).shape == (5_000, 2)
    assert [codes[i] for i in lexicographic_order(pl.Series(codes))] == sorted(codes)
    same = pl.Series(["150102199001011234"] * 3)
    assert lexicographic_order(same).tolist() == [0, 1, 2]
