"""Shared request parameter types."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

# Row ids: positive and within BIGINT (SQLite's INTEGER), so no path can overflow the database driver.
Id = Annotated[int, Path(ge=1, le=9_223_372_036_854_775_807)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
