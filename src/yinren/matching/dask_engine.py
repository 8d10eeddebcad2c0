"""The match on a Dask cluster: the city cut into parts (see `partition`), one task per part.

The driver reads and validates the city, scatters the broadcast tables to every worker once and each
part's own tables to one worker, and gathers each part's owned offers. Sorted in the canonical order,
they are the local engine's offers row for row.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl

from yinren.policies import load_policy
from yinren.rules import Tables, evaluate

from .offers import evaluation_offers
from .partition import Part, broadcast_frames, keep_owned, split

PartDone = Callable[[int, int], None]


def evaluate_part(
    own: dict[str, pl.DataFrame],
    broadcast: dict[str, pl.DataFrame],
    index: int,
    count: int,
    as_of: date,
    policy_name: str,
) -> pl.DataFrame:
    """One part's offers: every measure evaluated over the part's rows, only the owned units kept."""
    policy = load_policy(policy_name)
    evaluation = evaluate(Tables({**broadcast, **own}), as_of, policy=policy)
    return keep_owned(evaluation_offers(evaluation), index, count)


def evaluate_part_futures(
    own_names: list[str],
    own: list[pl.DataFrame],
    broadcast_names: list[str],
    broadcast: list[pl.DataFrame],
    index: int,
    count: int,
    as_of: date,
    policy_name: str,
) -> pl.DataFrame:
    """`evaluate_part` for frames sent as lists (Dask resolves the futures in them)."""
    return evaluate_part(
        dict(zip(own_names, own, strict=True)),
        dict(zip(broadcast_names, broadcast, strict=True)),
        index,
        count,
        as_of,
        policy_name,
    )


def local_parts(tables: Tables, as_of: date, policy_name: str, count: int) -> pl.DataFrame:
    """The partitioned evaluation in this process, part after part (for tests and debugging)."""
    broadcast = broadcast_frames(tables)
    frames = [
        evaluate_part(part.frames, broadcast, part.index, count, as_of, policy_name) for part in split(tables, count)
    ]
    return pl.concat(frames, how="vertical")


def _client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None  # type: ignore[no-untyped-call]
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers or 2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def match_on_dask(
    tables: Tables,
    as_of: date,
    *,
    policy_name: str = "hohhot_2023",
    scheduler: str | None = None,
    workers: int | None = None,
    partitions: int | None = None,
    on_part: PartDone | None = None,
) -> pl.DataFrame:
    """All owned offers of all parts, unsorted; `partitions` defaults to the cluster's worker threads."""
    from distributed import as_completed

    client, cluster = _client(scheduler, workers)
    try:
        threads = sum(client.nthreads().values()) or 1
        count = partitions or threads
        parts: list[Part] = split(tables, count)
        token = secrets.token_hex(4)
        # Lists, not dicts: a scattered dict's keys become the data's keys on the cluster, and every part
        # has a "persons". hash=False: random keys instead of hashing every frame's content.
        broadcast = broadcast_frames(tables)
        shared = dict(zip(broadcast, client.scatter(list(broadcast.values()), broadcast=True, hash=False), strict=True))
        futures = []
        for part in parts:
            own = dict(zip(part.frames, client.scatter(list(part.frames.values()), hash=False), strict=True))
            futures.append(
                client.submit(
                    evaluate_part_futures,
                    list(own),
                    list(own.values()),
                    list(shared),
                    list(shared.values()),
                    part.index,
                    count,
                    as_of,
                    policy_name,
                    key=f"yinren-part-{part.index}-of-{count}-{token}",
                )
            )
        results: dict[int, pl.DataFrame] = {}
        finished = as_completed(futures)  # type: ignore[no-untyped-call]
        for done, future in enumerate(finished, start=1):
            results[futures.index(future)] = future.result()
            if on_part is not None:
                on_part(done, count)
        return pl.concat([results[index] for index in range(count)], how="vertical")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
