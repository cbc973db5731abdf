"""Posted once, without a crash: slow sweeps and slow posts against a second replica, posts that
never answer, and a database that goes away while a post is in flight.

The clocks are real: each replica's sweep moment is a fixed day plus the real time elapsed, and
posters take real time. The outage test stops and restarts a PostgreSQL server of its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Mapping

import pytest

from bot.core.context import Subscription
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.reminders.calendar import AnniversaryIndex
from bot.reminders.store import LedgerKey, Store, StoreUnavailable, open_store
from bot.reminders.sweep import Poster, SweepReport, sweep
from bot.reminders.unrecorded import Unrecorded
from bot.surfaces.slack.adapter import SlackSurface
from tests.fault_kit import AcceptedThenHeld, SlowPoster, until
from tests.slack.conftest import settings_for, small_book
from tests.slack.fake_slack import FakeSlack
from tests.throwaway_pg import ThrowawayPostgres

from .conftest import EVERARD, RecordingPoster

UTC = dt.UTC
INDEX = AnniversaryIndex([EVERARD])
DAY = dt.datetime(2027, 3, 3, 9, 0, 30, tzinfo=UTC)  # Sarah Everard's anniversary, after 09:00 London


def subscription(channel: str) -> Subscription:
    return Subscription(
        channel=channel,
        surface=channel.partition(":")[0],
        workspace="",
        timezone="Europe/London",
        post_time=dt.time(9, 0),
        heads_up_days=(),
        subscribed_by="tester",
        subscribed_at=DAY - dt.timedelta(days=30),
    )


class RealClock:
    """DAY plus the real time since the test began; ``ahead`` skews one replica's clock."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, ahead: float = 0.0) -> dt.datetime:
        return DAY + dt.timedelta(seconds=time.monotonic() - self.start + ahead)

    def elapsed(self) -> float:
        return time.monotonic() - self.start


async def subscribe(url: str, channels: list[str]) -> None:
    setup = await open_store(url)
    try:
        for channel in channels:
            await setup.put_subscription(subscription(channel))
    finally:
        await setup.close()


@pytest.mark.asyncio
async def test_a_sweep_longer_than_the_lease_does_not_hand_its_last_claim_to_another_replica(
    store_url: str,
) -> None:
    """Before the fix every claim of a sweep carried the sweep's start time, so the third claim,
    made 3 s into a sweep with a 4 s lease, was stale 1 s later and the other replica took it."""
    lease = dt.timedelta(seconds=4)
    await subscribe(store_url, ["console:a", "console:b", "console:c"])
    first, second = await open_store(store_url, lease=lease), await open_store(store_url, lease=lease)
    clock = RealClock()
    slow, other = SlowPoster(1.5, hold_at=3), RecordingPoster()
    try:
        timeout = dt.timedelta(seconds=3.5)
        running = asyncio.create_task(
            sweep(first, INDEX, {"console": slow}, clock(), claimer="one", post_timeout=timeout)
        )
        await asyncio.wait_for(slow.holding.wait(), 30)  # the third post is in flight
        await until(lambda: clock.elapsed() > lease.total_seconds() + 0.2)
        late = await sweep(second, INDEX, {"console": other}, clock(), claimer="two")
        slow.release.set()
        report = await asyncio.wait_for(running, 30)
        rows = await first.ledger_rows()
    finally:
        await first.close()
        await second.close()
    assert other.posts == [] and late.deliveries == []
    assert sorted(c for c, _ in slow.posts) == ["a", "b", "c"]
    assert [d.outcome for d in report.deliveries] == ["posted"] * 3
    assert {(k.channel, r.status, r.claimed_by) for k, r in rows.items()} == {
        ("console:a", "posted", "one"),
        ("console:b", "posted", "one"),
        ("console:c", "posted", "one"),
    }


@pytest.mark.asyncio
async def test_a_slow_post_keeps_its_claim_against_a_replica_whose_clock_runs_ahead(store_url: str) -> None:
    """The claim is renewed while the post runs (a 429 wait, say): a replica whose clock is 1.5 s
    ahead sees a fresh claim, not one past its 2 s lease."""
    lease = dt.timedelta(seconds=2)
    await subscribe(store_url, ["console:a"])
    first, second = await open_store(store_url, lease=lease), await open_store(store_url, lease=lease)
    clock = RealClock()
    slow, other = SlowPoster(0.0, hold_at=1), RecordingPoster()
    try:
        running = asyncio.create_task(
            sweep(
                first,
                INDEX,
                {"console": slow},
                clock(),
                claimer="one",
                post_timeout=dt.timedelta(seconds=1.9),
            )
        )
        await asyncio.wait_for(slow.holding.wait(), 30)
        await until(lambda: clock.elapsed() > 1.2)
        late = await sweep(second, INDEX, {"console": other}, clock(ahead=1.5), claimer="two")
        slow.release.set()
        report = await asyncio.wait_for(running, 30)
    finally:
        await first.close()
        await second.close()
    assert late.deliveries == [] and other.posts == []
    assert [(d.outcome, d.ref) for d in report.deliveries] == [("posted", "ref-1")]


