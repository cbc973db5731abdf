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
from bot.reminders.posting import Claimant, ClaimLost, finish_all, post_under_claim
from bot.reminders.sweep import MAX_ATTEMPTS, Poster, channel_part, retry_delay
from bot.reminders.unrecorded import Unrecorded
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
    recorded: bool = True  # False: posted, but the ledger could not be written before stopping


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


@dataclass(frozen=True)
class _Pass(Claimant):
    store: UpdateStore
    page_url: PageUrl | None


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
    post_timeout: dt.timedelta | None = None,
    unrecorded: Unrecorded | None = None,
) -> PassReport:
    """Record ``book`` (None: only deliver what is pending) and post what is due at ``now``.

    The reminders' guarantees, through the same pieces: each claim is stamped by ``clock`` when it
    is made; a post is given ``post_timeout`` (default: half the lease) and its claims are renewed
    while it runs; a post the platform accepted while the database was away is kept in
    ``unrecorded`` (the process's, shared with its reminder sweeps) until the ledger has it, and
    nothing new is claimed meanwhile.
    """
    run = _Pass.of(
        store.lease,
        claimer=claimer,
        clock=clock,
        stopping=stopping,
        post_timeout=post_timeout,
        unrecorded=unrecorded,
        store=store,
        page_url=page_url,
    )
    report = PassReport(now.astimezone(UTC))
    if not await run.unrecorded.settle(stopping):
        return report  # the database is still away: claim nothing
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
        runs.append(_serve(run, poster, work, pace, report))
    await finish_all(runs)
    return report


async def _serve(
    run: _Pass,
    poster: Poster,
    work: Sequence[tuple[UpdateSubscription, list[Pending]]],
    pace: float,
    report: PassReport,
) -> None:
    """One surface's channels, one after another (``pace`` seconds apart)."""
    for sub, todo in work:
        if run.stopping():
            return
        if not await run.unrecorded.settle(run.stopping):
            return  # a post made earlier is still not in the ledger: claim nothing new
        delivery = await deliver(run, poster, sub.channel, todo)
        if delivery is not None:
            report.deliveries.append(delivery)
            if pace:
                await asyncio.sleep(pace)


async def deliver(run: _Pass, poster: Poster, channel: str, todo: Sequence[Pending]) -> Delivery | None:
    """Claim ``todo`` for ``channel`` in order, post what was won as one message, record it.
    None when another process holds the channel's changes.

    Claims are taken oldest first and the first one lost ends the run: the process that won it
    is posting this channel's batch, so two replicas do not split one batch into two posts.
    """
    store = run.store
    won: list[tuple[Pending, UpdateClaim]] = []
    for pending in todo:
        claim = await store.claim(pending.key, channel, run.clock(), run.claimer)
        if claim is None:
            break
        won.append((pending, claim))
    if not won:
        return None
    keys = tuple(p.key for p, _ in won)
    held = [claim for _, claim in won]
    message = update_message(settle(p.update for p, _ in won), run.page_url)

    async def renew() -> bool:
        now = run.clock()
        return all([await store.renew(claim, now) for claim in held])

    try:
        ref = await post_under_claim(
            poster.post(channel_part(channel)[1], message), renew, store.lease, run.post_timeout
        )
    except ClaimLost:
        log.warning("updates: %s to %s was taken over by another process mid-post", ", ".join(keys), channel)
        return None
    except ChannelGone as exc:
        reason = str(exc) or type(exc).__name__
        for claim in held:
            await store.record_gone(claim, reason)
        await store.remove_subscription(channel)
        log.warning("updates: %s is gone (%s); its subscription has ended", channel, reason)
        return Delivery(channel, keys, "gone", message, error=reason)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        failed_at = run.clock()
        last = max(claim.attempt for claim in held)
        for claim in held:
            retry_at = failed_at + retry_delay(claim.attempt) if claim.attempt < MAX_ATTEMPTS else None
            await store.record_failed(claim, error, retry_at)
        log.warning(
            "updates: posting %d change(s) to %s failed (attempt %d%s): %s",
            len(held),
            channel,
            last,
            "" if last < MAX_ATTEMPTS else ", giving up",
            error,
        )
        return Delivery(channel, keys, "failed", message, error=error)
    log.info("updates: posted %s to %s (%s)", ", ".join(keys), channel, ref)
    posted_at = run.clock()

    async def record() -> bool:
        return all([await store.record_posted(claim, ref, posted_at) for claim in held])

    recorded = await run.unrecorded.record(
        (keys, channel), f"update {', '.join(keys)} to {channel}", ref, record, run.stopping
    )
    return Delivery(channel, keys, "posted", message, ref=ref, recorded=recorded)
