"""An employer's claims (扩岗补助, 专精特新 awards, dorm subsidies) from a form, and what it has received.

A claim form is checked field by field first (ID checksums, dates, numbers), then by the engine, and
only then becomes an application: a refused form creates nothing and keeps every value typed, with each
message next to its field. Never commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..accounts.repository import AccountRepository
from ..applications import precheck
from ..applications import service as applications
from ..applications.schemas import ApplicationCreate
from ..errors import FieldError, InvalidInput, NotFound
from ..kit.actor import Actor
from ..kit.ids import is_credit_code, is_person_id
from ..ledger.repository import LedgerRepository
from ..models import Application, Offer, PaymentEntry, utcnow
from ..offers import service as offers
from ..rules import schema

MAX_ROWS = 50

# Field kinds: how a form value becomes a fact, and what is refused.
TEXT, DATE, OPTIONAL_DATE, COUNT, YUAN, FLAG, PERSON_ID = "text", "date", "odate", "count", "yuan", "flag", "pid"
ENTERPRISE_KINDS = ("enterprise", "individual_business", "government", "public_institution", "social_org")
SIZES = ("micro", "small", "medium", "large")
EDUCATION = ("bachelor", "master", "doctor", "junior_college", "vocational", "secondary", "primary", "none")
LEVELS = ("national_little_giant", "regional_specialized", "innovative_sme")
DORM_KINDS = ("dormitory", "talent_apartment")

ENTERPRISE_FIELDS: dict[str, str] = {
    "enterprise_id": TEXT,
    "name": TEXT,
    "kind": "enum",
    "size": "enum",
    "founded_on": DATE,
    "registered_in_hohhot": FLAG,
    "contributions_normal": FLAG,
    "credit_blacklisted": FLAG,
}
ENUMS: dict[str, tuple[str, ...]] = {
    "kind": ENTERPRISE_KINDS,
    "size": SIZES,
    "education_level": EDUCATION,
    "level": LEVELS,
    "dorm_kind": DORM_KINDS,
}


@dataclass(frozen=True, slots=True)
class Claim:
    """One claimable measure: the table its rows fill and the fields of a row."""

    measure_id: str
    table: str  # the enterprise's list the rows go into
    prefix: str  # form names: <prefix>-<row>-<field>
    fields: dict[str, str]


CLAIMS: dict[str, Claim] = {
    "m04_hiring_subsidy": Claim(
        "m04_hiring_subsidy",
        "employments",
        "hire",
        {
            "person_id": PERSON_ID,
            "name": TEXT,
            "education_level": "enum",
            "full_time": FLAG,
            "graduation_date": OPTIONAL_DATE,
            "contract_signed_on": DATE,
            "insured_months": COUNT,
            "hired_from_registered_unemployment": FLAG,
            "works_in_hohhot": FLAG,
        },
    ),
    "m02_sme_award": Claim("m02_sme_award", "certifications", "cert", {"level": "enum", "recognized_on": DATE}),
    "m11_dormitory_subsidy": Claim(
        "m11_dormitory_subsidy",
        "dorm_projects",
        "dorm",
        {
            "project_id": TEXT,
            "dorm_kind": "enum",
            "investment": YUAN,
            "owned_by_zone_committee": FLAG,
            "completed_on": DATE,
        },
    ),
}
REQUIRED = {"enterprise_id", "founded_on", "person_id", "contract_signed_on", "insured_months", "recognized_on"}
REQUIRED |= {"project_id", "investment", "completed_on"}
ROW_DEFAULTS = {"full_time": "on", "works_in_hohhot": "on", "education_level": "bachelor", "insured_months": "3"}
ROW_DEFAULTS |= {"level": "innovative_sme", "dorm_kind": "dormitory", "owned_by_zone_committee": "on"}


@dataclass(slots=True)
class ClaimForm:
    """What the person typed (kept as typed), how many rows, and the messages to show."""

    measure_id: str
    values: dict[str, str]
    rows: int
    key: str
    errors: dict[str, FieldError] = field(default_factory=dict)
    general: list[FieldError] = field(default_factory=list)

    def value(self, name: str) -> str:
        return self.values.get(name, "")


def claim(measure_id: str) -> Claim:
    found = CLAIMS.get(measure_id)
    if found is None:
        raise NotFound(f"可在线申报的措施 {measure_id}", f"Claimable measure {measure_id}")
    return found


def blank_form(actor: Actor, measure_id: str, enterprise_name: str) -> ClaimForm:
    spec = claim(measure_id)
    values = {"ent-enterprise_id": actor.enterprise_id or "", "ent-name": enterprise_name, "ent-kind": "enterprise"}
    values |= {"ent-size": "small", "ent-registered_in_hohhot": "on", "ent-contributions_normal": "on"}
    values |= {f"{spec.prefix}-0-{name}": ROW_DEFAULTS[name] for name in spec.fields if name in ROW_DEFAULTS}
    return ClaimForm(measure_id, values, 1, new_key())


def new_key() -> str:
    return f"web-claim-{secrets.token_hex(12)}"


def read_form(measure_id: str, form: Mapping[str, str], rows: int, key: str) -> ClaimForm:
    spec = claim(measure_id)
    names = [f"ent-{name}" for name in ENTERPRISE_FIELDS]
    names += [f"{spec.prefix}-{row}-{name}" for row in range(rows) for name in spec.fields]
    values = {name: str(form.get(name, "")).strip() for name in names if form.get(name) is not None}
    return ClaimForm(measure_id, values, max(1, min(rows, MAX_ROWS)), key if _good_key(key) else new_key())


def _good_key(key: str) -> bool:
    return key.startswith("web-claim-") and len(key) <= 64 and key.replace("-", "").isalnum()


def _error(form: ClaimForm, name: str, zh: str, en: str) -> None:
    form.errors.setdefault(name, FieldError(name, zh, en))


def _convert(form: ClaimForm, name: str, kind: str, options: tuple[str, ...] = ()) -> Any:
    raw = form.value(name)
    short = name.rsplit("-", 1)[-1]
    if kind == FLAG:
        return raw in ("on", "true", "1")
    if not raw:
        if short in REQUIRED:
            _error(form, name, "必填。", "Required.")
        return None
    if kind in (DATE, OPTIONAL_DATE):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            _error(form, name, "请填写日期，格式为 YYYY-MM-DD。", "Enter a date as YYYY-MM-DD.")
            return None
        if day > utcnow().date():
            # A claim is for what has happened: the engine would silently ignore a future hire or award.
            _error(form, name, "日期不能晚于今天。", "The date cannot be after today.")
            return None
        return day.isoformat()
    if kind in (COUNT, YUAN):
        if not raw.isdigit() or len(raw) > 12:
            _error(form, name, "请填写不小于 0 的整数。", "Enter a whole number, 0 or more.")
            return None
        return int(raw)
    if kind == "enum" and raw not in options:
        _error(form, name, "请从列表中选择。", "Choose one from the list.")
        return None
    if kind == PERSON_ID and not is_person_id(raw.upper()):
        _error(
            form,
            name,
            "身份证号不正确：应为18位，最后一位校验码须与前17位相符（X 大写）。",
            "Not a valid ID number: 18 characters whose last check character matches the first 17.",
        )
        return None
    return raw.upper() if kind == PERSON_ID else raw


def _enterprise(form: ClaimForm, actor: Actor) -> dict[str, Any]:
    firm: dict[str, Any] = {}
    for name, kind in ENTERPRISE_FIELDS.items():
        firm[name] = _convert(form, f"ent-{name}", kind, ENUMS.get(name, ()))
    code = (firm["enterprise_id"] or "").upper()
    if code and not is_credit_code(code):
        _error(
            form,
            "ent-enterprise_id",
            "统一社会信用代码不正确：应为18位，最后一位校验码须与前17位相符。",
            "Not a valid unified social credit code: 18 characters whose last check character matches.",
        )
    elif code and code != actor.enterprise_id:
        _error(
            form,
            "ent-enterprise_id",
            "只能为本企业申报：该信用代码不是您账户所属的企业。",
            "You may claim only for your own enterprise: this code is not your account's.",
        )
    firm["enterprise_id"] = code
    firm |= {"founder_id": None, "rent_paid": None, "is_daycare": False}
    return firm


def _hire(row: dict[str, Any], employer_id: str) -> dict[str, Any]:
    """An employment with its person; birth date and sex are read from the ID number, not typed again."""
    pid = row["person_id"] or ""
    birth = f"{pid[6:10]}-{pid[10:12]}-{pid[12:14]}" if pid else None
    person = schema.PERSONS.blank_row(
        person_id=pid,
        name=row["name"],
        birth_date=birth,
        sex="male" if pid and int(pid[16]) % 2 else "female",
        lives_in_hohhot=True,
        education_level=row["education_level"],
        full_time=row["full_time"],
        graduation_date=row["graduation_date"],
    )
    return {
        "employer_id": employer_id,
        "contract_signed_on": row["contract_signed_on"],
        "ended_on": None,
        "insured_months": row["insured_months"],
        "works_in_hohhot": row["works_in_hohhot"],
        "hired_from_registered_unemployment": row["hired_from_registered_unemployment"],
        "person": person,
    }


def _row(spec: Claim, row: dict[str, Any]) -> dict[str, Any]:
    if spec.measure_id == "m02_sme_award":
        return {"level": row["level"], "recognized_on": row["recognized_on"]}
    return {
        "project_id": row["project_id"],
        "kind": row["dorm_kind"],
        "investment": row["investment"],
        "owned_by_zone_committee": row["owned_by_zone_committee"],
        "completed_on": row["completed_on"],
    }


def facts_of(form: ClaimForm, actor: Actor) -> dict[str, Any]:
    """The single-case document the form describes; every refused field is left in ``form.errors``."""
    spec = claim(form.measure_id)
    firm = _enterprise(form, actor)
    rows, seen = [], {}
    for index in range(form.rows):
        row = {
            name: _convert(form, f"{spec.prefix}-{index}-{name}", kind, ENUMS.get(name, ()))
            for name, kind in spec.fields.items()
        }
        unique = row.get("person_id") or row.get("project_id")
        if unique and unique in seen:
            name = "person_id" if "person_id" in row else "project_id"
            _error(form, f"{spec.prefix}-{index}-{name}", "与前面一行重复。", "Repeats an earlier row.")
        seen[unique] = index
        rows.append(_hire(row, firm["enterprise_id"]) if spec.table == "employments" else _row(spec, row))
    firm[spec.table] = rows
    return {"enterprise": firm}


def _form_name(spec: Claim, problem: FieldError) -> str | None:
    """``facts.employments[2].insured_months`` → ``hire-1-insured_months`` (engine rows count from 1)."""
    path = problem.field.removeprefix("facts.")
    table, _, rest = path.partition("[")
    number, _, column = rest.partition("].")
    if table == "enterprises":
        return f"ent-{column}" if column in ENTERPRISE_FIELDS else None
    if not number.isdigit():
        return None
    column = "dorm_kind" if (table, column) == ("dorm_projects", "kind") else column
    if table in (spec.table, "persons") and column in spec.fields:
        return f"{spec.prefix}-{int(number) - 1}-{column}"
    return None


def _engine_check(form: ClaimForm, document: dict[str, Any]) -> None:
    spec = claim(form.measure_id)
    try:
        precheck.calculate(document, utcnow().date(), prefix="facts", measures=[spec.measure_id])
    except InvalidInput as error:
        for problem in error.fields or []:
            name = _form_name(spec, problem)
            if name is None:
                form.general.append(problem)
            else:
                form.errors.setdefault(name, FieldError(name, problem.message_zh, problem.message_en))


def submit(session: Session, actor: Actor, form: ClaimForm) -> Application | None:
    """The application this form makes (submitted), or None with the form's errors filled in."""
    document = facts_of(form, actor)
    if form.errors:
        return None
    _engine_check(form, document)
    if form.errors or form.general:
        return None
    data = ApplicationCreate(measure_id=form.measure_id, facts=document, idempotency_key=form.key, submit=True)
    application, _ = applications.create(session, actor, data, None)
    return application


def enterprise_name(session: Session, actor: Actor) -> str:
    """The account's display name, which for an employer is the enterprise's name."""
    user = AccountRepository(session).user(actor.user_id or 0)
    return user.display_name if user is not None else ""


@dataclass(frozen=True, slots=True)
class Overview:
    applications: Sequence[Application]
    offers: Sequence[Offer]
    payments: Sequence[PaymentEntry]


def overview(session: Session, actor: Actor) -> Overview:
    """The enterprise's applications, the 免申即享 offers it can answer or has answered, and its payments."""
    return Overview(
        applications=applications.list_own(session, actor, [], 100, 0),
        offers=offers.search(session, actor, [], None, 100, 0),
        payments=LedgerRepository(session).entries(beneficiary_id=actor.enterprise_id or "", limit=100),
    )
