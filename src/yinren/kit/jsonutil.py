"""Fast JSON for the database's JSON columns: orjson, or the standard library for what it refuses."""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # integers past 64 bits, lone surrogates
        return json.dumps(value, default=str)
