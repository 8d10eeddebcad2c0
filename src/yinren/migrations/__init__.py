"""Alembic migrations, shipped with the package so that `yinren db upgrade` works when installed."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", "yinren:migrations")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` (default: the settings') to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def current(url: str | None = None) -> None:
    command.current(alembic_config(url), verbose=True)
