"""Invalid rows for the batch run's rejection path (`--bad-rows N`).

Each bad row copies a valid row, gives it a fresh identifier (area code 150100, which no valid row
uses, so it can never collide with one) and breaks exactly one rule. Kinds are dealt in turn.
The rows are appended at the end of their tables and carry the name `bad:<kind>` where the table
has a name column.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ._ids import CREDIT_ALPHABET, credit_codes, digits, person_ids, strings, wrong_check

BAD_AREA = 150100
KINDS = (
    "persons:person_id_checksum",
    "persons:education_level_unknown",
    "enterprises:enterprise_id_checksum",
    "enterprises:size_unknown",
    "home_purchases:property_kind_unknown",
)
UNKNOWN = {"education_level": "phd", "size": "huge", "property_kind": "villa"}
PREFIX_BY_KIND = {"enterprise": b"91", "individual_business": b"92", "government": b"11"}
PREFIX_BY_KIND |= {"public_institution": b"12", "social_org": b"51"}


def _persons(rng: np.random.Generator, persons: pl.DataFrame, checksum: int, enum: int) -> pl.DataFrame:
    count = checksum + enum
    rows = persons.sample(n=count, with_replacement=True, seed=int(rng.integers(2**31)))
    birth = rows["birth_date"].cast(pl.Int32).to_numpy().astype(np.int64)
    male = (rows["sex"] == "male").to_numpy()
    chars = person_ids(np.full(count, BAD_AREA, dtype=np.int64), birth, male, rng)
    chars[:checksum] = wrong_check(chars[:checksum], b"0123456789X")
    kind = np.array([KINDS[0]] * checksum + [KINDS[1]] * enum)
    return rows.with_columns(
        strings(chars, "person_id"),
        pl.Series("name", ["bad:" + k for k in kind], dtype=pl.String),
        pl.Series(
            "education_level",
            np.where(kind == KINDS[1], UNKNOWN["education_level"], rows["education_level"].to_numpy()),
        ),
        pl.lit(None, dtype=pl.String).alias("mother_id"),
        pl.lit(None, dtype=pl.String).alias("father_id"),
    )


def _enterprises(rng: np.random.Generator, enterprises: pl.DataFrame, checksum: int, enum: int) -> pl.DataFrame:
    count = checksum + enum
    rows = enterprises.sample(n=count, with_replacement=True, seed=int(rng.integers(2**31)))
    prefix = np.array([np.frombuffer(PREFIX_BY_KIND[k], dtype=np.uint8) for k in rows["kind"].to_list()])
    chars = credit_codes(prefix.reshape(count, 2), np.full(count, BAD_AREA, dtype=np.int64), rng)
    chars[:checksum] = wrong_check(chars[:checksum], CREDIT_ALPHABET)
    kind = np.array([KINDS[2]] * checksum + [KINDS[3]] * enum)
    return rows.with_columns(
        strings(chars, "enterprise_id"),
        pl.Series("name", ["bad:" + k for k in kind], dtype=pl.String),
        pl.Series("size", np.where(kind == KINDS[3], UNKNOWN["size"], rows["size"].to_numpy())),
    )


def _purchases(rng: np.random.Generator, purchases: pl.DataFrame, count: int) -> pl.DataFrame:
    rows = purchases.sample(n=count, with_replacement=True, seed=int(rng.integers(2**31)))
    prefix = np.broadcast_to(np.frombuffer(b"BAD", dtype=np.uint8), (count, 3))
    ids = strings(np.concatenate([prefix, digits(np.arange(1, count + 1), 8)], axis=1), "purchase_id")
    return rows.with_columns(ids, pl.lit(UNKNOWN["property_kind"]).alias("property_kind"))


def inject(rng: np.random.Generator, frames: dict[str, pl.DataFrame], count: int) -> dict[str, pl.DataFrame]:
    """`count` bad rows dealt over KINDS in turn, appended to copies of the frames."""
    per_kind = [len(range(i, count, len(KINDS))) for i in range(len(KINDS))]
    out = dict(frames)
    if per_kind[0] + per_kind[1] and frames["persons"].height:
        out["persons"] = pl.concat([frames["persons"], _persons(rng, frames["persons"], per_kind[0], per_kind[1])])
    if per_kind[2] + per_kind[3] and frames["enterprises"].height:
        bad = _enterprises(rng, frames["enterprises"], per_kind[2], per_kind[3])
        out["enterprises"] = pl.concat([frames["enterprises"], bad])
    if per_kind[4] and frames["home_purchases"].height:
        out["home_purchases"] = pl.concat(
            [frames["home_purchases"], _purchases(rng, frames["home_purchases"], per_kind[4])]
        )
    return out
