"""A live server with the demo data and Debian's Chromium driven by Playwright, for the page journeys.

Browser tests fail in CI when /usr/bin/chromium is missing (``make test`` installs it through
``make browser-deps``) and skip elsewhere. Playwright never downloads a browser here: it launches the
system's. Every journey saves phone (375 px) and desktop screenshots to ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import unavailable

CHROMIUM = os.environ.get("YINREN_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 860}
# As the machine's own probe starts it: no sandbox as root, and no calls home on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """uvicorn serving the app in a thread, on a migrated SQLite database seeded with the demo data."""

    def __init__(self, directory: Path) -> None:
        import uvicorn

        from yinren.app import create_app
        from yinren.config import Settings
        from yinren.db import Database
        from yinren.demo.seed import seed
        from yinren.migrations import upgrade

        url = f"sqlite:///{directory / 'yinren.db'}"
        upgrade(url)
        self.settings = Settings(
            database_url=url,
            secret_key="browser-test-key",
            cookie_secure=False,
            argon2_time_cost=1,
            argon2_memory_cost=8192,
            argon2_parallelism=1,
            login_max_failures=1000,
            login_max_failures_per_ip=10000,
            upload_dir=directory / "uploads",
        )
        self.database = Database.from_settings(self.settings)
        seed(self.database, self.settings)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(self.settings, self.database)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the live server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.database.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        unavailable(f"Debian's Chromium is not at {CHROMIUM} (sudo apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _context(browser: Any, live_server: LiveServer, phone: bool) -> Any:
    options: dict[str, Any] = {"base_url": live_server.url, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    if phone:
        options.update(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    else:
        options.update(viewport=DESKTOP)
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """``new_page(phone=False)``: more pages, each in a context of its own (another user, logged in apart)."""
    contexts: list[Any] = []

    def make(phone: bool = False) -> Any:
        context = _context(browser, live_server, phone)
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def phone(new_page: Any) -> Any:
    """A page in a 375-pixel-wide phone."""
    return new_page(phone=True)


@pytest.fixture
def desktop(new_page: Any) -> Any:
    """A page in a 1280-pixel-wide desktop window."""
    return new_page()


def login(page: Any, username: str, password: str = "yinren-demo-2024") -> None:
    """Log in through the login form, as a person would."""
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").last.click()
    page.wait_for_url(lambda url: "/login" not in url)


def shoot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as docs/screenshots/<name>.png (README shows them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_horizontal_scroll(page: Any) -> bool:
    """The page fits the phone's width (tables may scroll inside their own box)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
