"""`yinren match` as a user runs it: exit status, the summary table, and no ids on the console."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import typer
from typer.core import TyperGroup
from typer.testing import CliRunner, Result

from yinren.cli import _register, app

from .conftest import PERIOD


def invoke(args: list[str]) -> Result:
    """Run the real `yinren` app; while another command module is still missing from the checkout,
    register this one alone (Typer then runs a lone command without its name)."""
    try:
        _register()
    except ImportError:
        importlib.import_module("yinren.cli._match")
    if not isinstance(typer.main.get_command(app), TyperGroup):
        args = args[1:]
    return CliRunner().invoke(app, args)


ID = re.compile(r"\b\d{17}[\dX]\b|\b[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\b")


def test_match_succeeds_and_prints_the_summary_without_ids(city_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = invoke(["match", str(city_dir), "--period", PERIOD, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "offers.parquet").is_file()
    assert "市人社局" in result.output and "合计 / total" in result.output
    assert "一次性扩岗补助" in result.output
    assert not ID.search(result.output), "ids are in the files, never on the console"


def test_rejected_rows_are_reported_and_the_run_succeeds(bad_city_dir: Path, tmp_path: Path) -> None:
    result = invoke(["match", str(bad_city_dir), "--period", PERIOD, "--out", str(tmp_path / "run"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "rejected.csv" in result.output
    assert not ID.search(result.output)


def test_a_missing_city_fails_with_status_1(tmp_path: Path) -> None:
    result = invoke(["match", str(tmp_path / "nowhere"), "--period", PERIOD, "--out", str(tmp_path / "run")])
    assert result.exit_code == 1
    assert "nowhere" in result.output
    assert not (tmp_path / "run").exists()


def test_usage_errors_fail_with_status_2(city_dir: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "run")
    assert invoke(["match", str(city_dir), "--period", "June", "--out", out]).exit_code == 2
    assert invoke(["match", str(city_dir), "--period", PERIOD, "--out", out, "--engine", "spark"]).exit_code == 2
    assert invoke(["match", str(city_dir), "--period", PERIOD, "--out", out, "--workers", "2"]).exit_code == 2
    assert not (tmp_path / "run").exists()
