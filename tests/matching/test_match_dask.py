"""The Dask engine on a LocalCluster of two worker processes writes what the local engine writes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from yinren.matching import run_match
from yinren.matching.offers import sort_offers
from yinren.policies import load_policy

from .conftest import PERIOD

GENERATED = datetime(2024, 7, 1, 9, 0, 0)


@pytest.mark.slow
def test_dask_local_cluster_equals_local_engine(city_dir: Path, tmp_path: Path) -> None:
    local = run_match(city_dir, PERIOD, tmp_path / "local", generated_at=GENERATED)
    dask = run_match(city_dir, PERIOD, tmp_path / "dask", engine="dask", workers=2, generated_at=GENERATED)
    assert dask.engine == "dask" and local.engine == "local"
    assert local.offers > 1_000
    # The local engine writes its units' order, the Dask engine the canonical one: the same rows.
    left = pl.read_parquet(local.out / "offers.parquet")
    right = pl.read_parquet(dask.out / "offers.parquet")
    assert right.equals(sort_offers(left, load_policy()))
    assert dask.run_id == local.run_id
    assert sorted(dask.files) == sorted(local.files)
    for name in local.files:
        if name in ("offers.parquet", "manifest.json", "summary.json"):
            continue
        assert (dask.out / name).read_bytes() == (local.out / name).read_bytes(), name
    for name in ("manifest.json", "summary.json"):
        a = json.loads((local.out / name).read_text(encoding="utf-8"))
        b = json.loads((dask.out / name).read_text(encoding="utf-8"))
        assert a.pop("engine") == "local" and b.pop("engine") == "dask"
        assert a == b


@pytest.mark.slow
def test_yinren_match_on_a_running_scheduler(city_dir: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    from .test_match_cli import invoke

    local = run_match(city_dir, PERIOD, tmp_path / "local", generated_at=GENERATED)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        out = tmp_path / "dask"
        result = invoke(
            ["match", str(city_dir), "--period", PERIOD, "--out", str(out), "--engine", "dask", "--scheduler", address]
        )
        assert result.exit_code == 0, result.output
        assert len(cluster.scheduler.workers) == 2
    local_offers = sort_offers(pl.read_parquet(local.out / "offers.parquet"), load_policy())
    assert pl.read_parquet(out / "offers.parquet").equals(local_offers)
    assert (out / "summary.csv").read_bytes() == (local.out / "summary.csv").read_bytes()
