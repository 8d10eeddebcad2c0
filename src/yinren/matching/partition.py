"""Cutting a city into parts that each evaluate on their own, for the Dask engine.

Persons are owned by a stable hash of their id (`part_of`): FNV-1a over the id's UTF-8 bytes, then a
64-bit mix, modulo the number of parts. It depends on nothing but the bytes, so the driver and every
worker, on any machine and any library version, agree on who owns what.

A part holds:

- its own persons, and *satellite* copies of the persons its rows read but does not own: both parents
  of each owned child (m12 reads whether a parent lives in Hohhot) and both parents of each birth it owns
  (m15_childcare_allowance reads their 户籍);
- the rows keyed by its persons: employments by person_id (m04's "first job since graduation", the
  once-per-person rule and "works in Hohhot" read all of a person's jobs), home_purchases by buyer_id
  (m09, m10_graduate_purchase: once per buyer), births by child_id;
- broadcast copies of the small tables every part may join: enterprises (employers, founders, daycare
  institutions), certifications, dorm_projects, daycare_enrollments and receipts.

Every part evaluates every measure over what it holds and keeps only the units it owns (`OWNER`): the
hired person for m04, the child for m15_childcare_allowance, the beneficiary otherwise (a person, a buyer,
a founder; an enterprise, by the hash of its credit code, for m02, m11 and m15_daycare_subsidy). Each
unit a part keeps reads only rows the part holds in full, so its result is the whole-city result:

- person measures (m08, m10_graduate_rent, m12, m18) read the person's row, jobs, founded firms
  (enterprises, broadcast), receipts (broadcast), m08's result for the same person and the parents' rows;
- m04 reads the hire, the hired person's row and all their jobs, the employers (broadcast), receipts;
- m06 reads the founder's row and all the founder's firms (broadcast), receipts;
- m09 and m10_graduate_purchase read the buyer's row, all the buyer's purchases and jobs, receipts;
- m15_childcare_allowance reads the birth and both parents' rows (satellites);
- m02, m11, m15_daycare_subsidy read only broadcast tables.

Satellites and broadcast rows give their own units too (a satellite parent is a person unit, every
part sees every certification); those are dropped, since another part owns them. Ties ("the smaller id")
compare id ranks, which keep their order in any subset of ids, so they break the same way in a part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from yinren.rules import Tables

from .strings import stable_hash

Parts = npt.NDArray[np.int64]

BROADCAST = ("enterprises", "certifications", "dorm_projects", "daycare_enrollments", "receipts")
PARTITIONED = {"persons": "person_id", "employments": "person_id", "home_purchases": "buyer_id", "births": "child_id"}

# The column of an offer that names the person or enterprise owning the unit; the beneficiary otherwise.
OWNER = {"m04_hiring_subsidy": "source_id", "m15_childcare_allowance": "source_id"}


def part_of(values: pl.Series, count: int) -> Parts:
    """The part (0..count-1) that owns each id."""
    if count < 1:
        raise ValueError("the number of parts must be at least 1")
    return (stable_hash(values) % np.uint64(count)).astype(np.int64)


@dataclass(frozen=True)
class Part:
    """One part's own tables (persons with satellites, and the rows keyed by its persons)."""

    index: int
    count: int
    frames: dict[str, pl.DataFrame]


def broadcast_frames(tables: Tables) -> dict[str, pl.DataFrame]:
    return {name: tables[name] for name in BROADCAST}


def split(tables: Tables, count: int) -> list[Part]:
    """The city's partitioned tables cut into `count` parts (row order kept within each part)."""
    persons = tables["persons"]
    person_part = part_of(persons["person_id"], count)
    keyed = {name: part_of(tables[name][column], count) for name, column in PARTITIONED.items() if name != "persons"}
    births = tables["births"]
    parts = []
    for index in range(count):
        owned = person_part == index
        own_births = keyed["births"] == index
        needed = pl.concat(
            [
                persons.filter(owned).select(parent=pl.col("mother_id")),
                persons.filter(owned).select(parent=pl.col("father_id")),
                births.filter(own_births).select(parent=pl.col("mother_id")),
                births.filter(own_births).select(parent=pl.col("father_id")),
            ]
        )["parent"].drop_nulls()
        satellite = persons["person_id"].is_in(needed.unique().implode()).to_numpy()
        frames = {
            "persons": persons.filter(owned | satellite),
            **{name: tables[name].filter(keyed[name] == index) for name in keyed},
        }
        parts.append(Part(index, count, frames))
    return parts


def keep_owned(offers: pl.DataFrame, index: int, count: int) -> pl.DataFrame:
    """The offers of one part's evaluation that the part owns (see the module's docstring)."""
    if offers.height == 0 or count == 1:
        return offers
    owners = offers.select(
        pl.when(pl.col("measure_id").is_in(list(OWNER)))
        .then(pl.col("source_id"))
        .otherwise(pl.col("beneficiary_id"))
        .alias("owner")
    )["owner"]
    return offers.filter(pl.Series(part_of(owners, count) == index))
