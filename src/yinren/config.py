"""One Settings object for the service, read from the environment (prefix ``YINREN_``) and ``.env``."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./var/yinren.db"


class Settings(BaseSettings):
    """Service settings; every field can be set as ``YINREN_<FIELD>`` (``DATABASE_URL`` also works)."""

    model_config = SettingsConfigDict(env_prefix="YINREN_", env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("YINREN_DATABASE_URL", "DATABASE_URL"),
    )
    db_pool_size: int = 10
    db_max_overflow: int = 20
    # Test each pooled connection with a round trip before lending it out. Off by default: it costs a
    # round trip per request, and without it a request meeting a connection broken by a database restart
    # is answered 503 (clients retry under their idempotency key) and the whole pool is renewed.
    db_pool_pre_ping: bool = False
    # The largest request body a route accepts (bytes), refused with 413 before it is read into memory or
    # spooled to disk: room for a form with several 10 MB documents. The offers import has its own.
    max_request_bytes: int = 48 * 1024 * 1024
    # PostgreSQL only: how often each worker seals newly committed audit lines into the hash chain
    # (seconds): the longest an audit line waits unsealed while the service runs.
    audit_seal_interval: float = 0.25
    # SQLite only: how long a writer waits for the database lock before giving up (seconds).
    sqlite_busy_timeout: float = 30.0

    # Keys the HMAC under which session tokens are stored. Read from ./var/secret.key when not given.
    secret_key: str = ""
    cookie_secure: bool = True
    cookie_samesite: str = "lax"
    session_hours: float = 12.0

    # Login rate limit: failures allowed per username (and per client address) in the window.
    login_max_failures: int = 5
    login_max_failures_per_ip: int = 50
    login_window_seconds: int = 900

    # argon2id cost; the defaults are argon2-cffi's RFC 9106 low-memory profile.
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 65536
    argon2_parallelism: int = 4

    # Where documents attached to applications are kept (by their sha256; see applications/documents.py).
    upload_dir: Path = Path("var/uploads")

    # For the crash test only: seconds to sleep before marking each ledger entry paid.
    pay_entry_delay: float = 0.0

    def resolved_secret_key(self) -> str:
        """The secret key: the setting, or one generated once and kept in ./var/secret.key."""
        if self.secret_key:
            return self.secret_key
        path = Path("var/secret.key")
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
