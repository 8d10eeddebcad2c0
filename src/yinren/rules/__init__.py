"""The rules engine: dated parameters, measures as named cited conditions, vectorised evaluation.

One code path serves one case (`check`) and a whole city (`evaluate` over `Tables`). Rule authors use
`Measure`, `Condition`, `ParameterView`, `Frame`, `Context` and the `dates`, `kernels` and `schema`
modules; the `checksums` module checks and makes ID numbers and credit codes; `describe`,
`parameters_named` and `display_value` show a measure's texts and parameters without a case; everything
else is private.

Reading a city: `read_extract(dir)` parses and validates every table (`Problem`s name table, row, column
and rule); `split_valid` keeps only whole good rows.

Errors:
    CaseError        a single case cannot be read (its `problems` name table, row, column and rule)
    EvaluationError  an evaluation cannot be made as asked (e.g. as_of before the policy)
    ParameterError   a parameter file or lookup is wrong
"""

from __future__ import annotations

from . import _checksums as checksums
from . import _dates as dates
from . import _kernels as kernels
from . import _schema as schema
from ._batch import check_many
from ._case import Case, CaseError, read_case
from ._check import CheckReport, check
from ._context import Context
from ._encode import Encoded, encode
from ._evaluate import Evaluation, EvaluationError, MeasureResult, evaluate
from ._explain import (
    ConditionOutcome,
    MeasureExplanation,
    ParameterUse,
    UnitExplanation,
    describe,
    explain,
    parameters_named,
)
from ._extract import SUFFIXES as EXTRACT_SUFFIXES
from ._extract import read_extract, split_valid, write_problems_csv
from ._frame import Frame
from ._labels import label
from ._measure import Condition, Measure, ParameterView
from ._params import Parameter, ParameterError, ParameterSet, display_value, format_fen, load_parameters
from ._policy import Policy, UnknownMeasure
from ._tables import Tables
from ._validate import Problem, validate, validate_row, validate_rows

__all__ = [
    "EXTRACT_SUFFIXES",
    "Case",
    "CaseError",
    "CheckReport",
    "Condition",
    "ConditionOutcome",
    "Context",
    "Encoded",
    "Evaluation",
    "EvaluationError",
    "Frame",
    "Measure",
    "MeasureExplanation",
    "MeasureResult",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "ParameterUse",
    "ParameterView",
    "Policy",
    "Problem",
    "Tables",
    "UnitExplanation",
    "UnknownMeasure",
    "check",
    "check_many",
    "checksums",
    "dates",
    "describe",
    "display_value",
    "encode",
    "evaluate",
    "explain",
    "format_fen",
    "kernels",
    "label",
    "load_parameters",
    "parameters_named",
    "read_case",
    "read_extract",
    "schema",
    "split_valid",
    "validate",
    "validate_row",
    "validate_rows",
    "write_problems_csv",
]
