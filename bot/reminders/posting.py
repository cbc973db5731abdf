"""A post made under a claim: bounded by a timeout well under the lease, its claim renewed while
it runs. Reminder sweeps and book-update passes post through ``post_under_claim``.

Why both: a claim older than the lease is taken to belong to a dead process and may be taken over,
so a post must never outlive its lease unnoticed. The timeout fails a post that hangs (it is
retried later) before the lease runs out; the renewals keep a legitimately slow post (a platform's
429 wait) from looking dead to a replica whose clock runs somewhat ahead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Self

from bot.reminders.store import StoreUnavailable, process_identity
from bot.reminders.unrecorded import Unrecorded

log = logging.getLogger("figurebot.ledger")

RENEWALS_PER_LEASE = 4  # a post's claim is renewed this often per lease while the post runs


@dataclass(frozen=True)
class Claimant:
    """What every delivery of one reminder sweep or update pass shares."""

    claimer: str  # host:pid, written into each claim
    clock: Callable[[], dt.datetime]  # stamps claims and renewals when they are made
    stopping: Callable[[], bool]
    post_timeout: float  # seconds, under the lease
    unrecorded: Unrecorded  # the process's posts not yet in a ledger

    @classmethod
    def of(
        cls,
        lease: dt.timedelta,
        *,
        claimer: str | None,
        clock: Callable[[], dt.datetime],
        stopping: Callable[[], bool],
        post_timeout: dt.timedelta | None,
        unrecorded: Unrecorded | None,
        **more: Any,
    ) -> Self:
        """With the defaults of every sweep and pass: this process's identity, half the lease
        for a post, an ``Unrecorded`` of its own. ``more``: the fields of a subclass."""
        return cls(
            claimer=claimer or process_identity(),
            clock=clock,
            stopping=stopping,
            post_timeout=post_timeout_of(lease, post_timeout),
            unrecorded=unrecorded if unrecorded is not None else Unrecorded(),
            **more,
        )


class ClaimLost(Exception):
    """Our claim was taken over while the post was still going on."""


def post_timeout_of(lease: dt.timedelta, given: dt.timedelta | None = None) -> float:
    """Seconds a post may take: ``given``, by default half the lease; always under the lease."""
    seconds = (given or lease / 2).total_seconds()
    if seconds >= lease.total_seconds():
        raise ValueError("the post timeout must be shorter than the lease")
    return seconds


async def post_under_claim(
    post: Coroutine[Any, Any, str],
    renew: Callable[[], Awaitable[bool]],
    lease: dt.timedelta,
    timeout: float,
) -> str:
    """Run ``post`` within ``timeout`` seconds, calling ``renew`` (False: the claim is no longer
    ours) every quarter of the lease meanwhile. Raises ClaimLost when the claim was taken over,
    TimeoutError when the platform did not answer in time."""
    posting = asyncio.ensure_future(post)
    renewing = asyncio.ensure_future(_renew(renew, lease.total_seconds() / RENEWALS_PER_LEASE))
    try:
        done, _ = await asyncio.wait(
            {posting, renewing}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if posting in done:
            return posting.result()
        if renewing in done:
            raise ClaimLost()
        raise TimeoutError(f"no answer from the platform within {timeout:g} s")
    finally:
        for task in (posting, renewing):
            task.cancel()
        await asyncio.gather(posting, renewing, return_exceptions=True)


async def _renew(renew: Callable[[], Awaitable[bool]], interval: float) -> None:
    """Returns only when the claim is found to be someone else's."""
    while True:
        await asyncio.sleep(interval)
        try:
            if not await renew():
                return
        except StoreUnavailable as exc:
            # Nobody can take the claim over while the database is away either.
            log.debug("could not renew a claim: %s", exc)


async def finish_all(runs: list[Coroutine[Any, Any, None]]) -> None:
    """Run every surface's deliveries to the end, then raise the first error: a surface whose
    neighbour failed still finishes what it holds (a post made must be recorded)."""
    errors = [e for e in await asyncio.gather(*runs, return_exceptions=True) if isinstance(e, BaseException)]
    if errors:
        raise errors[0]
