"""Book updates posted once, without a crash: a pass longer than the lease with a slow post and a
second replica, and a database that goes away while an update is being posted.

The clocks are real (the replica's runs ahead), posters take real time, and the outage test stops
and restarts a PostgreSQL server of its own, never the shared one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time

import pytest

from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.reminders.store import StoreUnavailable, open_store
from bot.reminders.unrecorded import Unrecorded
from bot.surfaces.slack.adapter import SlackSurface
from bot.updates.announce import announce, utc_now
from bot.updates.service import new_subscription
from bot.updates.store import UpdateStore
from tests.fault_kit import AcceptedThenHeld, SlowPoster, until
from tests.slack.conftest import settings_for, small_book
from tests.slack.fake_slack import FakeSlack
from tests.throwaway_pg import ThrowawayPostgres

from .books import book, earlier, suspended
from .conftest import RecordingPoster

BEFORE = book(suspended(201, "2023-09-18", earlier=(earlier(69, "2022-09"),)))
AFTER = book(suspended(202, "2023-10-02", earlier=(earlier(69, "2022-09"), earlier(201, "2023-09-18"))))
CHANGE = "suspended_officers/202@2023-10-02"


async def subscribed(updates: UpdateStore, channels: list[str]) -> None:
    """``channels`` follow the book, and the store has recorded BEFORE (the first pass is silent)."""
    since = utc_now() - dt.timedelta(minutes=1)
    for channel in channels:
        await updates.put_subscription(new_subscription(channel, "tester", since))
    await announce(updates, BEFORE, {}, utc_now())


@pytest.mark.asyncio
async def test_a_pass_longer_than_the_lease_keeps_its_slow_post_from_a_replica_whose_clock_runs_ahead(
    store_url: str,
) -> None:
    """Four channels, 1.4 s a post, the last one also held by the platform: the pass runs past
    the 6 s lease. A replica whose clock runs 4.4 s ahead looks 1.9 s into the last post (its
    timeout is half the lease, 3 s). Before claims were renewed during a post, that claim looked
    6.3 s old to the replica and it posted the update a second time; now the claim was renewed
    1.5 s into the post and the replica leaves it."""
    lease = dt.timedelta(seconds=6)
    mine, theirs = await open_store(store_url, lease=lease), await open_store(store_url, lease=lease)
    slow, other = SlowPoster(1.4, hold_at=4), RecordingPoster()
    ahead = dt.timedelta(seconds=4.4)

    def replica_clock() -> dt.datetime:
        return utc_now() + ahead

    try:
        ours, replica = UpdateStore(mine), UpdateStore(theirs)
        await subscribed(ours, ["console:a", "console:b", "console:c", "console:d"])
        started = time.monotonic()
        running = asyncio.create_task(announce(ours, AFTER, {"console": slow}, utc_now(), claimer="one"))
        await asyncio.wait_for(slow.holding.wait(), 30)  # the last post is in flight
        await until(lambda: time.monotonic() > slow.held_since + 0.5)
        late = await announce(
            replica, None, {"console": other}, replica_clock(), clock=replica_clock, claimer="two"
        )
        slow.release.set()
        report = await asyncio.wait_for(running, 30)
        took = time.monotonic() - started
        rows = await ours.ledger_rows([CHANGE])
    finally:
        await mine.close()
        await theirs.close()
    assert took > lease.total_seconds()
    assert other.posts == [] and late.deliveries == []
    channels = ["console:a", "console:b", "console:c", "console:d"]
    assert [c for c, _ in slow.posts] == ["a", "b", "c", "d"]
    assert [(d.channel, d.outcome) for d in report.deliveries] == [(c, "posted") for c in channels]
    assert sorted((channel, r.status, r.attempts) for (_, channel), r in rows.items()) == [
        (c, "posted", 1) for c in channels
    ]


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_an_update_accepted_while_the_database_is_down_is_recorded_when_it_returns(
    own_pg: ThrowawayPostgres, caplog: pytest.LogCaptureFixture
) -> None:
    """Slack holds the update behind a 429, accepts it, and the database has gone: the outcome is
    kept and recorded once PostgreSQL is back, the second channel is claimed only after that, a
    replica meanwhile gets one ``StoreUnavailable`` line, and after the lease it posts nothing."""
    caplog.set_level(logging.INFO, "figurebot")
    lease = dt.timedelta(seconds=6)
    mine, theirs = await open_store(own_pg.url, lease=lease), await open_store(own_pg.url, lease=lease)
    fake = FakeSlack()
    await fake.start()
    slack = SlackSurface(Router(shelf=Shelf(small_book())), settings_for(fake))
    poster = AcceptedThenHeld(slack)
    try:
        ours, replica = UpdateStore(mine), UpdateStore(theirs)
        await subscribed(ours, ["slack:T111/C1", "slack:T111/C2"])
        fake.rate_limit("chat.postMessage", retry_after=1)
        started = time.monotonic()
        first = asyncio.create_task(announce(ours, AFTER, {"slack": poster}, utc_now(), claimer="mine"))
        await asyncio.wait_for(poster.accepted.wait(), 30)
        own_pg.stop()
        poster.release.set()
        await until(lambda: "not in the ledger yet" in caplog.text or first.done())
        assert not first.done(), f"the pass ended with the post unrecorded: {first.exception()!r}"
        with pytest.raises(StoreUnavailable, match=r"^cannot reach the store "):
            await announce(replica, None, {"slack": RecordingPoster()}, utc_now(), claimer="replica")
        await until(lambda: time.monotonic() - started > lease.total_seconds() + 0.5)  # past the lease
        assert len(poster.refs) == 1 and not first.done()
        own_pg.start()
        report = await asyncio.wait_for(first, 60)
        late = RecordingPoster()
        after = await announce(replica, AFTER, {"slack": late}, utc_now(), claimer="replica")
        rows = await ours.ledger_rows([CHANGE])
    finally:
        await mine.close()
        await theirs.close()
        await slack.stop()
        await fake.stop()
    posted = fake.calls_to("chat.postMessage")
    assert [c.args["channel"] for c in posted] == ["C1", "C1", "C2"]  # the 429'd try, its retry, C2
    assert [(d.channel, d.outcome, d.recorded) for d in report.deliveries] == [
        ("slack:T111/C1", "posted", True),
        ("slack:T111/C2", "posted", True),
    ]
    assert after.deliveries == [] and late.posts == []
    assert {(channel, r.status, r.attempts) for (_, channel), r in rows.items()} == {
        ("slack:T111/C1", "posted", 1),
        ("slack:T111/C2", "posted", 1),
    }
    recorded = f"recorded update {CHANGE} to slack:T111/C1 ({poster.refs[0]}) once the store answered"
    assert recorded in caplog.text


@pytest.mark.asyncio
async def test_nothing_is_claimed_while_a_post_of_either_ledger_is_unrecorded(sqlite_url: str) -> None:
    """The process's one ``Unrecorded`` holds a reminder the database could not take: an update
    pass sharing it claims nothing until that reminder is written, then posts as usual."""
    store = await open_store(sqlite_url)
    database_back = False

    async def write_the_reminder() -> bool:
        if not database_back:
            raise StoreUnavailable("cannot reach the store: down for the test")
        return True

    held = Unrecorded(patience=0)
    try:
        updates = UpdateStore(store)
        await subscribed(updates, ["console:main"])
        kept = await held.record(
            "reminder", "reminder x to console:main", "ref-0", write_the_reminder, lambda: False
        )
        assert not kept and len(held) == 1
        poster = RecordingPoster()
        waiting = await announce(updates, AFTER, {"console": poster}, utc_now(), unrecorded=held)
        assert (waiting.recorded, waiting.deliveries, poster.posts) == ([], [], [])
        database_back = True
        done = await announce(updates, AFTER, {"console": poster}, utc_now(), unrecorded=held)
    finally:
        await store.close()
    assert len(held) == 0
    assert [(d.channel, d.outcome) for d in done.deliveries] == [("console:main", "posted")]
    assert [c for c, _ in poster.posts] == ["main"]
