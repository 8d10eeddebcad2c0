from __future__ import annotations

from sqlalchemy import select

from tests.helpers import PASSWORD
from yinren.demo import facts
from yinren.models import User


def _login(client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/api/auth/login", json={"username": username, "password": password})


def test_cookie_session_needs_the_csrf_token_on_changes(client, people) -> None:
    document = facts.graduate(77, facts.enterprise_id(1))
    people.create("resident", username="cookie_user", person_id=document["person"]["person_id"])
    response = _login(client, "cookie_user")
    assert response.status_code == 200
    set_cookie = "\n".join(response.headers.get_list("set-cookie"))
    assert "yinren_session=" in set_cookie and "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie
    csrf = response.json()["csrf_token"]
    assert client.get("/api/auth/me").status_code == 200  # reads need no token
    body = {
        "measure_id": "m10_graduate_rent",
        "facts": document,
        "idempotency_key": "csrf-test-1",
        "as_of": "2024-06-30",
    }
    refused = client.post("/api/applications", json=body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    wrong = client.post("/api/applications", json=body, headers={"X-CSRF-Token": "not-it"})
    assert wrong.status_code == 403
    accepted = client.post("/api/applications", json=body, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 201, accepted.text


def test_tokens_are_accepted_only_the_way_they_were_issued(client, people) -> None:
    people.create("resident", username="bearer_user")
    token = client.post("/api/auth/token", json={"username": "bearer_user", "password": PASSWORD}).json()
    client.cookies.set("yinren_session", token["access_token"])
    assert client.get("/api/auth/me").status_code == 401
    client.cookies.clear()
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200 and me.json()["username"] == "bearer_user"


def test_passwords_are_argon2_hashes(db, people) -> None:
    people.create("supervisor", username="hashed_user")
    with db.transaction() as session:
        stored = session.scalars(select(User.password_hash).where(User.username == "hashed_user")).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_login_is_rate_limited(client, people) -> None:
    people.create("resident", username="target_user")
    for _ in range(5):
        assert _login(client, "target_user", "wrong password").status_code == 401
    limited = _login(client, "target_user")  # even the right password, until the window passes
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "900"
    assert limited.json()["error"]["message_en"].startswith("Too many failed logins")


def test_admin_creates_accounts_and_lists_them_masked(client, people) -> None:
    admin = people.login("admin")
    body = {
        "username": "new_resident",
        "password": "a long password",
        "role": "resident",
        "display_name": "新居民",
        "person_id": "11010519491231002X",
    }
    created = client.post("/api/admin/users", json=body, headers=admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["person_id"] == "110105********002X"
    again = client.post("/api/admin/users", json=body, headers=admin.headers)
    assert again.status_code == 409
    listed = client.get("/api/admin/users?role=resident", headers=admin.headers).json()
    assert "11010519491231002X" not in str(listed)
    bad = client.post(
        "/api/admin/users", json={**body, "username": "x2", "person_id": "110105194912310021"}, headers=admin.headers
    )
    assert bad.status_code == 422
    staff = {**body, "username": "nodept", "role": "reviewer", "person_id": None}
    assert client.post("/api/admin/users", json=staff, headers=admin.headers).status_code == 422
