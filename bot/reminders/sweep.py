"""One sweep: find what is due, and for each reminder claim → post → record.

A sweep is safe to run at any moment, as often as wanted and in several processes at once: the
claim in the ledger decides who posts. Scheduled jobs, the start-up catch-up and the CLI's
``reminders run`` all call ``sweep``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.core.context import Subscription
from bot.core.message import Message
from bot.reminders.calendar import UTC, AnniversaryIndex
from bot.reminders.claims import may_claim
from bot.reminders.due import Due, due_reminders
from bot.reminders.posting import Claimant, ClaimLost, finish_all, post_under_claim
from bot.reminders.store import Store
from bot.reminders.unrecorded import Unrecorded
from bot.reminders.wording import reminder_message
from bot.surfaces.base import ChannelGone

log = logging.getLogger("figurebot.reminders")

MAX_ATTEMPTS = 6  # a post failing this often is left for a human (see `reminders` in the docs)


class Poster(Protocol):
    async def post(self, channel: str, message: Message) -> str: ...


def retry_delay(attempt: int) -> dt.timedelta:
    """Backoff after the ``attempt``-th failure: 1, 2, 4, 8, 16 minutes, then 30."""
    return dt.timedelta(minutes=min(2 ** (attempt - 1), 30))


@dataclass(frozen=True)
class Delivery:
    due: Due
    outcome: str  # posted | failed | gone
    message: Message
    ref: str | None = None
    error: str | None = None
    recorded: bool = True  # False: posted, but the ledger could not be written before stopping


@dataclass
class SweepReport:
    now: dt.datetime
    due: int = 0  # reminders due at ``now`` across all channels, settled or not
    deliveries: list[Delivery] = field(default_factory=list)
    unserved: dict[str, int] = field(default_factory=dict)  # surface -> due count with no poster here

    @property
    def posted(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.outcome == "posted"]


def channel_part(channel: str) -> tuple[str, str]:
    """``slack:T01/C01`` -> ``("slack", "T01/C01")``."""
    surface, _, rest = channel.partition(":")
    return surface, rest


async def sweep(
    store: Store,
    index: AnniversaryIndex,
    posters: Mapping[str, Poster],
    now: dt.datetime,
    *,
    claimer: str | None = None,
    only: Callable[[Subscription], bool] | None = None,
    stopping: Callable[[], bool] = lambda: False,
    pace: float = 0.0,
    post_timeout: dt.timedelta | None = None,
    unrecorded: Unrecorded | None = None,
) -> SweepReport:
    """Post everything due at ``now`` that no process has claimed; report what happened.

    Surfaces are served concurrently, each one sequentially (``pace`` seconds between posts), so
    a thousand channels never arrive at one platform at once. Each claim is stamped with the
    moment it is made (``now`` plus the time the sweep has run), so the claims of a long sweep are
    not born already past their lease. A post is given ``post_timeout`` (default: half the lease)
    and its claim is renewed while it runs. Outcomes the ledger could not take are kept in
    ``unrecorded`` (the process's, shared by its sweeps) and nothing new is claimed until they
    are written.
    """
    now = now.astimezone(UTC)
    started = time.monotonic()

    def clock() -> dt.datetime:
        return now + dt.timedelta(seconds=time.monotonic() - started)

    run = _Run.of(
        store.lease,
        claimer=claimer,
        clock=clock,
        stopping=stopping,
        post_timeout=post_timeout,
        unrecorded=unrecorded,
        store=store,
    )
    report = SweepReport(now)
    if not await run.unrecorded.settle(stopping):
        return report  # the database is still away: claim nothing
    subs = await store.subscriptions()
    if only is not None:
        subs = [s for s in subs if only(s)]
    dues = due_reminders(index, subs, now)
    report.due = len(dues)
    if not dues:
        return report
    rows = await store.ledger_rows({d.key.occurrence for d in dues})
    by_surface: dict[str, list[Due]] = {}
    for due in dues:
        if may_claim(rows.get(due.key), clock(), store.lease):
            by_surface.setdefault(channel_part(due.subscription.channel)[0], []).append(due)
    runs = []
    for surface, todo in by_surface.items():
        poster = posters.get(surface)
        if poster is None:
            # Not claimed: a process that has this surface connected will post it.
            report.unserved[surface] = len(todo)
            continue
        runs.append(_serve(run, poster, todo, pace, report))
    await finish_all(runs)
    return report


@dataclass(frozen=True)
class _Run(Claimant):
    store: Store


async def _serve(run: _Run, poster: Poster, todo: Sequence[Due], pace: float, report: SweepReport) -> None:
    gone: set[str] = set()
    for due in todo:
        if run.stopping():
            return
        if due.subscription.channel in gone:
            continue
        if not await run.unrecorded.settle(run.stopping):
            return  # a post made earlier is still not in the ledger: claim nothing new
        delivery = await deliver(run, poster, due)
        if delivery is None:
            continue
        report.deliveries.append(delivery)
        if delivery.outcome == "gone":
            gone.add(due.subscription.channel)
        if pace:
            await asyncio.sleep(pace)


async def deliver(run: _Run, poster: Poster, due: Due) -> Delivery | None:
    """Claim, post, record. None when the claim went to someone else (or is settled)."""
    store = run.store
    claimed_at = run.clock()
    claim = await store.claim(due.key, claimed_at, run.claimer)
    if claim is None:
        return None
    message = reminder_message(due.occurrence)
    channel = due.subscription.channel
    try:
        ref = await post_under_claim(
            poster.post(channel_part(channel)[1], message),
            lambda: store.renew(claim, run.clock()),
            store.lease,
            run.post_timeout,
        )
    except ClaimLost:
        log.warning("reminders: %s %s to %s was taken over by another process mid-post", *_key_parts(due))
        return None
    except ChannelGone as exc:
        reason = str(exc) or type(exc).__name__
        await store.record_gone(claim, reason, run.clock())
        await store.remove_subscription(channel)
        log.warning("reminders: %s is gone (%s); its subscription has ended", channel, reason)
        return Delivery(due, "gone", message, error=reason)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}".rstrip(": ")
        # The backoff counts from the attempt's start, so a retry's time does not depend on how
        # long the platform took to fail.
        retry_at = claimed_at + retry_delay(claim.attempt) if claim.attempt < MAX_ATTEMPTS else None
        await store.record_failed(claim, error, run.clock(), retry_at)
        log.warning(
            "reminders: posting %s %s to %s failed (attempt %d%s): %s",
            due.key.event_id,
            due.key.occurrence,
            channel,
            claim.attempt,
            f", retry after {retry_at:%H:%M} UTC" if retry_at else ", giving up",
            error,
        )
        return Delivery(due, "failed", message, error=error)
    log.info("reminders: posted %s %s to %s (%s)", *_key_parts(due), ref)
    posted_at = dt.datetime.now(UTC)
    recorded = await run.unrecorded.record(
        due.key,
        f"reminder {due.key.event_id} {due.key.occurrence} to {channel}",
        ref,
        lambda: store.record_posted(claim, ref, posted_at),
        run.stopping,
    )
    return Delivery(due, "posted", message, ref=ref, recorded=recorded)


def _key_parts(due: Due) -> tuple[str, str, str]:
    return due.key.event_id, due.key.occurrence, due.key.channel
