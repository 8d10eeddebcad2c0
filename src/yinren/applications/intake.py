"""New applications that arrive together, written together: one transaction and one commit for all of them
(a group commit), like the commit that ends a request.

A new application costs a few statements of its own (its idempotency key, the ledger's receipts, the
row, its events) and, alone, a transaction around them: BEGIN, COMMIT with its WAL flush, the audit
lines' insert, two trips to the thread pool. Under load most of that is overhead shared by every request
of the moment, so each event loop keeps one queue: the first request waiting starts a round in a worker
thread, and the requests that arrive while it runs wait for the next round, up to `BATCH` together. A
lone request is written at once, as before; nothing waits for a timer.

Each request keeps its own answer. An expected refusal (bad facts, a reused key, a forbidden subject)
is raised before anything of that request is written, so it is answered to that request alone and the
others commit. Should the round's transaction fail (a database error, a failed commit), every request
of the round is written again alone, in its own transaction, so that no request is answered by
another's failure; a request whose first write did commit is then answered from its idempotency key.
A 201 is still sent only after its row is committed.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from ..db import Database
from ..kit.actor import Actor
from . import service
from .schemas import ApplicationCreate

BATCH = 32  # at most this many applications in one transaction


@dataclass(frozen=True, slots=True)
class _Request:
    actor: Actor
    data: ApplicationCreate
    header_key: str | None
    future: asyncio.Future[service.Created]


class _Queue:
    """One event loop's waiting requests and its round in flight (at most one)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.waiting: list[_Request] = []
        self.running = False
        self._drainer: asyncio.Task[None] | None = None  # held: the loop keeps only a weak reference

    async def create(self, actor: Actor, data: ApplicationCreate, header_key: str | None) -> service.Created:
        future: asyncio.Future[service.Created] = asyncio.get_running_loop().create_future()
        self.waiting.append(_Request(actor, data, header_key, future))
        if not self.running:
            self.running = True
            self._drainer = asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            await asyncio.sleep(0)  # one turn of the loop: requests already read join this round
            while self.waiting:
                batch, self.waiting = self.waiting[:BATCH], self.waiting[BATCH:]
                await self._round(batch)
        finally:
            self.running = False

    async def _round(self, batch: list[_Request]) -> None:
        try:
            outcomes = await run_in_threadpool(_write, self.database, batch)
        except BaseException as error:  # every request gets an answer: none is left waiting forever
            for request in batch:
                _settle(request.future, error)
            if not isinstance(error, Exception):
                raise
            return
        for request, outcome in zip(batch, outcomes, strict=True):
            _settle(request.future, outcome)


def _settle(future: asyncio.Future[service.Created], outcome: service.Created | BaseException) -> None:
    if future.done():  # the request was cancelled (its client left); its application stands
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _write(database: Database, batch: list[_Request]) -> list[service.Created | BaseException]:
    """The round's applications in one transaction; should it fail, each again in its own."""
    requests = [(request.actor, request.data, request.header_key) for request in batch]
    try:
        with database.transaction() as session:
            together: list[service.Created | BaseException] = [*service.create_many(session, requests)]
        return together
    except Exception as error:
        if len(batch) == 1:
            return [error]
    outcomes: list[service.Created | BaseException] = []
    for request in requests:
        try:
            with database.transaction() as session:
                outcomes.extend(service.create_many(session, [request]))
        except Exception as error:  # this request's own failure, answered to it alone
            outcomes.append(error)
    return outcomes


_QUEUES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, _Queue]] = weakref.WeakKeyDictionary()
_QUEUES_LOCK = threading.Lock()


def _queue(database: Database) -> _Queue:
    # One queue per event loop and database: a worker has one of each; tests start many apps and loops.
    loop = asyncio.get_running_loop()
    with _QUEUES_LOCK:
        queues = _QUEUES.setdefault(loop, {})
        queue = queues.get(id(database))
        if queue is None or queue.database is not database:
            queue = queues[id(database)] = _Queue(database)
        return queue


async def create(database: Database, actor: Actor, data: ApplicationCreate, header_key: str | None) -> service.Created:
    """`service.create` for one request, written with the others of the moment; raises its own refusal."""
    return await _queue(database).create(actor, data, header_key)
