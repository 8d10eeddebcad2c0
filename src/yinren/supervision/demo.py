"""Demo data for 督查督办: the targets from targets.yaml, then progress reports as the lead units would make
them (marked 演示数据 in their narratives: these figures are invented for the demo, except the published
population figures that come with the targets)."""

from __future__ import annotations

from datetime import date

from ..accounts.repository import AccountRepository
from ..accounts.service import actor_of
from ..db import Database
from ..kit.actor import Actor
from . import service
from .repository import SupervisionRepository
from .schemas import ReportCreate

# (username of the lead unit's head, target code, as_of, value)
DEMO_REPORTS = (
    ("head1", "m05-job-fairs", date(2024, 12, 31), 112),
    ("head1", "m05-job-fairs", date(2025, 12, 31), 104),
    ("head1", "m05-job-fairs", date(2026, 3, 31), 22),
    ("head1", "m05-job-fairs", date(2026, 6, 30), 48),
    ("head1", "m05-job-fairs", date(2026, 9, 30), 70),
    ("head1", "m05-placements", date(2026, 6, 30), 15800),
    ("head1", "m05-placements", date(2026, 10, 31), 27500),
    ("head1", "m05-platform", date(2024, 3, 1), 1),
    ("head1", "m06-youth-incubators", date(2024, 12, 31), 18),
    ("head1", "m06-youth-incubators", date(2025, 12, 31), 36),
    ("head1", "m06-youth-incubators", date(2026, 8, 23), 47),
    ("head2", "m07-public-rental", date(2024, 6, 30), 1500),
    ("head2", "m07-public-rental", date(2025, 6, 30), 3100),
    ("head2", "m07-public-rental", date(2026, 8, 20), 4120),
    ("head2", "m07-affordable-rental", date(2025, 6, 30), 7600),
    ("head2", "m07-affordable-rental", date(2026, 8, 20), 11800),
    ("head3", "m01-projects", date(2025, 8, 31), 131),
    ("head3", "m01-projects", date(2026, 8, 23), 212),
    ("head4", "m14-regional-centres", date(2025, 12, 31), 2),
    ("head5", "m12-school-places", date(2025, 8, 31), 36100),
    ("head5", "m12-school-places", date(2026, 8, 20), 54200),
    ("head5", "m12-kindergarten-coverage", date(2026, 8, 20), 88.5),
    ("head6", "m18-open-settlement", date(2023, 9, 1), 1),
    ("head6", "m18-residence-permit", date(2026, 10, 31), 0),
)


def _actor(database: Database, username: str) -> Actor:
    with database.transaction() as session:
        user = AccountRepository(session).user_by_username(username)
        assert user is not None, username
        return actor_of(user)


def seed_demo(database: Database) -> None:
    with database.transaction() as session:
        service.load_targets(session)
    heads = {username: _actor(database, username) for username, *_ in DEMO_REPORTS}
    with database.transaction() as session:
        repository = SupervisionRepository(session)
        for username, code, as_of, value in DEMO_REPORTS:
            target = repository.target_by_code(code)
            assert target is not None, code
            narrative = f"演示数据：截至 {as_of} 的累计完成情况。"
            service.report_progress(
                session, heads[username], target.id, ReportCreate(value=value, as_of=as_of, narrative=narrative)
            )
