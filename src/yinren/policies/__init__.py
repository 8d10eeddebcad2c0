"""Policy packs: each city's measures as rules over the engine in `yinren.rules`."""

from __future__ import annotations

from functools import cache

from yinren.rules import Policy

__all__ = ["load_policy"]


@cache
def load_policy(name: str = "hohhot_2023") -> Policy:
    """The named policy pack (default: Hohhot's 18 measures of 2023)."""
    if name != "hohhot_2023":
        raise KeyError(f"unknown policy pack {name!r} / 未知政策包 {name!r}")
    from .hohhot_2023 import build_policy

    return build_policy()
