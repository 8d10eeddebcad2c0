"""A synthetic Hohhot: every table of the data contract, with realistic proportions and planted cases.

`generate(people, seed)` builds the city in memory (deterministic: same arguments, same tables);
`write_city(tables, out_dir)` writes one Parquet file per table, byte for byte reproducible.
Assumptions and their sources: docs/synthetic-city.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from yinren.rules import Tables, schema

from . import _assemble as asm
from . import _bad, _enterprises, _families, _housing, _people, _receipts, _work
from ._calendar import Period, parse_period, ymd
from ._ids import Chars, credit_codes, person_ids
from ._planted import Planted, planted

__all__ = ["BAD_ROW_KINDS", "MIN_PEOPLE", "STAGES", "Tables", "generate", "planted_case_count", "write_city"]

Progress = Callable[[str], None]
STAGES = (
    "persons",
    "families",
    "enterprises",
    "employments",
    "housing",
    "receipts",
    "planted cases",
    "identifiers",
    "tables",
)
MIN_PEOPLE = 2_000
BAD_ROW_KINDS = _bad.KINDS
BIRTHS_FROM = ymd(2023, 1, 1)  # the births register covers births since 2023
PARQUET_ROW_GROUP = 262_144
PARQUET_COMPRESSION_LEVEL = 1


def planted_case_count(period: str = "2024-06") -> int:
    """Planted persons: part of `people`, so a city holds people - this many random persons."""
    return planted(parse_period(period)).population.size


def _noop(stage: str) -> None:
    return None


def generate(
    people: int,
    seed: int,
    period: str = "2024-06",
    bad_rows: int = 0,
    *,
    progress: Progress | None = None,
) -> Tables:
    """The city for `period` (`YYYY-MM`; the match runs as of its last day), `people` persons in all.

    `bad_rows` invalid rows (a wrong checksum, an unknown enum value) are appended to persons,
    enterprises and home_purchases for testing the rejection path; the valid rows do not change.
    """
    if people < MIN_PEOPLE:
        raise ValueError(f"people must be at least {MIN_PEOPLE} / 人口数至少为 {MIN_PEOPLE}")
    if bad_rows < 0:
        raise ValueError("bad_rows must not be negative / 坏行数不能为负")
    if seed < 0:
        raise ValueError("seed must not be negative / 随机种子不能为负")
    step = progress or _noop
    p = parse_period(period)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(9)]
    plant = planted(p)
    city = _random_city(streams, people - plant.population.size, p, step)
    frames = _combine(city, plant, streams[5:8], step)
    if bad_rows:
        frames = _bad.inject(streams[8], frames, bad_rows)
    tables = Tables(frames)
    step("tables")
    return tables


def _random_city(streams: list[np.random.Generator], n: int, p: Period, step: Progress) -> _receipts.City:
    as_of = p.as_of
    population, ages = _people.adults(streams[0], n, as_of)
    step("persons")
    _families.link_children(streams[1], population, ages)
    _families.children_follow_parents(streams[1], population, ages)
    step("families")
    firms = _enterprises.firms(streams[2], population, ages, as_of)
    certifications = _enterprises.certifications(streams[2], firms, n, as_of)
    dorms = _enterprises.dorms(streams[2], firms, n, as_of)
    step("enterprises")
    jobs = _work.jobs(streams[3], population, ages, firms, as_of)
    _work.provident_fund(streams[3], population, jobs, firms)
    step("employments")
    purchases = _housing.purchases(streams[4], population, ages, as_of)
    enrolments = _housing.enrolments(streams[4], population, firms, as_of)
    _people.settle_housing(population)
    step("housing")
    return _receipts.City(population, ages, firms, jobs, purchases, enrolments, certifications, dorms, as_of)


def _combine(
    city: _receipts.City, plant: Planted, rngs: list[np.random.Generator], step: Progress
) -> dict[str, pl.DataFrame]:
    """The random city and the planted cases in one set of tables; rngs: receipts, names, identifiers."""
    receipts_rng, names_rng, ids_rng = rngs
    blocks = _receipts.receipts(receipts_rng, city)
    step("receipts")
    n_people, n_firms = city.population.size, city.firms.count
    population = city.population.extend(plant.population)
    firms = city.firms.extend(plant.firms, n_people)
    jobs = city.jobs.extend(plant.jobs, n_people, n_firms)
    purchases = city.purchases.extend(plant.purchases, n_people)
    enrolments = city.enrolments.extend(plant.enrolments, n_people, n_firms)
    certifications = city.certifications.extend(plant.certifications, n_firms)
    dorms = city.dorms.extend(plant.dorms, n_firms)
    offsets = {
        "person": n_people,
        "firm": n_firms,
        "purchase": city.purchases.buyer.size,
        "project": city.dorms.firm.size,
        "cert": city.certifications.firm.size,
        "enrolment": city.enrolments.child.size,
    }
    blocks += [block.shifted(**offsets) for block in plant.receipts]
    step("planted cases")
    person_id = person_ids(population.area, population.birth, population.male, ids_rng)
    prefix = np.frombuffer(b"".join(_enterprises.PREFIXES), dtype=np.uint8).reshape(-1, 2)[firms.kind]
    firm_id = credit_codes(prefix, firms.area, ids_rng)
    step("identifiers")
    return _frames(
        population,
        firms,
        jobs,
        purchases,
        enrolments,
        certifications,
        dorms,
        blocks,
        (person_id, firm_id),
        plant,
        names_rng,
        city.as_of,
    )


def _frames(
    population: _people.Population,
    firms: _enterprises.Firms,
    jobs: _work.Jobs,
    purchases: _housing.Purchases,
    enrolments: _housing.Enrolments,
    certifications: _enterprises.Certifications,
    dorms: _enterprises.Dorms,
    blocks: list[_receipts.Block],
    ids: tuple[Chars, Chars],
    plant: Planted,
    rng: np.random.Generator,
    as_of: int,
) -> dict[str, pl.DataFrame]:
    person_id, firm_id = ids
    purchase_id = asm.purchase_ids(purchases.buyer.size)
    project_id = asm.project_ids(dorms.firm.size)
    certs = asm.certifications_frame(certifications, firm_id)
    enrols = asm.enrolments_frame(enrolments, population, person_id, firm_id)
    lookup: dict[str, Chars | pl.Series] = {
        "person": person_id,
        "firm": firm_id,
        "purchase": purchase_id,
        "project": project_id,
        "certification": asm.composite_ids(certs["enterprise_id"], certs["level"], certs["recognized_on"]),
        "enrolment": asm.composite_ids(enrols["child_id"], enrols["enrolled_from"]),
    }
    births = _families.birth_rows(population, BIRTHS_FROM, as_of)
    return {
        "persons": asm.persons_frame(population, person_id, asm.person_names(rng, population.size, plant.person_names)),
        "employments": asm.employments_frame(jobs, person_id, firm_id),
        "enterprises": asm.enterprises_frame(firms, firm_id, asm.firm_names(firms, plant.firm_names), person_id),
        "certifications": certs,
        "home_purchases": asm.purchases_frame(purchases, purchase_id, person_id),
        "births": asm.births_frame(population, births, person_id),
        "daycare_enrollments": enrols,
        "dorm_projects": asm.dorms_frame(dorms, project_id, firm_id),
        "receipts": asm.receipts_frame(blocks, lookup),
    }


def write_city(tables: Tables, out_dir: str | Path, *, progress: Progress | None = None) -> list[Path]:
    """One `<table>.parquet` per table, with fixed settings: zstd level 1, fixed row groups, no timestamps."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    step = progress or _noop
    written = []
    for name in schema.TABLES:
        path = out / f"{name}.parquet"
        tables[name].write_parquet(
            path,
            compression="zstd",
            compression_level=PARQUET_COMPRESSION_LEVEL,
            statistics=True,
            row_group_size=PARQUET_ROW_GROUP,
        )
        written.append(path)
        step(name)
    return written
