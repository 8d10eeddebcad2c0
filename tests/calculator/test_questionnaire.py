"""Which questions follow which answers, checking answers, and carrying them between pages."""

from __future__ import annotations

from datetime import date

import pytest

from yinren.calculator import service
from yinren.calculator.questions import STEPS

TODAY = date(2026, 6, 30)
GRADUATE = {
    "birth_date": "2000-03-15",
    "sex": "male",
    "hukou_in_hohhot": "no",
    "lives_in_hohhot": "yes",
    "education_level": "bachelor",
    "full_time": "yes",
    "in_school": "no",
    "graduation_date": "2023-06-30",
    "employed_in_hohhot": "yes",
    "founded_business": "no",
    "contract_signed_on": "2023-07-10",
    "insured_months": "12",
    "owns_home_in_hohhot": "no",
    "bought_home": "no",
    "public_rental_qualified": "no",
    "public_rental_allocated": "no",
    "in_affordable_rental": "no",
    "children_count": "0",
}


def _walk(answers: dict[str, str]) -> list[str]:
    """The steps a person with these answers is shown, in order, as the pages walk them."""
    shown, current = [], None
    while (step := service.next_step(current, answers)) is not None:
        shown.append(step.id)
        current = step.id
    return shown


def test_a_graduate_is_asked_about_the_degree_job_and_renting_but_not_children_business_or_purchase() -> None:
    assert _walk(GRADUATE) == ["about", "degree", "work", "job", "housing", "renting", "family"]


def test_no_degree_questions_for_someone_who_is_not_a_graduate() -> None:
    answers = {**GRADUATE, "education_level": "secondary"}
    assert "degree" not in _walk(answers)
    assert "graduation_date" not in service.relevant(answers)  # an earlier answer no longer counts


@pytest.mark.parametrize(("count", "asked"), [("0", 0), ("1", 1), ("3", 3)])
def test_one_birth_date_question_per_child_and_none_without_children(count: str, asked: int) -> None:
    answers = {**GRADUATE, "children_count": count}
    steps = _walk(answers)
    assert ("children" in steps) == (asked > 0)
    children = service.step_by_id("children")
    assert [q.name for q in service.questions_of(children, answers)] == [f"child{i}_birth_date" for i in range(asked)]


def test_home_owners_are_not_asked_about_public_rental_but_buyers_about_the_purchase() -> None:
    answers = {**GRADUATE, "owns_home_in_hohhot": "yes", "bought_home": "yes"}
    steps = _walk(answers)
    assert "renting" not in steps
    assert "purchase" in steps


def test_job_and_business_steps_follow_the_work_answers() -> None:
    assert "job" not in _walk({**GRADUATE, "employed_in_hohhot": "no"})
    assert "business" in _walk({**GRADUATE, "founded_business": "yes"})


def test_back_goes_to_the_previous_shown_step_and_from_the_results_to_the_last() -> None:
    assert service.previous_step("housing", GRADUATE).id == "job"
    assert service.previous_step("housing", {**GRADUATE, "employed_in_hohhot": "no"}).id == "work"
    assert service.previous_step(None, GRADUATE).id == "family"
    assert service.previous_step("about", GRADUATE).id == "about"


def test_every_step_has_questions_with_unique_names() -> None:
    names = [q.name for step in STEPS for q in step.questions]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("name", "value", "refused"),
    [
        ("birth_date", "", True),
        ("birth_date", "2000-13-01", True),
        ("birth_date", "2026-07-01", True),  # after today
        ("birth_date", "2026-06-30", False),
        ("graduation_date", "2027-06-30", False),  # students give the expected date
        ("insured_months", "-1", True),
        ("insured_months", "600", False),
        ("insured_months", "601", True),
        ("sex", "other", True),
        ("rent_paid", "", False),  # optional
        ("price", "abc", True),
        ("price", "1,200,000", False),
    ],
)
def test_answers_are_checked(name: str, value: str, refused: bool) -> None:
    from yinren.calculator.questions import QUESTIONS

    assert (service.check_question(QUESTIONS[name], value, TODAY) is not None) is refused


def test_a_step_is_refused_with_a_message_per_field_in_both_languages() -> None:
    errors = service.check_step(service.step_by_id("job"), {"contract_signed_on": "2023-07-10"}, TODAY)
    assert list(errors) == ["insured_months"]
    assert errors["insured_months"].zh == "请填写此项。"
    assert errors["insured_months"].en == "Please answer this question."


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("150102200003150231", "校验码"),  # one digit off: the GB 11643 check character fails
        ("15010220000315023", "18位"),
        ("150102200013150236", "出生日期"),
        ("15010220000315023X", None),
        ("15010220000315023x", None),  # a lower-case x is the same ID
    ],
)
def test_person_id_messages_name_the_problem(value: str, fragment: str | None) -> None:
    problem = service.check_person_id(value)
    if fragment is None:
        assert problem is None
    else:
        assert problem is not None and fragment in problem.zh and problem.en


def test_answers_survive_the_trip_through_a_signed_token_and_a_forged_one_gives_none() -> None:
    token = service.seal(GRADUATE, "secret")
    assert service.unseal(token, "secret") == GRADUATE
    assert service.unseal(token, "another secret") == {}
    assert service.unseal(token[:-2] + "xx", "secret") == {}


def test_the_document_has_the_person_and_only_what_the_answers_make_relevant() -> None:
    document = service.build_document({**GRADUATE, "education_level": "secondary"})
    person = document["person"]
    assert person["education_level"] == "secondary"
    assert person["graduation_date"] is None and person["full_time"] is False
    assert person["employments"][0]["insured_months"] == 12
    assert "home_purchases" not in person and "children" not in person
    assert person["person_id"][6:14] == "20000315"  # made up from the birth date, with a valid check


def test_a_stored_applications_facts_give_back_the_answers() -> None:
    answers = {
        **GRADUATE,
        "person_id": "15010220000315023X",
        "name": "王小明",
        "bought_home": "yes",
        "signed_on": "2024-03-01",
        "property_kind": "new_commercial",
        "home_in_hohhot": "yes",
        "area_m2": "88",
        "price": "900000",
        "first_home": "yes",
        "first_purchase": "yes",
        "provident_fund_balance": "8400",
        "children_count": "2",
        "child0_birth_date": "2019-09-01",
        "child1_birth_date": "2024-03-18",
    }
    again = service.answers_from_facts(service.build_document(answers))
    assert {k: v for k, v in again.items() if k in answers} == answers


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("body.facts.persons[1].birth_date", "birth_date"),
        ("body.facts.persons[1].person_id", "person_id"),
        ("body.facts.persons[3].birth_date", "child1_birth_date"),
        ("body.facts.employments[1].insured_months", "insured_months"),
        ("body.facts.home_purchases[1].in_hohhot", "home_in_hohhot"),
        ("body.facts.enterprises[1].size", "business_size"),
        ("body.facts.person", None),
        ("body.idempotency_key", None),
    ],
)
def test_service_error_paths_land_on_the_form_fields(path: str, field: str | None) -> None:
    assert service.form_field(path) == field


def test_a_second_birth_without_the_first_asks_for_the_first_child() -> None:
    facts = {"person": {**service.build_document(GRADUATE)["person"]}}
    facts["person"]["births"] = [{"child_id": "x", "birth_date": "2024-02-10", "birth_order": 2}]
    answers = service.answers_from_facts(facts)
    assert answers["children_count"] == "2"
    assert "child0_birth_date" not in answers
    assert answers["child1_birth_date"] == "2024-02-10"
