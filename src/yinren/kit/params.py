"""Shared request parameter types."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

# Row ids: positive and within BIGINT (SQLite's INTEGER), so no path or body can overflow the database driver.
MAX_ROW_ID = 9_223_372_036_854_775_807
Id = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]  # the same bound for ids inside a request body
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
