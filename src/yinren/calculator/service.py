"""The calculator's logic, pure: which step follows which answers, checking answers, the case document
the engine reads, and the results with near-miss hints. No database, no request.

The engine (``applications.precheck.calculate``) decides; this module only asks, translates answers into
the single-case document, and says what a benefit that is nearly reached still needs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from ..applications import precheck
from ..kit.ids import is_person_id, make_credit_code, make_person_id
from ..policies import load_policy
from ..rules import checksums, schema
from .questions import MAX_CHILDREN, NO, QUESTIONS, STEP_IDS, STEPS, YES, children_count, yes
from .schemas import Answers, Benefit, ConditionLine, Hint, Question, Results, Step, Text

REGION = "150102"  # 呼和浩特市新城区: the place code of IDs made up for anonymous answers
EMPLOYER_ID = make_credit_code("150100", 900001)
BUSINESS_ID = make_credit_code("150100", 900002)
TWO_YEARS = 24
MAX_MONTHS_INSURED = 600
MAX_YUAN = 10_000_000_000


# ---- which step follows which answers -------------------------------------------------------------


def step_by_id(step_id: str | None) -> Step:
    for step in STEPS:
        if step.id == step_id:
            return step
    return STEPS[0]


def questions_of(step: Step, answers: Answers) -> tuple[Question, ...]:
    """The step's questions for these answers (only as many child questions as children)."""
    if step.id == "children":
        return step.questions[: children_count(answers)]
    return step.questions


def visible_steps(answers: Answers) -> tuple[Step, ...]:
    return tuple(step for step in STEPS if step.shown(answers) and questions_of(step, answers))


def next_step(current: str | None, answers: Answers) -> Step | None:
    """The first shown step after ``current`` (None: the first); None when the questionnaire is done."""
    after = STEP_IDS.index(current) if current in STEP_IDS else -1
    for step in visible_steps(answers):
        if STEP_IDS.index(step.id) > after:
            return step
    return None


def previous_step(current: str | None, answers: Answers) -> Step:
    """The shown step before ``current`` (None: the last one, going back from the results)."""
    before = STEP_IDS.index(current) if current in STEP_IDS else len(STEPS)
    earlier = [step for step in visible_steps(answers) if STEP_IDS.index(step.id) < before]
    return earlier[-1] if earlier else STEPS[0]


def visible_questions(answers: Answers) -> tuple[Question, ...]:
    return tuple(question for step in visible_steps(answers) for question in questions_of(step, answers))


def relevant(answers: Answers) -> dict[str, str]:
    """Only the answers to questions that are shown: a changed answer drops what no longer matters."""
    names = {question.name for question in visible_questions(answers)}
    return {name: value for name, value in answers.items() if name in names and value != ""}


# ---- checking answers -------------------------------------------------------------------------------


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _parse_number(value: str) -> float | None:
    try:
        number = float(value.strip().replace(",", ""))
    except ValueError:
        return None
    return number if number == number else None  # NaN is not a number anyone typed


PAST_ONLY = {"birth_date", "contract_signed_on", "founded_on", "signed_on"} | {
    f"child{index}_birth_date" for index in range(MAX_CHILDREN)
}


def check_question(question: Question, raw: str, today: date) -> Text | None:
    """Why an answer is not acceptable, or None."""
    value = raw.strip()
    if not value:
        return Text("请填写此项。", "Please answer this question.") if question.required else None
    if question.kind == "date":
        return _check_date(question.name, value, today)
    if question.kind in ("yesno", "choice"):
        known = {code for code, _ in question.options}
        return None if value in known else Text("请选择一项。", "Please choose one.")
    if question.kind in ("int", "yuan", "number"):
        return _check_number(question.kind, value)
    if question.kind == "person_id":
        return check_person_id(value)
    return Text("不能超过50个字。", "At most 50 characters.") if len(value) > 50 else None


def _check_date(name: str, value: str, today: date) -> Text | None:
    parsed = _parse_date(value)
    if parsed is None:
        return Text("请按“年-月-日”填写日期，例如 2023-06-30。", "Enter a date as year-month-day, e.g. 2023-06-30.")
    if name in PAST_ONLY and parsed > today:
        return Text("此日期不能晚于今天。", "This date cannot be after today.")
    return None


