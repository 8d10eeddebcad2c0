"""All account queries: users, sessions, login attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from ..models import LoginAttempt, User, UserSession


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

    def live_session(self, token_hash: str, now: datetime) -> UserSession | None:
        statement = (
            select(UserSession)
            .options(joinedload(UserSession.user))
            .where(
                UserSession.token_hash == token_hash,
                UserSession.revoked_at.is_(None),
                UserSession.expires_at > now,
            )
        )
        return self.session.scalars(statement).one_or_none()

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
