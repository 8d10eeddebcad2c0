"""Schemathesis over the OpenAPI description, in-process and bounded: no input makes a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from tests.helpers import People
from yinren.config import Settings
from yinren.db import Database

EXAMPLES = 6


@pytest.fixture(scope="module")
def served(sqlite_template, tmp_path_factory):  # type: ignore[no-untyped-def]
    import shutil

    from fastapi.testclient import TestClient

    from yinren.app import create_app

    path = tmp_path_factory.mktemp("schemathesis") / "yinren.db"
    shutil.copy(sqlite_template, path)
    config = Settings(
        database_url=f"sqlite:///{path}",
        secret_key="test-secret-key",
        cookie_secure=False,
        argon2_time_cost=1,
        argon2_memory_cost=1024,
        argon2_parallelism=1,
        login_max_failures=10_000,
        login_max_failures_per_ip=10_000,
    )
    database = Database.from_settings(config)
    app = create_app(config, database)
    with TestClient(app) as client:
        people = People(database, config, client)
        roles = {
            role: people.login(role, department="市人社局" if role in ("reviewer", "department_head") else None)
            for role in ("resident", "employer", "reviewer", "department_head", "supervisor", "admin")
        }
        yield app, {role: person.headers for role, person in roles.items()}
    database.dispose()


def _role_for(path: str) -> str:
    if path.startswith("/api/applications") or path.endswith(("/accept", "/decline")):
        return "resident"
    if path.startswith("/api/review") or path.endswith(("/confirm", "/withdraw")):
        return "reviewer"
    if path.startswith(("/api/supervision", "/api/audit")):
        return "supervisor"
    return "admin"


def _fuzz(operation, auth: dict[str, str], failures: list[str]) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(headers=auth)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")

    run()


def test_no_input_makes_a_server_error(served) -> None:  # type: ignore[no-untyped-def]
    app, headers = served
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/auth/logout":
            continue  # would end the sessions the other operations use
        operations += 1
        _fuzz(operation, headers[_role_for(operation.path)], failures)
    assert operations >= 30
    assert not failures, "\n".join(failures[:20])


def test_every_integer_parameter_is_bounded(served) -> None:  # type: ignore[no-untyped-def]
    """An unbounded integer reaches the database driver and overflows it (a 500 schemathesis once found)."""
    app, _ = served
    schema = app.openapi()
    unbounded = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter.get("schema", {}).get("type") == "integer" and "maximum" not in parameter["schema"]
    ]
    assert unbounded == []


def _integers(schema: dict, where: str, components: dict):  # type: ignore[no-untyped-def,type-arg]
    """Every integer inside a JSON schema (properties, array items, anyOf branches, $refs), with its place."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from _integers(components[name], f"{where}<{name}>", components)
        return
    if schema.get("type") == "integer":
        yield where, schema
    for name, item in schema.get("properties", {}).items():
        yield from _integers(item, f"{where}.{name}", components)
    if isinstance(schema.get("items"), dict):
        yield from _integers(schema["items"], f"{where}[]", components)
    for branch in schema.get("anyOf", []):
        yield from _integers(branch, where, components)


def test_every_integer_in_a_request_body_is_bounded(served) -> None:  # type: ignore[no-untyped-def]
    app, _ = served
    schema = app.openapi()
    components = schema["components"]["schemas"]
    bodies = [
        (f"{method.upper()} {path}", operation["requestBody"]["content"][kind]["schema"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
        for kind in operation["requestBody"]["content"]
    ]
    unbounded = [
        place
        for route, body in bodies
        for place, integer in _integers(body, route, components)
        if "maximum" not in integer
    ]
    assert unbounded == []