def _check_number(kind: str, value: str) -> Text | None:
    if kind == "int":
        if value.isdigit() and int(value) <= MAX_MONTHS_INSURED:
            return None
        return Text(
            f"请填写0到{MAX_MONTHS_INSURED}之间的整数。", f"Enter a whole number from 0 to {MAX_MONTHS_INSURED}."
        )
    number = _parse_number(value)
    if number is None or number < 0 or number > MAX_YUAN:
        return Text("请填写不小于0的数字。", "Enter a number, 0 or more.")
    return None


def check_person_id(value: str) -> Text | None:
    """GB 11643: 17 digits, a check character; the message says which part is wrong."""
    value = value.strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return Text(
            "身份证号应为18位：17位数字加1位校验码（数字或X）。",
            "An ID number has 18 characters: 17 digits and a check character (a digit or X).",
        )
    if checksums.person_id_birth_date(value) is None:
        return Text(
            "身份证号第7至14位不是有效的出生日期。",
            "Characters 7 to 14 of the ID number are not a valid date of birth.",
        )
    if not is_person_id(value):
        return Text(
            "身份证号校验码不正确，请核对每一位数字。",
            "The ID number's check character is wrong (GB 11643): please check every digit.",
        )
    return None


def check_step(step: Step, answers: Answers, today: date) -> dict[str, Text]:
    """Each refused answer of the step, by question name."""
    errors = {}
    for question in questions_of(step, answers):
        problem = check_question(question, answers.get(question.name, ""), today)
        if problem is not None:
            errors[question.name] = problem
    return errors


def check_all(answers: Answers, today: date) -> dict[str, Text]:
    errors: dict[str, Text] = {}
    for step in visible_steps(answers):
        errors.update(check_step(step, answers, today))
    return errors


# ---- the case document ------------------------------------------------------------------------------


def _bool(answers: Answers, name: str) -> bool:
    return answers.get(name) == YES


def _date(answers: Answers, name: str) -> str | None:
    parsed = _parse_date(answers.get(name, ""))
    return parsed.isoformat() if parsed else None


def _yuan(answers: Answers, name: str) -> float | None:
    return _parse_number(answers.get(name, ""))


def subject_id(answers: Answers) -> str:
    """The person's ID: the one given, or one made up from the birth date and sex (anonymous answers)."""
    given = answers.get("person_id", "").strip().upper()
    if given:
        return given
    birth = _parse_date(answers.get("birth_date", "")) or date(2000, 1, 1)
    return make_person_id(REGION, birth, 1, answers.get("sex") or "male")


def _person(answers: Answers, person_id: str) -> dict[str, Any]:
    graduate = answers.get("education_level") in ("junior_college", "bachelor", "master", "doctor")
    no_home = answers.get("owns_home_in_hohhot") == NO
    return {
        "person_id": person_id,
        "name": answers.get("name") or None,
        "birth_date": _date(answers, "birth_date"),
        "sex": answers.get("sex") or "male",
        "hukou_in_hohhot": _bool(answers, "hukou_in_hohhot"),
        "hukou_since": None,
        "lives_in_hohhot": _bool(answers, "lives_in_hohhot"),
        "education_level": answers.get("education_level") or "none",
        "full_time": graduate and _bool(answers, "full_time"),
        "graduation_date": _date(answers, "graduation_date") if graduate else None,
        "in_school": graduate and _bool(answers, "in_school"),
        "owns_home_in_hohhot": _bool(answers, "owns_home_in_hohhot"),
        "public_rental_qualified": no_home and _bool(answers, "public_rental_qualified"),
        "public_rental_allocated": no_home and _bool(answers, "public_rental_allocated"),
        "in_affordable_rental": no_home and _bool(answers, "in_affordable_rental"),
        "provident_fund_balance": (_yuan(answers, "provident_fund_balance") or 0) if yes(answers, "bought_home") else 0,
        "mother_id": None,
        "father_id": None,
    }


def _child(answers: Answers, parent: dict[str, Any], index: int) -> dict[str, Any]:
    birth = _parse_date(answers.get(f"child{index}_birth_date", "")) or date(2020, 1, 1)
    sex = "female" if index % 2 else "male"
    return schema.PERSONS.blank_row(
        person_id=make_person_id(REGION, birth, 10 + index, sex),
        birth_date=birth.isoformat(),
        sex=sex,
        hukou_in_hohhot=parent["hukou_in_hohhot"],
        lives_in_hohhot=parent["lives_in_hohhot"],
    )


