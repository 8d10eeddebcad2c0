"""A Frame: named numpy columns of one length, read as attributes (`units.age`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]


class Frame(Mapping[str, Array]):
    __slots__ = ("_columns", "height")

    def __init__(self, columns: dict[str, Array], size: int | None = None) -> None:
        self._columns = columns
        self.height = size if size is not None else (len(next(iter(columns.values()))) if columns else 0)

    def __getattr__(self, name: str) -> Array:
        try:
            return self._columns[name]
        except KeyError:
            raise AttributeError(f"no column {name!r}; have {sorted(self._columns)}") from None

    def __getitem__(self, name: str) -> Array:
        return self._columns[name]

    def __contains__(self, name: object) -> bool:
        return name in self._columns  # Mapping's own tries the lookup and catches KeyError: slow when absent

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def take(self, index: npt.NDArray[np.int64]) -> Frame:
        return Frame({name: values[index] for name, values in self._columns.items()}, int(index.size))

    def filter(self, mask: npt.NDArray[np.bool_]) -> Frame:
        return self.take(np.flatnonzero(mask))

    def with_columns(self, **columns: Array) -> Frame:
        return Frame({**self._columns, **columns}, self.height)