@pytest.mark.asyncio
async def test_a_post_that_never_answers_is_a_failure_within_the_timeout(sqlite_url: str) -> None:
    await subscribe(sqlite_url, ["console:a"])
    store = await open_store(sqlite_url, lease=dt.timedelta(seconds=4))
    hung = SlowPoster(0.0, hold_at=1)  # never released
    try:
        report = await asyncio.wait_for(
            sweep(store, INDEX, {"console": hung}, DAY, post_timeout=dt.timedelta(seconds=0.5)), 20
        )
        row = (await store.ledger_rows())[LedgerKey(EVERARD.id, "2027-03-03", "console:a")]
    finally:
        await store.close()
    assert [(d.outcome, d.error) for d in report.deliveries] == [
        ("failed", "TimeoutError: no answer from the platform within 0.5 s")
    ]
    assert (row.status, row.next_attempt_at is not None) == ("failed", True)


@pytest.mark.asyncio
async def test_a_post_accepted_while_the_database_is_down_is_recorded_when_it_returns(
    own_pg: ThrowawayPostgres, caplog: pytest.LogCaptureFixture
) -> None:
    """Slack holds the post behind a 429, accepts it, and the database has gone: the outcome is
    kept and recorded once PostgreSQL is back, nothing new is claimed meanwhile (not by the sweep
    in progress, not by the next one), and a replica sweeping after the lease posts nothing."""
    caplog.set_level(logging.INFO, "figurebot")
    url = own_pg.url
    lease = dt.timedelta(seconds=6)
    await subscribe(url, ["slack:T111/C1", "slack:T111/C2"])
    fake = FakeSlack()
    await fake.start()
    slack = SlackSurface(Router(shelf=Shelf(small_book())), settings_for(fake))
    poster = AcceptedThenHeld(slack)
    mine, replica = await open_store(url, lease=lease), await open_store(url, lease=lease)
    held = Unrecorded()
    clock = RealClock()

    def run(store: Store, posters: Mapping[str, Poster], name: str) -> Awaitable[SweepReport]:
        timeout = dt.timedelta(seconds=5)
        return sweep(store, INDEX, posters, clock(), claimer=name, post_timeout=timeout, unrecorded=held)

    try:
        fake.rate_limit("chat.postMessage", retry_after=1)
        first = asyncio.create_task(run(mine, {"slack": poster}, "mine"))
        await asyncio.wait_for(poster.accepted.wait(), 30)
        own_pg.stop()
        poster.release.set()
        await until(lambda: len(held) == 1)
        # Meanwhile: this process's next sweep waits and claims nothing; the replica cannot reach
        # the database at all.
        second = asyncio.create_task(run(mine, {"slack": poster}, "mine"))
        with pytest.raises(StoreUnavailable):
            await sweep(replica, INDEX, {"slack": RecordingPoster()}, clock(), claimer="replica")
        await until(lambda: clock.elapsed() > lease.total_seconds() + 0.5)  # the claim is past its lease
        assert len(poster.refs) == 1 and not first.done() and not second.done()
        own_pg.start()
        report = await asyncio.wait_for(first, 60)
        again = await asyncio.wait_for(second, 60)
        late = RecordingPoster()
        after = await sweep(replica, INDEX, {"slack": late}, clock(), claimer="replica")
        rows = await mine.ledger_rows()
    finally:
        await mine.close()
        await replica.close()
        await slack.stop()
        await fake.stop()
    posted = fake.calls_to("chat.postMessage")
    assert len(posted) == 3  # the 429'd attempt, its retry, and the second channel's post
    assert [c.args["channel"] for c in posted] == ["C1", "C1", "C2"]
    # The second channel is claimed only after the first post is in the ledger, by whichever of
    # this process's two sweeps gets to it first.
    deliveries = [(d.due.key.channel, d.outcome, d.recorded) for d in report.deliveries + again.deliveries]
    assert sorted(deliveries) == [("slack:T111/C1", "posted", True), ("slack:T111/C2", "posted", True)]
    assert after.deliveries == [] and late.posts == []
    assert {(k.channel, r.status, r.message_ref) for k, r in rows.items()} == {
        ("slack:T111/C1", "posted", poster.refs[0]),
        ("slack:T111/C2", "posted", poster.refs[1]),
    }
    assert (
        "1 post(s) the platform accepted not in the ledger yet; retrying: cannot reach the store"
        in caplog.text
    )
    assert "recorded reminder everard_abducted 2027-03-03 to slack:T111/C1" in caplog.text