def build_document(answers: Answers) -> dict[str, Any]:
    """The single-case document (see ``yinren.rules._case``) for the shown answers."""
    person_id, name = subject_id(answers), answers.get("name", "")
    answers = {**relevant(answers), "name": name}
    person = _person(answers, person_id)
    if yes(answers, "employed_in_hohhot"):
        person["employments"] = [
            {
                "employer_id": EMPLOYER_ID,
                "contract_signed_on": _date(answers, "contract_signed_on"),
                "ended_on": None,
                "insured_months": int(answers.get("insured_months") or 0),
                "works_in_hohhot": True,
                "hired_from_registered_unemployment": False,
            }
        ]
    if yes(answers, "founded_business"):
        person["enterprises"] = [_business(answers)]
    if yes(answers, "bought_home"):
        person["home_purchases"] = [_purchase(answers)]
    count = children_count(answers)
    if count:
        children = sorted((_child(answers, person, index) for index in range(count)), key=lambda c: c["birth_date"])
        person["children"] = children
        person["births"] = [
            {"child_id": child["person_id"], "birth_date": child["birth_date"], "birth_order": order}
            for order, child in enumerate(children, start=1)
        ]
    return {"person": person}


def _business(answers: Answers) -> dict[str, Any]:
    return {
        "enterprise_id": BUSINESS_ID,
        "kind": answers.get("business_kind") or "enterprise",
        "size": answers.get("business_size") or "small",
        "registered_in_hohhot": _bool(answers, "business_in_hohhot"),
        "founded_on": _date(answers, "founded_on"),
        "credit_blacklisted": False,
        "contributions_normal": True,
        "rent_paid": _yuan(answers, "rent_paid"),
        "is_daycare": False,
    }


