from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from ..audit import service as audit
from ..db import SessionDep
from ..errors import YinrenError
from ..kit.params import Limit, Offset
from ..models import Role
from . import service
from .auth import AdminActor, CurrentActor, SettingsDep, clear_session_cookies, set_session_cookies
from .repository import AccountRepository
from .schemas import LoginRequest, SessionInfo, TokenResponse, UserCreate, UserRead

router = APIRouter(tags=["accounts"])


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/auth/login", response_model=SessionInfo, summary="Log in (browser session cookie + CSRF)")
def login(
    body: LoginRequest, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> SessionInfo:
    result = service.login(session, settings, body.username, body.password, _client_ip(request), "cookie")
    if isinstance(result, YinrenError):
        # Commit the failed attempt (it counts toward the rate limit), then answer with the refusal.
        session.commit()
        raise result
    set_session_cookies(response, settings, result)
    user = UserRead.model_validate(result.user)
    return SessionInfo(user=user, csrf_token=result.session.csrf_token, expires_at=result.session.expires_at)


@router.post("/auth/token", response_model=TokenResponse, summary="Get a bearer token (JSON clients)")
def token(body: LoginRequest, request: Request, session: SessionDep, settings: SettingsDep) -> TokenResponse:
    result = service.login(session, settings, body.username, body.password, _client_ip(request), "bearer")
    if isinstance(result, YinrenError):
        session.commit()
        raise result
    user = UserRead.model_validate(result.user)
    return TokenResponse(access_token=result.token, expires_at=result.session.expires_at, user=user)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="End this session")
def logout(
    actor: CurrentActor, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> Response:
    service.logout(session, settings, actor, request.state.session_token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookies(response)
    return response


@router.get("/auth/me", response_model=UserRead, summary="The logged-in user")
def me(actor: CurrentActor, session: SessionDep) -> UserRead:
    user = AccountRepository(session).user(actor.user_id or 0)
    return UserRead.model_validate(user)


@router.get("/admin/users", response_model=list[UserRead], summary="List accounts (admin)")
def list_users(
    actor: AdminActor,
    session: SessionDep,
    role: Role | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[UserRead]:
    users = AccountRepository(session).users(role.value if role else None, limit, offset)
    audit.record(session, actor, "read.users", "user", "list", ids=[user.id for user in users])
    return [UserRead.model_validate(user).masked() for user in users]


@router.post("/admin/users", response_model=UserRead, status_code=status.HTTP_201_CREATED, summary="Create an account")
def create_user(body: UserCreate, actor: AdminActor, session: SessionDep, settings: SettingsDep) -> UserRead:
    return UserRead.model_validate(service.create_user(session, settings, actor, body)).masked()
