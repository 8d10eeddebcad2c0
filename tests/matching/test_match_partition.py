"""The Dask engine's partitioning, without a cluster: a stable hash, and parts that add up to the city."""

from __future__ import annotations

import polars as pl
import pytest

from yinren.matching.dask_engine import local_parts
from yinren.matching.offers import evaluation_offers, sort_offers
from yinren.matching.partition import PARTITIONED, part_of, split
from yinren.matching.strings import stable_hash, stable_hash_one
from yinren.rules import Policy, Tables, evaluate

from .conftest import AS_OF


def test_stable_hash_matches_the_plain_python_reference() -> None:
    values = ["", "a", "150102199001011234", "9115010235630818XT", "HP000031375", "长字符串，中文", None]
    hashed = stable_hash(pl.Series(values, dtype=pl.String)).tolist()
    assert hashed == [stable_hash_one(v or "") for v in values]
    # Fixed values: the hash must never change, or a cluster would disagree with itself across versions.
    assert stable_hash_one("") == 0xF52A15E9A9B5E89B
    assert stable_hash_one("150102199001011234") == 0x9E12C3A88E62DC2F
    assert stable_hash_one("9115010235630818XT") == 0x964185CB0F8448C5
    assert part_of(pl.Series(["150102199001011234"] * 3), 7).tolist() == [stable_hash_one("150102199001011234") % 7] * 3


def test_parts_are_balanced(valid: Tables) -> None:
    parts = part_of(valid["persons"]["person_id"], 4)
    counts = pl.Series(parts).value_counts()["count"].to_list()
    assert len(counts) == 4
    assert max(counts) < 1.1 * min(counts)


def test_each_row_of_a_partitioned_table_is_in_exactly_one_part(valid: Tables) -> None:
    parts = split(valid, 3)
    for name, key in PARTITIONED.items():
        if name == "persons":
            owned = sum(int((part_of(p.frames["persons"][key], 3) == p.index).sum()) for p in parts)
            assert owned == valid["persons"].height
        else:
            assert sum(p.frames[name].height for p in parts) == valid[name].height
            for part in parts:
                assert (part_of(part.frames[name][key], 3) == part.index).all()


def test_satellites_bring_the_parents_a_part_reads(valid: Tables) -> None:
    for part in split(valid, 3):
        persons = part.frames["persons"]
        owned = persons.filter(pl.Series(part_of(persons["person_id"], 3) == part.index))
        present = set(persons["person_id"].to_list())
        known = set(valid["persons"]["person_id"].to_list())
        parents = set(owned["mother_id"].drop_nulls()) | set(owned["father_id"].drop_nulls())
        births = part.frames["births"]
        parents |= set(births["mother_id"].drop_nulls()) | set(births["father_id"].drop_nulls())
        assert parents & known <= present


@pytest.mark.parametrize("count", [1, 2, 3, 8])
def test_partitioned_offers_equal_the_whole_city(valid: Tables, policy: Policy, count: int) -> None:
    whole = sort_offers(evaluation_offers(evaluate(valid, AS_OF, policy=policy)), policy)
    parts = sort_offers(local_parts(valid, AS_OF, policy.id, count), policy)
    assert whole.height > 1_000
    assert parts.equals(whole)