def _purchase(answers: Answers) -> dict[str, Any]:
    return {
        "purchase_id": "HOME-1",
        "signed_on": _date(answers, "signed_on"),
        "property_kind": answers.get("property_kind") or "new_commercial",
        "in_hohhot": _bool(answers, "home_in_hohhot"),
        "area_m2": _parse_number(answers.get("area_m2", "")) or 0,
        "price": _yuan(answers, "price") or 0,
        "first_home": _bool(answers, "first_home"),
        "first_purchase": _bool(answers, "first_purchase"),
        "deed_tax_paid": _yuan(answers, "deed_tax_paid"),
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def answers_from_facts(facts: dict[str, Any]) -> dict[str, str]:
    """The form's answers for a stored application's facts (the inverse of ``build_document``)."""
    person = facts.get("person")
    if not isinstance(person, dict):
        return {}
    answers = {
        name: _text(person.get(name))
        for name in (
            "person_id", "name", "birth_date", "sex", "hukou_in_hohhot", "lives_in_hohhot", "education_level",
            "full_time", "in_school", "graduation_date", "owns_home_in_hohhot", "public_rental_qualified",
            "public_rental_allocated", "in_affordable_rental", "provident_fund_balance",
        )
    }  # fmt: skip
    jobs = [row for row in person.get("employments") or [] if isinstance(row, dict) and row.get("works_in_hohhot")]
    answers["employed_in_hohhot"] = YES if jobs else NO
    if jobs:
        answers["contract_signed_on"] = _text(jobs[0].get("contract_signed_on"))
        answers["insured_months"] = _text(jobs[0].get("insured_months"))
    firms = [row for row in person.get("enterprises") or [] if isinstance(row, dict)]
    answers["founded_business"] = YES if firms else NO
    if firms:
        firm = firms[0]
        answers.update(
            founded_on=_text(firm.get("founded_on")),
            business_kind=_text(firm.get("kind")),
            business_size=_text(firm.get("size")),
            business_in_hohhot=_text(firm.get("registered_in_hohhot")),
            rent_paid=_text(firm.get("rent_paid")),
        )
    homes = [row for row in person.get("home_purchases") or [] if isinstance(row, dict)]
    answers["bought_home"] = YES if homes else NO
    if homes:
        home = homes[0]
        for name in ("signed_on", "property_kind", "area_m2", "price", "first_home", "first_purchase", "deed_tax_paid"):
            answers[name] = _text(home.get(name))
        answers["home_in_hohhot"] = _text(home.get("in_hohhot"))
    answers.update(_children_answers(person))
    return {name: value for name, value in answers.items() if value != ""}


def _children_answers(person: dict[str, Any]) -> dict[str, str]:
    """Children by birth order; a birth recorded as the second with no first leaves the first to be asked."""
    dates: dict[int, str] = {}
    for birth in person.get("births") or []:
        order = birth.get("birth_order") if isinstance(birth, dict) else None
        if isinstance(order, int) and 1 <= order <= MAX_CHILDREN:
            dates[order - 1] = _text(birth.get("birth_date"))
    children = sorted(_text(c.get("birth_date")) for c in person.get("children") or [] if isinstance(c, dict))
    for born in children:
        if born not in dates.values() and len(dates) < MAX_CHILDREN:
            dates[min(set(range(MAX_CHILDREN)) - set(dates))] = born
    count = max(dates, default=-1) + 1
    answers = {"children_count": str(count)}
    answers.update({f"child{index}_birth_date": dates.get(index, "") for index in range(count)})
    return answers


# Where the engine's field paths (``body.facts.persons[1].birth_date``) land on the form.
_TABLE_FIELDS = {
    "employments": {"contract_signed_on": "contract_signed_on", "insured_months": "insured_months"},
    "enterprises": {
        "founded_on": "founded_on",
        "kind": "business_kind",
        "size": "business_size",
        "registered_in_hohhot": "business_in_hohhot",
        "rent_paid": "rent_paid",
    },
    "home_purchases": {
        "signed_on": "signed_on",
        "property_kind": "property_kind",
        "in_hohhot": "home_in_hohhot",
        "area_m2": "area_m2",
        "price": "price",
        "first_home": "first_home",
        "first_purchase": "first_purchase",
        "deed_tax_paid": "deed_tax_paid",
    },
}


def form_field(path: str) -> str | None:
    """The form field a service error's path names, or None (the error is shown above the form)."""
    parts = path.split(".")
    if len(parts) < 2:
        return None
    table_row, column = parts[-2], parts[-1]
    table, _, row_text = table_row.partition("[")
    row = int(row_text.rstrip("]")) if row_text.rstrip("]").isdigit() else 1
    if table == "persons":
        if row == 1:
            return column if column in QUESTIONS or column in ("person_id", "name") else None
        return f"child{row - 2}_birth_date" if column == "birth_date" and row - 2 < MAX_CHILDREN else None
    if table == "births" and column == "birth_date":
        return f"child{row - 1}_birth_date"
    return _TABLE_FIELDS.get(table, {}).get(column)


# ---- results ----------------------------------------------------------------------------------------


def _parameter(name: str, as_of: date) -> Any:
    return load_policy().parameters[name].at(as_of)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def completed_years(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def insurance_hint(months_paid: int, months_needed: int) -> Hint | None:
    """再缴纳N个月社保即可申领, or None when enough months are paid."""
    short = months_needed - months_paid
    if short <= 0:
        return None
    plural = "" if short == 1 else "s"
    return Hint(
        f"再缴纳{short}个月社保即可申领。",
        f"Pay social insurance for {short} more month{plural} and you can apply.",
        True,
    )


def min_age_hint(birth: date, min_age: int, as_of: date) -> Hint | None:
    """The day the person reaches ``min_age``, or None when they already have."""
    birthday = _add_years(birth, min_age)
    if birthday <= as_of:
        return None
    return Hint(
        f"{birthday.isoformat()}年满{min_age}周岁后即可申领。",
        f"You can apply once you turn {min_age}, on {birthday.isoformat()}.",
        True,
    )


def max_age_hint(birth: date, max_age: int, as_of: date) -> Hint | None:
    """Past the age limit (no way back), or None when within it."""
    age = completed_years(birth, as_of)
    if age <= max_age:
        return None
    return Hint(
        f"已超过{max_age}周岁的年龄上限（现{age}岁），不能申领。",
        f"Over the age limit of {max_age} (you are {age}); this benefit cannot be claimed.",
        False,
    )


def graduation_hint(graduated: date, years: int, as_of: date) -> Hint | None:
    """Not graduated yet (wait), or graduated too long ago (no way back); None when within the years."""
    if graduated > as_of:
        return Hint(
            f"毕业后（{graduated.isoformat()}起）即可申领。",
            f"You can apply once you graduate (from {graduated.isoformat()}).",
            True,
        )
    if _add_years(graduated, years) <= as_of:  # the engine: start <= at < start + years
        return Hint(
            f"毕业已超过{years}年（{graduated.isoformat()}毕业），不能申领。",
            f"More than {years} years since graduating ({graduated.isoformat()}); this cannot be claimed.",
            False,
        )
    return None


def school_age_hint(birth: date, min_age: int, max_age: int, as_of: date) -> Hint | None:
    """The September the child starts school, or None when of school age now."""
    september = date(as_of.year if as_of.month >= 9 else as_of.year - 1, 9, 1)
    age = completed_years(birth, september)
    if age > max_age:
        return Hint(
            f"孩子已超过义务教育年龄（{max_age}周岁）。",
            f"The child is past compulsory-school age ({max_age}).",
            False,
        )
    if age >= min_age:
        return None
    year = september.year
    while completed_years(birth, date(year, 9, 1)) < min_age:
        year += 1
    return Hint(
        f"孩子{year}年9月1日满{min_age}周岁，届时即可入学。",
        f"Your child turns {min_age} by 1 September {year} and can start school then.",
        True,
    )


RESIDENCE_HINT = Hint(
    "办理居住证、在呼和浩特市居住后即可申领。",
    "Get a residence permit and live in Hohhot, and you can apply.",
    True,
)
# Conditions no change of circumstances can meet (once-only rules, dates in the past, caps).
UNREACHABLE = {
    "not_already_paid",
    "within_month_cap",
    "first_subsidised_purchase",
    "first_subsidised_business_of_founder",
    "no_hohhot_hukou",
    "graduate_of_eligible_level",
    "founded_since_policy",
    "signed_since_policy",
    "born_since_policy",
    "second_or_third_child",
    "founder_is_student_or_recent_graduate",
    "founder_is_young",
    "family_first_home",
    "first_purchase",
    "new_commercial_home",
    "in_hohhot",
    "home_in_hohhot",
    "small_or_micro_business",
    "founded_in_hohhot",
}


def hint_for(measure_id: str, condition: ConditionLine, answers: Answers, as_of: date, beneficiary_id: str) -> Hint:
    """What the one failing condition still needs, computed from the answers and the parameters."""
    hint = _specific_hint(measure_id, condition.name, answers, as_of, beneficiary_id)
    if hint is not None:
        return hint
    fixable = condition.name not in UNREACHABLE
    return Hint(f"还差一项条件：{condition.text}。", f"One condition is not met: {condition.text}.", fixable)


def _specific_hint(measure_id: str, name: str, answers: Answers, as_of: date, beneficiary_id: str) -> Hint | None:
    birth = _parse_date(answers.get("birth_date", ""))
    if name == "works_in_hohhot":
        if yes(answers, "employed_in_hohhot"):
            return insurance_hint(int(answers.get("insured_months") or 0), 1)
        return Hint(
            "在呼和浩特市就业参保或创业后即可申领。",
            "Work in Hohhot (insured) or start a business there, and you can apply.",
            True,
        )
    if name == "aged_35_or_under" and birth:
        return max_age_hint(birth, int(_parameter("m10_graduate_rent.max_age", as_of)), as_of)
    if name == "adult" and birth:
        return min_age_hint(birth, int(_parameter("policy.adult_age", as_of)), as_of)
    graduated = _parse_date(answers.get("graduation_date", ""))
    if name == "within_years_of_graduation" and graduated:
        return graduation_hint(graduated, int(_parameter("m10_graduate_rent.years_after_graduation", as_of)), as_of)
    child_birth = checksums.person_id_birth_date(beneficiary_id)
    if name == "compulsory_school_age" and child_birth:
        limits = (int(_parameter(f"{measure_id}.min_age", as_of)), int(_parameter(f"{measure_id}.max_age", as_of)))
        return school_age_hint(child_birth, *limits, as_of)
    if name in ("lives_in_hohhot", "lives_or_works_in_hohhot", "parent_lives_in_hohhot"):
        return RESIDENCE_HINT
    if name == "rent_paid":
        return Hint("提供已付场租发票后即可申领。", "Show invoices for the rent you paid, and you can apply.", True)
    return None


def _conditions(unit: dict[str, Any]) -> tuple[ConditionLine, ...]:
    return tuple(
        ConditionLine(str(c["name"]), str(c["clause"]), str(c["text"]), bool(c["passed"])) for c in unit["conditions"]
    )


def _two_year_months(measure_id: str, as_of: date) -> int:
    _, most_months = precheck.caps(measure_id, as_of)
    return min(TWO_YEARS, most_months) if most_months is not None else TWO_YEARS


def _benefit(result: dict[str, Any], answers: Answers, as_of: date, subject: str) -> Benefit:
    info = precheck.measure(str(result["measure_id"]))
    units = list(result["units"])
    eligible = [u for u in units if u["eligible"] and (info.kind != "cash" or int(u["amount_fen"]) > 0)]
    shown = eligible[0] if eligible else min(units, key=lambda u: sum(not c["passed"] for c in u["conditions"]))
    conditions = _conditions(shown)
    cash = sum(int(u["amount_fen"]) for u in eligible) if info.kind == "cash" else 0
    monthly = cash if info.frequency == "monthly" else 0
    one_time = cash if info.frequency == "one_time" else 0
    failed = [c for c in conditions if not c.passed]
    hint = None
    if not eligible and len(failed) == 1:
        hint = hint_for(info.id, failed[0], answers, as_of, str(shown["beneficiary_id"]))
    return Benefit(
        measure_id=info.id,
        title_zh=info.title_zh,
        title_en=info.title_en,
        clause=info.clause,
        kind=info.kind,
        frequency=info.frequency,
        eligible=bool(eligible),
        for_child=str(shown["beneficiary_id"]) != subject,
        units=len(eligible),
        monthly_fen=monthly,
        one_time_fen=one_time,
        two_year_fen=one_time + monthly * _two_year_months(info.id, as_of),
        value_display=str(shown.get("value_display") or ""),
        value_text=str(shown.get("value_text") or ""),
        departments=info.departments,
        conditions=conditions,
        hint=hint,
    )


def summarize(report: dict[str, Any], answers: Answers, as_of: date) -> Results:
    """The engine's report as benefits: those the person gets, those nearly reached, and the rest."""
    subject = str(report["subject"]["id"])
    benefits = [
        _benefit(result, answers, as_of, subject)
        for result in report["measures"]
        if result["applies"] and result["units"]
    ]
    eligible = tuple(sorted((b for b in benefits if b.eligible), key=lambda b: (b.kind != "cash", -b.two_year_fen)))
    near = tuple(b for b in benefits if not b.eligible and b.hint is not None and b.hint.fixable)
    other = tuple(b for b in benefits if not b.eligible and b not in near)
    return Results(
        eligible=eligible,
        near=near,
        other=other,
        monthly_fen=sum(b.monthly_fen for b in eligible),
        one_time_fen=sum(b.one_time_fen for b in eligible),
        two_year_fen=sum(b.two_year_fen for b in eligible),
    )


def calculate(answers: Answers, as_of: date, lang: str) -> Results:
    """Every benefit for the answers, explained by the engine (raises InvalidInput for bad answers)."""
    report = precheck.calculate(build_document(answers), as_of, lang, prefix="body.facts")
    return summarize(report, relevant(answers), as_of)


# ---- carrying answers between pages ------------------------------------------------------------------

SEAL_SALT = "yinren.calculator.answers"
MAX_SEALED_ANSWERS = 60


def seal(answers: Answers, secret: str) -> str:
    """The answers as a signed URL-safe token: they survive the login redirect and cannot be forged."""
    return URLSafeSerializer(secret, salt=SEAL_SALT).dumps(relevant(answers))


def unseal(token: str, secret: str) -> dict[str, str]:
    """The answers in a token; an altered or foreign token gives no answers rather than an error."""
    try:
        value = URLSafeSerializer(secret, salt=SEAL_SALT).loads(token)
    except BadSignature:
        return {}
    if not isinstance(value, dict) or len(value) > MAX_SEALED_ANSWERS:
        return {}
    return {str(k): str(v)[:200] for k, v in value.items() if k in QUESTIONS and isinstance(v, str)}
