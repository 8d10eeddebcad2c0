"""ORM models, one file per table; importing this package registers every table on ``Base.metadata``."""

from .application import APPLICATION_STATES, Application, ApplicationState
from .application_event import ApplicationEvent
from .audit_entry import AuditEntry
from .audit_head import GENESIS_HASH, AuditHead
from .base import Base, utcnow
from .disbursement_batch import BatchState, DisbursementBatch
from .login_attempt import LoginAttempt
from .offer import LIVE_OFFER_STATES, OFFER_STATES, Offer, OfferState
from .payment_entry import ONCE_PER_PERSON_KEYS, EntryState, PaymentEntry
from .payment_limit import M10_RENT_MAX_MONTHS, PaymentLimit
from .supervision_report import SupervisionEvidence, SupervisionReport
from .supervision_target import TARGET_KINDS, SupervisionTarget, SupervisionTargetRevision
from .user import DEPARTMENTS, ROLES, STAFF_ROLES, Role, User
from .user_session import UserSession

__all__ = [
    "APPLICATION_STATES",
    "DEPARTMENTS",
    "GENESIS_HASH",
    "LIVE_OFFER_STATES",
    "M10_RENT_MAX_MONTHS",
    "OFFER_STATES",
    "ONCE_PER_PERSON_KEYS",
    "ROLES",
    "STAFF_ROLES",
    "TARGET_KINDS",
    "Application",
    "ApplicationEvent",
    "ApplicationState",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BatchState",
    "DisbursementBatch",
    "EntryState",
    "LoginAttempt",
    "Offer",
    "OfferState",
    "PaymentEntry",
    "PaymentLimit",
    "Role",
    "SupervisionEvidence",
    "SupervisionReport",
    "SupervisionTarget",
    "SupervisionTargetRevision",
    "User",
    "UserSession",
    "utcnow",
]
