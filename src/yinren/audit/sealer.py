"""Each worker's sealer: links newly committed audit lines into the hash chain, a moment after commit.

Only on PostgreSQL, where writers append unsealed lines without waiting for one another (on SQLite the
writing transaction seals its own lines). Several workers' sealers may run: whichever finds the head
locked leaves the work to the one holding it.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from ..db import Database
from .service import SEAL_LIMIT, seal

logger = logging.getLogger(__name__)


class Sealer:
    def __init__(self, database: Database, interval: float) -> None:
        self.database = database
        self.interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="yinren-audit-sealer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop, after sealing what the service wrote until now."""
        self._stopping.set()
        self._thread.join()
        self.seal_once(wait=True)

    def seal_once(self, *, wait: bool = False) -> int:
        """Seal what is waiting (in rounds while a round comes back full); how many lines."""
        sealed = 0
        try:
            while True:
                with self.database.transaction() as session:
                    count = seal(session, wait=wait)
                sealed += count
                if count < SEAL_LIMIT:
                    return sealed
        except SQLAlchemyError as error:  # the database is away: the lines wait for the next round
            logger.warning("audit sealing failed, will retry: %s", error)
        except Exception:  # a defect: keep sealing what can be sealed, and say so loudly
            logger.exception("audit sealing failed")
        return sealed

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.seal_once()
