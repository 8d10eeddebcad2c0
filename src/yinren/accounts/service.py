"""Passwords (argon2id), sessions and the login rate limit. Never commits."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..config import Settings
from ..errors import Conflict, InvalidInput, NotAuthenticated, RateLimited, YinrenError
from ..errors import FieldError as FE
from ..kit.actor import SYSTEM, Actor
from ..models import DEPARTMENTS, LoginAttempt, User, UserSession, utcnow
from .repository import AccountRepository, LiveSession
from .schemas import UserCreate


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hasher(settings: Settings) -> PasswordHasher:
    return _hasher(settings.argon2_time_cost, settings.argon2_memory_cost, settings.argon2_parallelism)


def hash_password(settings: Settings, password: str) -> str:
    return hasher(settings).hash(password)


def token_hash(settings: Settings, token: str) -> str:
    """Session tokens are stored as HMAC-SHA256 under the secret key, never in clear."""
    key = settings.resolved_secret_key().encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        department=user.department,
        person_id=user.person_id,
        enterprise_id=user.enterprise_id,
    )


@dataclass(frozen=True, slots=True)
class Login:
    user: User
    token: str
    session: UserSession


def _verify(settings: Settings, user: User | None, password: str) -> bool:
    ph = hasher(settings)
    if user is None:
        # Spend the same time on unknown names, so timing does not tell which names exist.
        with contextlib.suppress(VerificationError, InvalidHashError):
            ph.verify(_dummy_hash(settings), password + "x")
        return False
    try:
        return ph.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash_cached(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_cost, parallelism).hash("yinren-dummy-password")


def _dummy_hash(settings: Settings) -> str:
    return _dummy_hash_cached(settings.argon2_time_cost, settings.argon2_memory_cost, settings.argon2_parallelism)


def login(
    session: Session, settings: Settings, username: str, password: str, ip: str, kind: str
) -> Login | YinrenError:
    """Check the rate limit and the password; open a session. A refusal is returned, not raised,
    so that the caller commits the failed attempt (it counts toward the limit)."""
    repository = AccountRepository(session)
    now = utcnow()
    since = now - timedelta(seconds=settings.login_window_seconds)
    if (
        repository.failures_since(since, username=username) >= settings.login_max_failures
        or repository.failures_since(since, ip=ip) >= settings.login_max_failures_per_ip
    ):
        return RateLimited(settings.login_window_seconds)
    user = repository.user_by_username(username)
    ok = _verify(settings, user, password) and user is not None and user.is_active
    repository.add(LoginAttempt(username=username, ip=ip, succeeded=ok, at=now))
    if not ok or user is None:
        audit.record(session, SYSTEM, "login.failed", "user", username, ip=ip)
        return YinrenError("用户名或密码错误。", "Wrong username or password.", 401, code="login_failed")
    if hasher(settings).check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(settings, password)
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=token_hash(settings, token),
        kind=kind,
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(24),
        created_at=now,
        expires_at=now + timedelta(hours=settings.session_hours),
    )
    repository.add(row)
    audit.record(session, actor_of(user), "login", "user", user.id, kind=kind, ip=ip)
    return Login(user=user, token=token, session=row)


def authenticate(session: Session, settings: Settings, token: str, kind: str) -> LiveSession:
    """The live session of a token presented as ``kind`` (cookie or bearer), or 401."""
    row = AccountRepository(session).live_session(token_hash(settings, token), utcnow())
    if row is None or row.kind != kind or not row.user_active:
        raise NotAuthenticated()
    return row


def logout(session: Session, settings: Settings, actor: Actor, token: str) -> None:
    AccountRepository(session).revoke_session(token_hash(settings, token), utcnow())
    audit.record(session, actor, "logout", "user", actor.user_id or 0)


def create_user(session: Session, settings: Settings, actor: Actor, data: UserCreate) -> User:
    if data.department is not None and data.department not in DEPARTMENTS:
        raise InvalidInput([FE("body.department", f"未知部门，可选：{'、'.join(DEPARTMENTS)}", "Unknown department.")])
    repository = AccountRepository(session)
    user = User(
        username=data.username,
        password_hash=hash_password(settings, data.password),
        role=data.role,
        display_name=data.display_name,
        department=data.department,
        person_id=data.person_id,
        enterprise_id=data.enterprise_id,
        is_active=True,
    )
    try:
        with session.begin_nested():
            repository.add(user)
            repository.flush()
    except IntegrityError:
        raise Conflict(
            "用户名或身份证号已被使用。", "The username or person ID is already taken.", code="user_exists"
        ) from None
    audit.record(session, actor, "user.create", "user", user.id, role=user.role, username=user.username)
    return user
