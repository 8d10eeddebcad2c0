"""Identifiers: valid check characters (checked with the engine's scalar validators), consistent with
birth date and sex, unique, and every reference pointing at a row that exists."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from yinren.rules._checksums import (
    credit_code_valid,
    person_id_birth_date,
    person_id_sex,
    person_id_valid,
)
from yinren.rules._tables import Tables
from yinren.synth import _ids
from yinren.synth._calendar import ymd

HOHHOT = ("150102", "150103", "150104", "150105", "150121", "150122", "150123", "150124", "150125")


def test_every_person_id_is_valid_and_matches_birth_date_and_sex(city: Tables) -> None:
    persons = city["persons"]
    for person_id, birth, sex in persons.select("person_id", "birth_date", "sex").iter_rows():
        assert person_id_valid(person_id), person_id
        assert person_id_birth_date(person_id) == birth
        assert person_id_sex(person_id) == sex
    assert persons["person_id"].is_unique().all()


def test_every_credit_code_is_valid_and_unique(city: Tables) -> None:
    codes = city["enterprises"]["enterprise_id"]
    assert all(credit_code_valid(code) for code in codes.to_list())
    assert codes.is_unique().all()


def test_most_people_carry_a_hohhot_area_code_and_migrants_another(city: Tables) -> None:
    persons = city["persons"].with_columns(hohhot=pl.col("person_id").str.slice(0, 6).is_in(HOHHOT))
    assert persons["hohhot"].mean() > 0.5  # type: ignore[operator]
    migrants = persons.filter(~pl.col("hukou_in_hohhot"))
    assert migrants["hohhot"].mean() < 0.35  # type: ignore[operator]  # children born here keep a parent's code
    moved_in = persons.filter(pl.col("hukou_since").is_not_null())
    assert not moved_in["hohhot"].any()


def test_vectorised_generator_agrees_with_the_scalar_validators() -> None:
    rng = np.random.default_rng(3)
    n = 5_000
    area = rng.choice([150102, 150125, 110105, 650102], n)
    birth = rng.integers(ymd(1900, 1, 1), ymd(2030, 12, 31), n)
    birth[:3] = [ymd(2000, 2, 29), ymd(1900, 1, 1), ymd(1999, 12, 31)]
    male = rng.random(n) < 0.5
    ids = _ids.strings(_ids.person_ids(area, birth, male, rng)).to_list()
    assert len(set(ids)) == n
    for person_id, days, is_male in zip(ids, birth, male, strict=True):
        assert person_id_valid(person_id)
        assert person_id_birth_date(person_id) == date.fromordinal(date(1970, 1, 1).toordinal() + int(days))
        assert person_id_sex(person_id) == ("male" if is_male else "female")
    prefix = np.frombuffer(b"91" * n, dtype=np.uint8).reshape(n, 2)
    codes = _ids.strings(_ids.credit_codes(prefix, area, rng)).to_list()
    assert len(set(codes)) == n and all(credit_code_valid(code) for code in codes)


def test_many_people_sharing_a_birth_date_still_get_unique_ids() -> None:
    rng = np.random.default_rng(5)
    n = 900  # up to 500 per sex, area and date
    birth = np.full(n, ymd(1990, 1, 1))
    male = np.arange(n) % 2 == 0
    ids = _ids.strings(_ids.person_ids(np.full(n, 150105), birth, male, rng)).to_list()
    assert len(set(ids)) == n and all(person_id_valid(i) for i in ids)


def test_wrong_check_never_yields_a_valid_code() -> None:
    rng = np.random.default_rng(9)
    n = 2_000
    people = _ids.person_ids(np.full(n, 150102), rng.integers(0, 20_000, n), rng.random(n) < 0.5, rng)
    assert not any(person_id_valid(i) for i in _ids.strings(_ids.wrong_check(people, b"0123456789X")).to_list())
    prefix = np.frombuffer(b"92" * n, dtype=np.uint8).reshape(n, 2)
    firms = _ids.credit_codes(prefix, np.full(n, 150103), rng)
    wrong = _ids.strings(_ids.wrong_check(firms, _ids.CREDIT_ALPHABET)).to_list()
    assert not any(credit_code_valid(code) for code in wrong)


def _missing(values: pl.Series, universe: pl.Series) -> int:
    return int((~values.drop_nulls().is_in(universe.implode())).sum())


def test_references_point_at_existing_rows(city: Tables) -> None:
    people = city["persons"]["person_id"]
    firms = city["enterprises"]["enterprise_id"]
    daycare = city["enterprises"].filter("is_daycare")["enterprise_id"]
    assert _missing(city["persons"]["mother_id"], people) == 0
    assert _missing(city["persons"]["father_id"], people) == 0
    assert _missing(city["employments"]["person_id"], people) == 0
    assert _missing(city["employments"]["employer_id"], firms) == 0
    assert _missing(city["enterprises"]["founder_id"], people) == 0
    assert _missing(city["certifications"]["enterprise_id"], firms) == 0
    assert _missing(city["home_purchases"]["buyer_id"], people) == 0
    assert _missing(city["births"]["child_id"], people) == 0
    assert _missing(city["births"]["mother_id"], people) == 0
    assert _missing(city["daycare_enrollments"]["institution_id"], daycare) == 0
    assert _missing(city["dorm_projects"]["enterprise_id"], firms) == 0


def test_births_and_enrolments_agree_with_persons(city: Tables) -> None:
    persons = city["persons"].select("person_id", "birth_date", "mother_id", "father_id")
    births = city["births"].join(persons, left_on="child_id", right_on="person_id", suffix="_p")
    assert (births["birth_date"] == births["birth_date_p"]).all()
    assert (births["mother_id"].eq_missing(births["mother_id_p"])).all()
    enrolments = city["daycare_enrollments"].join(persons, left_on="child_id", right_on="person_id")
    assert (enrolments["child_birth_date"] == enrolments["birth_date"]).all()
