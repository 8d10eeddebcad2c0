"""免申即享: match a whole city extract for a month, locally or on a Dask cluster.

`run_match` reads and validates the extract, evaluates every measure and writes offers, a summary, the
payment rosters per department and the rejected rows, all at once. Modules: `run` (the pipeline),
`offers` (the offers frame), `summary`, `rosters` and `xlsx` (the workbooks), `output` (atomic output),
`partition` and `dask_engine` (the Dask engine), `neighbourhood` (one subject's rows, for `check`).
"""

from __future__ import annotations

from .neighbourhood import Neighbourhoods, case_document
from .run import MatchError, MatchResult, run_match, stages
from .summary import Summary
from .summary import render as render_summary

__all__ = [
    "MatchError",
    "MatchResult",
    "Neighbourhoods",
    "Summary",
    "case_document",
    "render_summary",
    "run_match",
    "stages",
]
