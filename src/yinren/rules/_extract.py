"""Reading a city extract from a directory: one `<table>.parquet` or `<table>.csv` per table (spec section 2).

`read_extract` brings every value to the contract's type, names every value that does not convert
(rule `type`) and drops its row, then runs the rules of `_validate` on what converted. A CSV is read as
text and parsed like `parse_value` (ISO dates, true/false/1/0/是/否 in any case, integers, decimals,
surrounding blanks ignored, empty text as null); a Parquet column of another type is cast (a timestamp to
its date, a whole float to an integer, 0/1 to a boolean, text parsed as in a CSV). Problems keep the row
numbers of the files as given (1 = the first data row). `split_valid` then keeps only the rows without
any problem: nothing is half-loaded.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from ._schema import TABLES, Column, Kind, Table
from ._tables import Tables
from ._validate import (
    KIND_TEXT,
    Problem,
    format_value,
    make_problem,
    parse_failed_expr,
    parse_text_expr,
    problems_frame,
    strip_text_expr,
    validate_frames,
)

SUFFIXES = (".parquet", ".csv")
DROPPED_RULES = frozenset({"type"})  # rows with these problems are not in the Tables `read_extract` returns
_ROW = "__yinren_row"
_FAILED = "__yinren_failed:"
_SOURCE = "__yinren_source:"
_TEXT_DTYPES = (pl.String, pl.Categorical, pl.Enum)


# --------------------------------------------------------------------------- finding the files


def _sources(directory: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The file of each table, and problems with files that look like tables but are not usable."""
    found: dict[str, list[Path]] = defaultdict(list)
    problems = []
    for path in sorted(directory.iterdir()):
        lowered = path.name.lower()
        if path.name.startswith(".") or not any(suffix in lowered for suffix in SUFFIXES):
            continue
        stem, suffix = path.stem, path.suffix.lower()
        if path.is_file() and suffix in SUFFIXES and stem in TABLES:
            found[stem].append(path)
            continue
        close = difflib.get_close_matches(stem.split(".")[0].lower(), list(TABLES), n=1)
        problems.append(
            make_problem(
                stem,
                0,
                None,
                "unknown_table",
                path.name,
                file=path.name,
                hint_zh=f"（是否应为 {close[0]}？）" if close else f"（表名：{'、'.join(TABLES)}）",
                hint_en=f" (did you mean {close[0]}?)" if close else f" (tables: {', '.join(TABLES)})",
            )
        )
    sources = {}
    for name, paths in found.items():
        if len(paths) == 1:
            sources[name] = paths[0]
        else:
            problems.append(
                make_problem(name, 0, None, "ambiguous_source", None, files=" / ".join(path.name for path in paths))
            )
    return sources, problems


# --------------------------------------------------------------------------- reading one table


def _read(path: Path) -> pl.DataFrame:
    if path.suffix.lower() == ".parquet":
        return pl.read_parquet(path)
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.NoDataError:
        return pl.DataFrame()
    return frame.rename({name: name.strip() for name in frame.columns if name != name.strip()})


