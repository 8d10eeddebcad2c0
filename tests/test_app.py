"""The application as a whole: request bodies larger than a route allows."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.helpers import application_body

LIMIT = 20_000


@pytest.fixture
def settings(settings):  # type: ignore[no-untyped-def]
    return settings.model_copy(update={"max_request_bytes": LIMIT})


def _too_large(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "request_too_large"
    assert "过大" in error["message_zh"] and "too large" in error["message_en"]


def test_a_body_declared_too_large_is_refused_before_it_is_read(client, people) -> None:
    resident = people.login("resident")
    body = application_body(resident, attachments=[{"name": "x" * 100, "note": "y" * 30_000}], submit=True)
    content = json.dumps(body).encode()
    assert len(content) > LIMIT
    headers = {**resident.headers, "Content-Type": "application/json"}
    _too_large(client.post("/api/applications", content=content, headers=headers))
    assert client.get("/api/applications", headers=resident.headers).json() == []  # nothing half-stored
    small = application_body(resident, submit=True)
    assert client.post("/api/applications", json=small, headers=resident.headers).status_code == 201


def test_a_body_sent_without_a_length_is_cut_off_at_the_limit(client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"as_of": "2024-06-30", "person": {"note": "'
        for _ in range(LIMIT // 1000 + 1):
            yield b"x" * 1000
        yield b'"}}'

    _too_large(client.post("/api/check", content=chunks(), headers={"Content-Type": "application/json"}))


def test_a_page_gets_the_refusal_as_a_page(client) -> None:
    response = client.post("/login", data={"username": "x" * LIMIT, "password": "y"}, headers={"Accept": "text/html"})
    assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
    assert "请求内容过大" in response.text


def test_the_offers_import_has_a_larger_allowance(client) -> None:
    files = {"file": ("offers.parquet", b"\0" * (LIMIT * 2), "application/octet-stream")}
    response = client.post("/api/offers/import", files=files)
    assert response.status_code == 401  # read past the default limit, then refused for who is asking
