"""Posts a platform accepted while the ledger could not be written: kept until it can.

A post the platform took must reach the ledger, or after the lease another sweep would claim the
row again and post a second time. So when recording fails because the database is away, the
outcome is held here and written as soon as the database answers; until then the process claims
nothing new (a sweep waits on ``settle`` before every claim). One ``Unrecorded`` is shared by all
the sweeps of a process.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.reminders.store import Claim, LedgerKey, Store, StoreUnavailable

log = logging.getLogger("figurebot.reminders")

FIRST_RETRY = 0.25  # seconds; doubled after each failed attempt, up to MAX_RETRY
MAX_RETRY = 5.0


@dataclass(frozen=True)
class Held:
    claim: Claim
    ref: str
    posted_at: dt.datetime


class Unrecorded:
    """``patience``: seconds to keep trying before giving up (None: until the process stops)."""

    def __init__(self, patience: float | None = None) -> None:
        self.patience = patience
        self._held: dict[LedgerKey, Held] = {}
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._held)

    def hold(self, claim: Claim, ref: str, posted_at: dt.datetime) -> None:
        self._held[claim.key] = Held(claim, ref, posted_at)

    def holds(self, key: LedgerKey) -> bool:
        return key in self._held

    async def settle(self, store: Store, stopping: Callable[[], bool] = lambda: False) -> bool:
        """Record everything held, retrying while the database is away. True once nothing is
        held; False when stopping (or out of patience) with outcomes still unrecorded."""
        async with self._lock:
            started, delay = time.monotonic(), FIRST_RETRY
            while self._held:
                try:
                    await self._flush(store)
                except StoreUnavailable as exc:
                    waited = time.monotonic() - started
                    out_of_patience = self.patience is not None and waited >= self.patience
                    if stopping() or out_of_patience:
                        for held in self._held.values():
                            log.error(
                                "reminders: %s %s to %s was posted (%s) but is not in the ledger: %s; "
                                "after the lease it may be posted again",
                                *_parts(held.claim.key),
                                held.ref,
                                exc,
                            )
                        return False
                    if delay == FIRST_RETRY:
                        log.warning(
                            "reminders: %d posted reminder(s) not in the ledger yet; retrying: %s",
                            len(self._held),
                            exc,
                        )
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, MAX_RETRY)
            return True

    async def _flush(self, store: Store) -> None:
        for key, held in list(self._held.items()):
            if not await store.record_posted(held.claim, held.ref, held.posted_at):
                log.warning("reminders: %s %s to %s posted after its claim lapsed", *_parts(key))
            del self._held[key]
            log.info("reminders: recorded %s %s to %s (%s) once the store answered", *_parts(key), held.ref)


def _parts(key: LedgerKey) -> tuple[str, str, str]:
    return key.event_id, key.occurrence, key.channel
