"""What the department's pages ask for and get back: plain values, no ORM rows past the service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Application

PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The review queue's filters: states (empty: the open queue), one measure, a minimum age in days."""

    states: tuple[str, ...] = ()
    measure_id: str | None = None
    min_age_days: int = 0
    page: int = 1

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: Sequence[Application]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(slots=True)
class Throughput:
    """One row of the head's statistics (a measure, a month, or the whole department)."""

    key: str
    cases_in: int = 0
    decided: int = 0
    approved: int = 0
    rejected: int = 0
    total_days: float = 0.0  # days from submission to decision, summed over decided cases
    paid_fen: int = 0
    paid_entries: int = 0

    @property
    def average_days(self) -> float | None:
        return round(self.total_days / self.decided, 1) if self.decided else None


@dataclass(frozen=True, slots=True)
class DepartmentStats:
    department: str
    total: Throughput
    by_measure: list[Throughput] = field(default_factory=list)
    by_month: list[Throughput] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PendingPayments:
    """Approved or accepted payment entries of one measure not yet in a batch."""

    measure_id: str
    entries: int
    total_fen: int
