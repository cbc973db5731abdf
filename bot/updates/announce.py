"""One pass: record what changed in the book, then post every pending change to every channel
subscribed before it was recorded: claim each (change, channel) → post one message per channel →
record.

Like the reminders' sweep, a pass is safe at any moment, as often as wanted and in several
processes at once: the claims in ``update_ledger`` decide who posts. The running bot calls it
after the batching window and every minute (retries, changes another process recorded); the
CLI's ``updates run`` calls it once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.core.context import UpdateSubscription
from bot.core.message import Message
from bot.facts.model import FactBook
from bot.reminders.claims import may_claim
from bot.reminders.store import process_identity
from bot.reminders.sweep import MAX_ATTEMPTS, Poster, channel_part, retry_delay
from bot.surfaces.base import ChannelGone
from bot.updates.changes import Found, settle
from bot.updates.store import Pending, UpdateClaim, UpdateStore
from bot.updates.wording import PageUrl, update_message

log = logging.getLogger("figurebot.updates")

UTC = dt.UTC
# A change not posted within this long (no process had the channel's platform connected) is
# dropped rather than posted as stale news.
HORIZON = dt.timedelta(days=7)


def utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


@dataclass(frozen=True)
class Delivery:
    channel: str
    changes: tuple[str, ...]  # update_states keys covered by the post
    outcome: str  # posted | failed | gone
    message: Message
    ref: str | None = None
    error: str | None = None


@dataclass
class PassReport:
    now: dt.datetime
    first: bool = False  # the store had recorded no book: this one was recorded silently
    recorded: list[Found] = field(default_factory=list)  # states new to the store this pass
    deliveries: list[Delivery] = field(default_factory=list)
    unserved: dict[str, int] = field(default_factory=dict)  # surface -> channels left for others

    @property
    def changes(self) -> list[Found]:
        return [f for f in self.recorded if f.change is not None]

    @property
    def posted(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.outcome == "posted"]


async def announce(
    store: UpdateStore,
    book: FactBook | None,
    posters: Mapping[str, Poster],
    now: dt.datetime,
    *,
    clock: Callable[[], dt.datetime] = utc_now,
    claimer: str | None = None,
    page_url: PageUrl | None = None,
    stopping: Callable[[], bool] = lambda: False,
    pace: float = 0.0,
) -> PassReport:
    """Record ``book`` (None: only deliver what is pending) and post what is due at ``now``."""
    report = PassReport(now.astimezone(UTC))
    if book is not None:
        report.first, report.recorded = await store.record(book, report.now)
        for found in report.changes:
            log.info("updates: %s %s", found.change.value if found.change else "", found.state.key)
    subs = await store.subscriptions()
    pending = await store.pending(report.now - HORIZON) if subs else []
    if not pending:
        return report
    rows = await store.ledger_rows({p.key for p in pending})
    by_surface: dict[str, list[tuple[UpdateSubscription, list[Pending]]]] = {}
    for sub in subs:
        todo = [
            p
            for p in pending
            if p.recorded_at >= sub.subscribed_at
            and may_claim(rows.get((p.key, sub.channel)), report.now, store.lease)
        ]
        if todo:
            by_surface.setdefault(channel_part(sub.channel)[0], []).append((sub, todo))
    runs = []
    for surface, work in by_surface.items():
        poster = posters.get(surface)
        if poster is None:
            # Not claimed: a process with this surface connected will post them.
            report.unserved[surface] = len(work)
            continue
        runs.append(
            _serve(
                store, poster, work, clock, claimer or process_identity(), page_url, stopping, pace, report
            )
        )
    await asyncio.gather(*runs)
    return report


async def _serve(
    store: UpdateStore,
    poster: Poster,
    work: Sequence[tuple[UpdateSubscription, list[Pending]]],
    clock: Callable[[], dt.datetime],
    claimer: str,
    page_url: PageUrl | None,
    stopping: Callable[[], bool],
    pace: float,
    report: PassReport,
) -> None:
    """One surface's channels, one after another (``pace`` seconds apart)."""
    for sub, todo in work:
        if stopping():
            return
        delivery = await deliver(store, poster, sub.channel, todo, clock, claimer, page_url)
        if delivery is not None:
            report.deliveries.append(delivery)
            if pace:
                await asyncio.sleep(pace)


async def deliver(
    store: UpdateStore,
    poster: Poster,
    channel: str,
    todo: Sequence[Pending],
    clock: Callable[[], dt.datetime],
    claimer: str,
    page_url: PageUrl | None = None,
) -> Delivery | None:
    """Claim ``todo`` for ``channel`` in order, post what was won as one message, record it.
    None when another process holds the channel's changes.

    Claims are taken oldest first and the first one lost ends the run: the process that won it
    is posting this channel's batch, so two replicas do not split one batch into two posts.
    """
    won: list[tuple[Pending, UpdateClaim]] = []
    for pending in todo:
        claim = await store.claim(pending.key, channel, clock(), claimer)
        if claim is None:
            break
        won.append((pending, claim))
    if not won:
        return None
    keys = tuple(p.key for p, _ in won)
    message = update_message(settle(p.update for p, _ in won), page_url)
    try:
        # Well inside the lease, so a hung post is failed and retried rather than re-claimed
        # by another process while it may still go through.
        ref = await asyncio.wait_for(
            poster.post(channel_part(channel)[1], message), store.lease.total_seconds() / 2
        )
    except ChannelGone as exc:
        reason = str(exc) or type(exc).__name__
        for _, claim in won:
            await store.record_gone(claim, reason)
        await store.remove_subscription(channel)
        log.warning("updates: %s is gone (%s); its subscription has ended", channel, reason)
        return Delivery(channel, keys, "gone", message, error=reason)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        failed_at = clock()
        last = max(claim.attempt for _, claim in won)
        for _, claim in won:
            retry_at = failed_at + retry_delay(claim.attempt) if claim.attempt < MAX_ATTEMPTS else None
            await store.record_failed(claim, error, retry_at)
        log.warning(
            "updates: posting %d change(s) to %s failed (attempt %d%s): %s",
            len(won),
            channel,
            last,
            "" if last < MAX_ATTEMPTS else ", giving up",
            error,
        )
        return Delivery(channel, keys, "failed", message, error=error)
    posted_at = clock()
    for _, claim in won:
        if not await store.record_posted(claim, ref, posted_at):
            log.warning("updates: %s to %s posted after its claim lapsed", claim.change, channel)
    log.info("updates: posted %s to %s (%s)", ", ".join(keys), channel, ref)
    return Delivery(channel, keys, "posted", message, ref=ref)
