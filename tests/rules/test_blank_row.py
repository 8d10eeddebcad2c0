"""Rows for case documents built from the data contract: plain values where a column allows one."""

from __future__ import annotations

import pytest

from yinren.rules import schema, validate_row


def test_a_blank_person_is_a_valid_row_with_what_was_given() -> None:
    row = schema.PERSONS.blank_row(person_id="15010220000315023X", birth_date="2000-03-15", sex="male", full_time=True)
    assert row["full_time"] is True and row["in_school"] is False
    assert row["education_level"] == "none" and row["graduation_date"] is None and row["provident_fund_balance"] == 0
    assert list(row) == [column.name for column in schema.PERSONS.columns]
    assert validate_row("persons", row) == []


def test_a_column_without_a_plain_value_must_be_given() -> None:
    with pytest.raises(KeyError, match="birth_date"):
        schema.PERSONS.blank_row(person_id="15010220000315023X", sex="male")


def test_an_unknown_column_is_refused() -> None:
    with pytest.raises(KeyError, match="favourite_colour"):
        schema.PERSONS.blank_row(person_id="x", birth_date="2000-03-15", sex="male", favourite_colour="red")
