"""Small synthetic cities for the match tests, generated and written once per session.

`city_dir` holds a clean city as Parquet; `bad_city_dir` the same city with invalid rows appended (a wrong
checksum, an unknown enum value). `valid` is the clean city as the match sees it: read, with the rows
that break a rule set aside.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from yinren.policies import load_policy
from yinren.rules import Policy, Tables
from yinren.rules._extract import read_extract, split_valid
from yinren.synth import generate, write_city

PEOPLE = 12_000
SEED = 20240601
PERIOD = "2024-06"
AS_OF = date(2024, 6, 30)
BAD_ROWS = 5


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def city_tables() -> Tables:
    return generate(PEOPLE, SEED, PERIOD)


@pytest.fixture(scope="session")
def city_dir(tmp_path_factory: pytest.TempPathFactory, city_tables: Tables) -> Path:
    folder = tmp_path_factory.mktemp("city")
    write_city(city_tables, folder)
    return folder


@pytest.fixture(scope="session")
def bad_city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-city")
    write_city(generate(PEOPLE, SEED, PERIOD, bad_rows=BAD_ROWS), folder)
    return folder


@pytest.fixture(scope="session")
def valid(city_dir: Path) -> Tables:
    tables, problems = read_extract(city_dir)
    kept, _ = split_valid(tables, problems)
    return kept