def _stages(column: Column, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """How a column stored as `dtype` becomes the contract's type, in three stages that each read the
    previous stage's columns: the source (text stripped), the value, and whether the value failed."""
    source_name = _SOURCE + column.name
    source, value_of = pl.col(source_name), pl.col(column.name)
    if isinstance(dtype, _TEXT_DTYPES):
        stripped = strip_text_expr(column, pl.col(column.name).cast(pl.String)).alias(source_name)
        return stripped, parse_text_expr(column, source), parse_failed_expr(column, source, value_of)
    target = column.dtype
    if dtype == target or dtype == pl.Null:
        value = source.cast(target)
    elif column.kind is Kind.DATE and isinstance(dtype, pl.Datetime):
        value = source.dt.date()
    elif column.kind is Kind.BOOL and dtype.is_integer():
        value = pl.when(source == 1).then(True).when(source == 0).then(False)
    elif column.kind is Kind.INT and dtype.is_float():
        value = pl.when(source == source.floor()).then(source).cast(pl.Int64, strict=False)
    elif column.kind in (Kind.INT, Kind.YUAN, Kind.NUMBER) and dtype.is_numeric():
        value = source.cast(target, strict=False)
    elif target == pl.String and dtype.is_integer():
        value = source.cast(pl.String)
    else:
        value = pl.lit(None, dtype=target)  # e.g. a date column stored as numbers: nothing converts
    return pl.col(column.name).alias(source_name), value, source.is_not_null() & value_of.is_null()


def _type_problems(table: Table, raw: pl.DataFrame, failed: pl.DataFrame) -> list[Problem]:
    """One `type` problem per cell that did not convert; `failed` holds the row and one flag per column."""
    found = []
    for index, column in enumerate(table.columns):
        flags = failed.get_column(_FAILED + column.name, default=None)
        if flags is None or not flags.any():
            continue
        expected_zh, expected_en = KIND_TEXT[column.kind]
        numbers = failed[_ROW].filter(flags)
        given = raw[column.name].gather(numbers - 1).to_list()
        for number, value in zip(numbers.to_list(), given, strict=True):
            problem = make_problem(
                table.name,
                number,
                column.name,
                "type",
                format_value(value),
                expected_zh=expected_zh,
                expected_en=expected_en,
            )
            found.append((number, index, problem))
    return [problem for _, _, problem in sorted(found, key=lambda item: (item[0], item[1]))]


def read_table(table: Table, path: Path) -> tuple[pl.DataFrame, pl.Series, list[Problem]]:
    """One table's file: the rows that parsed (contract types), their row numbers, and the problems found.

    A file that cannot be read or lacks a required column loads as an empty table.
    """
    empty = pl.DataFrame(schema=table.polars_schema), pl.Series(_ROW, [], dtype=pl.Int64)
    try:
        raw = _read(path)
    except (OSError, pl.exceptions.PolarsError, ValueError) as error:
        message = str(error).splitlines()[0] if str(error) else error.__class__.__name__
        return (*empty, [make_problem(table.name, 0, None, "unreadable", None, file=path.name, error=message)])
    missing = [column.name for column in table.columns if column.required and column.name not in raw.columns]
    if missing:
        return (*empty, [make_problem(table.name, 0, name, "missing_column", None) for name in missing])
    present = [column for column in table.columns if column.name in raw.columns]
    stages = [_stages(column, raw.schema[column.name]) for column in present]
    parsed = (
        raw.lazy()
        .select(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(_ROW), *(source for source, _, _ in stages))
        .with_columns(value.alias(column.name) for column, (_, value, _) in zip(present, stages, strict=True))
        .with_columns(
            failed.fill_null(False).alias(_FAILED + column.name)
            for column, (_, _, failed) in zip(present, stages, strict=True)
        )
        .collect()
    )
    any_failed = pl.any_horizontal(pl.col(f"^{_FAILED}.*$"))
    broken = parsed.filter(any_failed)
    problems = _type_problems(table, raw, broken) if broken.height else []
    kept = parsed.filter(~any_failed) if broken.height else parsed
    frame = kept.select(column.name for column in present)
    return frame, kept[_ROW], problems


def read_extract(directory: Path) -> tuple[Tables, list[Problem]]:
    """Every table of the extract in `directory`, and every problem: of the files, of parsing, of the rules.

    A table without a file is empty. Rows with a value that does not parse are left out of the Tables
    (their problems remain); rows that parse but break a rule stay in: `split_valid` takes them out.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise NotADirectoryError(f"not a directory: {directory}")
    sources, problems = _sources(directory)
    frames, numbers, found = {}, {}, []
    for name, table in TABLES.items():
        path = sources.get(name)
        if path is not None:
            frame, numbers[name], read_problems = read_table(table, path)
            frames[name] = Tables({name: frame})[name]  # the contract's columns, absent optional ones null
            found.extend(read_problems)
    found.extend(validate_frames(frames, numbers))
    order = {name: index for index, name in enumerate(TABLES)}
    # Table by table, then by row (stable: within a row the rules keep their order; no row has both
    # a `type` problem, which drops it, and a rule's).
    problems.extend(sorted(found, key=lambda problem: (order[problem.table], problem.row)))
    return Tables(frames), problems


# --------------------------------------------------------------------------- keeping the valid rows


def _original_numbers(frame: pl.DataFrame, dropped: Iterable[int], rejected: Iterable[int]) -> pl.Series:
    """The row number (in the table as given) of each row still in `frame`."""
    removed = sorted(set(dropped))
    given = frame.height + len(removed)  # rows in the table as given
    if max((*removed, *rejected), default=0) > given:
        raise ValueError("the problems do not belong to these tables (row numbers out of range)")
    everything = pl.int_range(1, given + 1, dtype=pl.Int64, eager=True)
    numbers = everything.filter(~everything.is_in(pl.Series(removed, dtype=pl.Int64).implode()))
    return numbers.alias(_ROW)


def split_valid(tables: Tables, problems: Sequence[Problem]) -> tuple[Tables, pl.DataFrame]:
    """The Tables without every row that has a problem, and the problems as a frame (the rejected rows).

    Row numbers are those of the tables as given to `read_extract`: rows with a `type` problem are
    already absent from its Tables, and counted as such. A problem of a whole table (row 0) leaves
    that table as it is (read_extract loaded it empty).
    """
    dropped: dict[str, list[int]] = defaultdict(list)
    rejected: dict[str, list[int]] = defaultdict(list)
    for problem in problems:
        if problem.row >= 1 and problem.table in TABLES:
            (dropped if problem.rule in DROPPED_RULES else rejected)[problem.table].append(problem.row)
    frames = {}
    for name in TABLES:
        frame = tables[name]
        if name in rejected:
            numbers = _original_numbers(frame, dropped.get(name, ()), rejected[name])
            bad = pl.Series(sorted(set(rejected[name])), dtype=pl.Int64)
            frame = frame.with_columns(numbers).filter(~pl.col(_ROW).is_in(bad.implode())).drop(_ROW)
        frames[name] = frame
    return Tables(frames), problems_frame(problems)


def write_problems_csv(problems: Iterable[Problem], path: Path) -> None:
    """The problems as a UTF-8 CSV with a byte-order mark, so that Excel shows the Chinese messages."""
    problems_frame(problems).write_csv(path, include_bom=True)


__all__ = [
    "DROPPED_RULES",
    "SUFFIXES",
    "read_extract",
    "read_table",
    "split_valid",
    "write_problems_csv",
]
