"""Staff read submitted facts by their names, not by column names or codes."""

from __future__ import annotations

from yinren.rules import schema
from yinren.web import i18n
from yinren.web.fields import FIELDS, coded_value, field_label


def test_every_column_of_the_data_contract_has_a_name() -> None:
    columns = {column.name for table in schema.TABLES.values() for column in table.columns}
    assert columns - FIELDS.keys() == set()


def test_names_and_codes_in_both_languages() -> None:
    assert field_label("education_level") == "学历"
    assert coded_value("education_level", "bachelor") == "本科"
    assert coded_value("name", "bachelor") is None  # a name that happens to look like a code stays as typed
    assert field_label("unknown_field") == "unknown_field"
    token = i18n.current_lang.set("en")
    try:
        assert field_label("education_level") == "Education"
        assert coded_value("sex", "female") == "female"
    finally:
        i18n.current_lang.reset(token)


def test_clauses_are_named_in_the_readers_language() -> None:
    from yinren.web.fields import clause_name

    assert clause_name("第（十）条") == "第（十）条"
    token = i18n.current_lang.set("en")
    try:
        assert clause_name("第（十）条") == "Clause 10"
        assert clause_name("第（十八）条") == "Clause 18"
        assert clause_name("总体目标") == "Headline goal"
        assert clause_name("附则") == "附则"  # not a numbered clause: the notice's own words
    finally:
        i18n.current_lang.reset(token)
