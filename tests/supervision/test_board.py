"""The board on the demo data: the platform's own figures per measure, the measures' grid, the CLI."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def demo(db, settings):  # type: ignore[no-untyped-def]
    from yinren.demo.seed import seed

    seed(db, settings)
    return db


def test_platform_figures_come_from_its_own_tables(demo) -> None:  # type: ignore[no-untyped-def]
    from yinren.supervision import board

    with demo.transaction() as session:
        rows = {row.measure_id: row for row in board.indicators(session)}
    rent = rows["m10_graduate_rent"]
    # Demo: five rent applications past draft, June and July paid from applications, June paid from an offer.
    assert (rent.applications, rent.paid_entries, rent.beneficiaries) == (5, 3, 2)
    assert rent.paid_fen == 30_000 + 30_000 + 29_000
    assert rent.share_paid_without_application == pytest.approx(1 / 3, abs=1e-4)
    assert rent.average_days_to_payment is not None and rent.average_days_to_payment >= 0
    assert rows["m04_hiring_subsidy"].offers == 2  # offered and confirmed; declined and withdrawn left out
    assert rows["m02_sme_award"].paid_entries == 0 and rows["m02_sme_award"].average_days_to_payment is None


def test_the_grid_has_the_18_measures_with_the_worst_status_of_their_targets(demo) -> None:  # type: ignore[no-untyped-def]
    from yinren.supervision import board

    with demo.transaction() as session:
        result = board.board(session, date(2026, 11, 26))
    grid = {m.id: m for m in result.measures}
    assert len(grid) == 19 and grid["headline"].status == "red"  # 3,604,100 < 3,750,000 after 2025
    assert grid["m04"].status == "platform"  # money measure: tracked by the platform's figures
    assert grid["m07"].status == "red" and grid["m07"].counts["green"] == 1  # public rental met, affordable not
    statuses = {t.target.code: t for t in result.targets}
    assert statuses["m07-public-rental"].status == "green" and statuses["m07-public-rental"].rule == "met"
    assert statuses["m05-placements"].status == "green"
    assert statuses["m01-jobs"].rule == "no_final_report" and statuses["m01-jobs"].overdue is not None
    assert statuses["m05-platform"].overdue is None  # done: no more monthly reports


def test_the_cli_loads_the_targets(database_url) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from yinren.cli import _register, app

    _register()
    runner = CliRunner()
    first = runner.invoke(app, ["supervision", "load-targets", "--database-url", database_url])
    assert first.exit_code == 0, first.output
    assert "40 created" in first.output and "2 published" in first.output
    again = runner.invoke(app, ["supervision", "load-targets", "--database-url", database_url])
    assert "0 created, 0 changed, 40 unchanged" in again.output
