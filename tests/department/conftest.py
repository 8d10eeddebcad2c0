"""Page tests without a browser: a TestClient per user, logged in through the login form (cookie + CSRF)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


@dataclass
class PageUser:
    client: TestClient
    csrf: str

    def get(self, url: str, **options: Any) -> Any:
        return self.client.get(url, **options)

    def post(self, url: str, data: dict[str, Any] | None = None, **options: Any) -> Any:
        body = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=body, follow_redirects=False, **options)


@pytest.fixture
def pages(client: TestClient) -> Iterator[Callable[[str], PageUser]]:
    """``pages(username)``: a page session of an existing user (made with ``people``)."""
    from fastapi.testclient import TestClient

    from tests.helpers import PASSWORD

    opened: list[TestClient] = []

    def login(username: str) -> PageUser:
        browser = TestClient(client.app)
        opened.append(browser)
        answer = browser.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        token = browser.cookies.get("yinren_csrf")
        assert token, "the login should set the readable CSRF cookie"
        return PageUser(browser, token)

    yield login
    for browser in opened:
        browser.close()
