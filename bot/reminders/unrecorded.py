"""Posts a platform accepted while the ledger could not be written: kept until it can.

A post the platform took must reach the ledger, or after the lease another process would claim
the row again and post a second time. So when recording fails because the database is away, the
outcome is held here and written as soon as the database answers; until then the process claims
nothing new (reminder sweeps and update passes wait on ``settle`` before every claim). One
``Unrecorded`` is shared by everything in a process that posts under a claim: reminders and book
updates use the same database, so while one ledger cannot be written neither can the other.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from bot.reminders.store import StoreUnavailable

log = logging.getLogger("figurebot.ledger")

FIRST_RETRY = 0.25  # seconds; doubled after each failed attempt, up to MAX_RETRY
MAX_RETRY = 5.0

# Writes a post's outcome into its ledger; False when the claim had lapsed (another process took
# it over), which is logged but is no reason to try again.
Write = Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class Held:
    what: str  # for the log: "reminder everard_abducted 2027-03-03 to slack:T01/C01"
    ref: str  # the platform's reference of the post
    write: Write


class Unrecorded:
    """``patience``: seconds to keep trying before giving up (None: until the process stops)."""

    def __init__(self, patience: float | None = None) -> None:
        self.patience = patience
        self._held: dict[Hashable, Held] = {}
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._held)

    async def record(
        self, key: Hashable, what: str, ref: str, write: Write, stopping: Callable[[], bool]
    ) -> bool:
        """Write the outcome of a post the platform accepted. When the database is away, hold it
        and wait for the database (``settle``). True once it is in the ledger."""
        try:
            lapsed = not await write()
        except StoreUnavailable:
            # The platform has it: the ledger must get it too, before this process claims anything.
            self._held[key] = Held(what, ref, write)
            return await self.settle(stopping)
        if lapsed:
            log.warning("%s posted after its claim lapsed", what)
        return True

    async def settle(self, stopping: Callable[[], bool] = lambda: False) -> bool:
        """Record everything held, retrying while the database is away. True once nothing is
        held; False when stopping (or out of patience) with outcomes still unrecorded."""
        async with self._lock:
            started, delay = time.monotonic(), FIRST_RETRY
            while self._held:
                try:
                    await self._flush()
                except StoreUnavailable as exc:
                    waited = time.monotonic() - started
                    out_of_patience = self.patience is not None and waited >= self.patience
                    if stopping() or out_of_patience:
                        for held in self._held.values():
                            log.error(
                                "%s was posted (%s) but is not in the ledger: %s; "
                                "after the lease it may be posted again",
                                held.what,
                                held.ref,
                                exc,
                            )
                        return False
                    if delay == FIRST_RETRY:
                        log.warning(
                            "%d post(s) the platform accepted not in the ledger yet; retrying: %s",
                            len(self._held),
                            exc,
                        )
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, MAX_RETRY)
            return True

    async def _flush(self) -> None:
        for key, held in list(self._held.items()):
            if not await held.write():
                log.warning("%s posted after its claim lapsed", held.what)
            del self._held[key]
            log.info("recorded %s (%s) once the store answered", held.what, held.ref)
