"""All account queries: users, sessions, login attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..kit.actor import Actor
from ..models import LoginAttempt, User, UserSession


@dataclass(frozen=True, slots=True)
class LiveSession:
    """What a request needs of its login: who, how the token was issued, its CSRF token."""

    actor: Actor
    kind: str
    csrf_token: str
    user_active: bool


_SESSIONS = UserSession.metadata.tables[UserSession.__tablename__]
_USERS = User.metadata.tables[User.__tablename__]


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def user_by_username(self, username: str) -> User | None:
        return self.session.scalars(select(User).where(User.username == username)).one_or_none()

    def user(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def users(self, role: str | None = None, limit: int = 200, offset: int = 0) -> Sequence[User]:
        statement = select(User).order_by(User.id).limit(limit).offset(offset)
        if role:
            statement = statement.where(User.role == role)
        return self.session.scalars(statement).all()

    def users_by_subject(self, subject_id: str) -> Sequence[User]:
        statement = select(User).where((User.person_id == subject_id) | (User.enterprise_id == subject_id))
        return self.session.scalars(statement).all()

    def add(self, row: User | UserSession | LoginAttempt) -> None:
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()

    def live_session(self, token_hash: str, now: datetime) -> LiveSession | None:
        # Asked by every authenticated request: one Core query, no ORM objects to build.
        statement = (
            select(
                _SESSIONS.c.kind,
                _SESSIONS.c.csrf_token,
                _USERS.c.id,
                _USERS.c.username,
                _USERS.c.role,
                _USERS.c.department,
                _USERS.c.person_id,
                _USERS.c.enterprise_id,
                _USERS.c.is_active,
            )
            .join_from(_SESSIONS, _USERS, _SESSIONS.c.user_id == _USERS.c.id)
            .where(
                _SESSIONS.c.token_hash == token_hash,
                _SESSIONS.c.revoked_at.is_(None),
                _SESSIONS.c.expires_at > now,
            )
        )
        row = self.session.execute(statement).one_or_none()
        if row is None:
            return None
        kind, csrf_token, user_id, username, role, department, person_id, enterprise_id, active = row
        actor = Actor(user_id, username, role, department, person_id, enterprise_id)
        return LiveSession(actor=actor, kind=kind, csrf_token=csrf_token, user_active=bool(active))

    def revoke_session(self, token_hash: str, now: datetime) -> None:
        self.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == token_hash, UserSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def failures_since(self, since: datetime, *, username: str | None = None, ip: str | None = None) -> int:
        statement = (
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
        )
        if username is not None:
            statement = statement.where(LoginAttempt.username == username)
        if ip is not None:
            statement = statement.where(LoginAttempt.ip == ip)
        return self.session.scalar(statement) or 0
