"""Fill an empty database with demo users, and cases in every state, through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..accounts import service as accounts
from ..accounts.repository import AccountRepository
from ..accounts.schemas import UserCreate
from ..applications import service as applications
from ..applications.schemas import ApplicationCreate, Decision
from ..config import Settings
from ..db import Database
from ..kit.actor import SYSTEM, Actor
from ..ledger import service as ledger
from ..models import DEPARTMENTS, User
from ..offers import service as offers
from ..offers.schemas import ConfirmRequest
from ..supervision import demo as supervision_demo
from . import facts

PASSWORD = "yinren-demo-2024"
EMPLOYER_ID = facts.enterprise_id(1)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    display_name: str
    department: str | None = None
    person_id: str | None = None
    enterprise_id: str | None = None


def demo_users() -> list[DemoUser]:
    users = [
        DemoUser("admin", "admin", "系统管理员（财务发放）"),
        DemoUser("supervisor", "supervisor", "市督查室"),
        DemoUser(
            "xiaoming",
            "resident",
            "王小明（2023届本科毕业生）",
            person_id=_graduate(11)["person"]["person_id"],
        ),
        DemoUser("lihua", "resident", "李华（购房毕业生）", person_id=_graduate(12, True)["person"]["person_id"]),
        DemoUser(
            "zhangli",
            "resident",
            "张丽（二孩母亲）",
            person_id=facts.mother_of_second_child(13)["person"]["person_id"],
        ),
        DemoUser("qingcheng", "employer", "青城科技有限公司", enterprise_id=EMPLOYER_ID),
        DemoUser("jinggong", "employer", "青城精工有限公司", enterprise_id=facts.enterprise_id(2)),
    ]
    for index, department in enumerate(DEPARTMENTS, start=1):
        users.append(DemoUser(f"reviewer{index}", "reviewer", f"{department}审核员", department=department))
        users.append(DemoUser(f"head{index}", "department_head", f"{department}负责人", department=department))
    return users


def _graduate(serial: int, purchase: bool = False) -> dict[str, Any]:
    return facts.graduate(serial, EMPLOYER_ID, purchase=purchase)


def is_seeded(database: Database) -> bool:
    with database.transaction() as session:
        return AccountRepository(session).user_by_username("admin") is not None


def seed(database: Database, settings: Settings) -> list[DemoUser]:
    users = demo_users()
    with database.transaction() as session:
        for user in users:
            data = UserCreate(password=PASSWORD, **user.__dict__)
            accounts.create_user(session, settings, SYSTEM, data)
    with database.transaction() as session:
        later = _cases(session)
    admin, hr_head = _actor(database, "admin"), _actor(database, "head1")
    with database.transaction() as session:  # June and July rent, and an offer: paid
        batch = ledger.create_batch(session, hr_head, "市人社局", "m10_graduate_rent", 10_000)
    ledger.pay_batch(database, admin, batch.id)
    with database.transaction() as session:  # August rent approved, in an open batch
        applications.decide(session, _user(session, "reviewer1"), later, Decision(decision="approve"))
    with database.transaction() as session:
        ledger.create_batch(session, hr_head, "市人社局", "m10_graduate_rent", 10_000)
    supervision_demo.seed_demo(database)
    return users


def _actor(database: Database, username: str) -> Actor:
    with database.transaction() as session:
        user = AccountRepository(session).user_by_username(username)
        assert isinstance(user, User)
        return accounts.actor_of(user)


def _user(session: Session, username: str) -> Actor:
    user = AccountRepository(session).user_by_username(username)
    assert user is not None
    return accounts.actor_of(user)


def _apply(session: Session, who: str, measure: str, document: dict[str, Any], as_of: date, submit: bool = True) -> int:
    actor = _user(session, who)
    key = f"demo-{who}-{measure}-{as_of.isoformat()}"
    data = ApplicationCreate(measure_id=measure, facts=document, as_of=as_of, idempotency_key=key, submit=submit)
    application, _ = applications.create(session, actor, data, None)
    return application.id


def _cases(session: Session) -> int:
    """Applications in every state of spec section 5 and offers in every state; returns a case to
    approve after the first batch is paid."""
    hr_reviewer = _user(session, "reviewer1")  # 市人社局
    health_reviewer = _user(session, "reviewer4")  # 市卫健委
    police_reviewer = _user(session, "reviewer6")  # 市公安局
    ming = _graduate(11)
    for month in (date(2024, 6, 30), date(2024, 7, 31)):  # approved now, paid by the first batch
        case = _apply(session, "xiaoming", "m10_graduate_rent", ming, month)
        applications.decide(session, hr_reviewer, case, Decision(decision="approve"))
    later = _apply(session, "xiaoming", "m10_graduate_rent", ming, date(2024, 8, 31))
    applications.take(session, hr_reviewer, later)
    in_review = _apply(session, "xiaoming", "m10_graduate_rent", ming, date(2024, 9, 30))
    applications.take(session, hr_reviewer, in_review)
    _apply(session, "xiaoming", "m10_graduate_rent", ming, date(2024, 10, 31))  # submitted
    _apply(session, "lihua", "m10_graduate_purchase", _graduate(12, True), date(2024, 6, 30), submit=False)
    mother = facts.mother_of_second_child(13)
    returned = _apply(session, "zhangli", "m15_childcare_allowance", mother, date(2024, 6, 30))
    applications.decide(session, health_reviewer, returned, Decision(decision="return", reason="请补充出生医学证明。"))
    rejected = _apply(session, "zhangli", "m18_settlement", mother, date(2024, 6, 30))
    applications.decide(
        session, police_reviewer, rejected, Decision(decision="reject", reason="申请人已是呼和浩特市户籍。")
    )
    withdrawn = _apply(session, "zhangli", "m12_school_enrollment", mother, date(2024, 6, 30))
    applications.withdraw(session, _user(session, "zhangli"), withdrawn)
    _offers(session)
    return later


def _offers(session: Session) -> None:
    admin, hr_head = _user(session, "admin"), _user(session, "head1")
    lihua = _graduate(12, True)["person"]["person_id"]
    rows = [
        _offer_row("m10_graduate_purchase", lihua, "HP-000012", "", 2_000_000),  # → accepted
        _offer_row("m04_hiring_subsidy", EMPLOYER_ID, facts.person_id(21), "", 150_000),  # → confirmed
        _offer_row("m04_hiring_subsidy", EMPLOYER_ID, facts.person_id(22), "", 150_000),  # → declined
        _offer_row("m04_hiring_subsidy", EMPLOYER_ID, facts.person_id(23), "", 150_000),  # → withdrawn
        _offer_row("m04_hiring_subsidy", EMPLOYER_ID, facts.person_id(24), "", 150_000),  # offered
        _offer_row("m10_graduate_rent", lihua, lihua, "2024-06", 30_000),  # → superseded, then paid
    ]
    offers.import_rows(session, admin, rows, "demo-run-1")
    changed = [_offer_row("m10_graduate_rent", lihua, lihua, "2024-06", 29_000)]
    offers.import_rows(session, admin, changed, "demo-run-2")
    ids = {(row.measure_id, row.source_id): row.id for row in offers.search(session, admin, [], None, 100, 0)}
    live_rent = max(row.id for row in offers.search(session, admin, ["offered"], "m10_graduate_rent", 100, 0))
    confirm = [ids[("m10_graduate_purchase", "HP-000012")], live_rent]
    confirm += [ids[("m04_hiring_subsidy", facts.person_id(n))] for n in (21, 22, 23)]
    offers.confirm(session, hr_head, ConfirmRequest(offer_ids=confirm))
    offers.accept(session, _user(session, "lihua"), ids[("m10_graduate_purchase", "HP-000012")], "6222020200112233445")
    offers.accept(session, _user(session, "lihua"), live_rent, "6222020200112233445")
    offers.decline(session, _user(session, "qingcheng"), ids[("m04_hiring_subsidy", facts.person_id(22))])
    offers.withdraw(session, hr_head, ids[("m04_hiring_subsidy", facts.person_id(23))], "该员工劳动合同已解除。")


def _offer_row(measure: str, beneficiary: str, source: str, period: str, amount_fen: int) -> dict[str, Any]:
    return {
        "measure_id": measure,
        "beneficiary_id": beneficiary,
        "source_id": source,
        "period": period,
        "value": str(amount_fen),
        "amount_fen": amount_fen,
    }
