"""The APScheduler wiring, with a real AsyncIOScheduler."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio
import time_machine

from bot.core.context import Subscription
from bot.facts.model import FactBook
from bot.reminders.scheduler import CATCH_UP_JOB, ReminderScheduler
from bot.reminders.service import FixedBook, ReminderService
from bot.reminders.store import LedgerKey, Store, open_store

from .conftest import EVERARD, RecordingPoster, book, event

UTC = dt.UTC
EVERARD_6 = "6 years ago today: Sarah Everard was abducted and murdered by a serving Met officer"
KEY = LedgerKey("everard_abducted", "2027-03-03", "console:main")


@dataclass
class MutableShelf:
    """Stands for the app's Shelf: the current book, swapped on a facts reload."""

    book: FactBook


def subscription(channel: str = "console:main", time: dt.time = dt.time(9, 0)) -> Subscription:
    return Subscription(
        channel=channel,
        surface="console",
        workspace="",
        timezone="Europe/London",
        post_time=time,
        heads_up_days=(),
        subscribed_by="tester",
        subscribed_at=dt.datetime(2027, 1, 1, tzinfo=UTC),
    )


@pytest_asyncio.fixture
async def poster() -> AsyncIterator[RecordingPoster]:
    yield RecordingPoster()


@pytest.mark.asyncio
async def test_real_scheduler_fires_at_the_posting_time(sqlite_store: Store, poster: RecordingPoster) -> None:
    await sqlite_store.put_subscription(subscription())
    # Half a second before 09:00 London on the anniversary; the clock then runs on.
    with time_machine.travel(dt.datetime(2027, 3, 3, 8, 59, 59, 500_000, tzinfo=UTC), tick=True):
        scheduler = ReminderScheduler(sqlite_store, {"console": poster}, FixedBook(book(EVERARD)))
        await scheduler.start()
        try:
            await scheduler.settle()
            assert [r.due for r in scheduler.reports] == [0]  # the start-up sweep: not yet
            assert scheduler.job_ids() == [CATCH_UP_JOB, "reminders:slot:Europe/London:09:00"]
            for _ in range(100):
                if poster.posts:
                    break
                await asyncio.sleep(0.05)
            await scheduler.settle()
        finally:
            await scheduler.shutdown()
    assert poster.titles == [("main", EVERARD_6)]
    row = (await sqlite_store.ledger_rows())[KEY]
    assert row.status == "posted"
    assert (
        dt.datetime(2027, 3, 3, 9, 0, tzinfo=UTC)
        <= row.claimed_at
        < dt.datetime(2027, 3, 3, 9, 0, 5, tzinfo=UTC)
    )
    assert not scheduler.running


@pytest.mark.asyncio
async def test_start_up_sweep_catches_up_a_missed_time(sqlite_store: Store, poster: RecordingPoster) -> None:
    await sqlite_store.ensure_subscription(subscription())
    clock = lambda: dt.datetime(2027, 3, 3, 14, 0, tzinfo=UTC)  # noqa: E731
    scheduler = ReminderScheduler(sqlite_store, {"console": poster}, FixedBook(book(EVERARD)), clock=clock)
    await scheduler.start()
    await scheduler.settle()
    await scheduler.shutdown()
    assert poster.titles == [("main", EVERARD_6)]


@pytest.mark.asyncio
async def test_jobs_follow_subscriptions_and_the_book(sqlite_store: Store, poster: RecordingPoster) -> None:
    now = dt.datetime(2027, 3, 3, 12, 0, tzinfo=UTC)
    shelf = MutableShelf(book())
    scheduler = ReminderScheduler(sqlite_store, {"console": poster}, shelf, clock=lambda: now)
    service = ReminderService(sqlite_store, shelf, clock=lambda: now, on_change=scheduler.rebuild)
    await scheduler.start(ensure=[subscription("console:a")])
    try:
        assert scheduler.job_ids() == [CATCH_UP_JOB, "reminders:slot:Europe/London:09:00"]
        await service.subscribe(subscription("console:b", dt.time(18, 30)))
        assert scheduler.job_ids() == [
            CATCH_UP_JOB,
            "reminders:slot:Europe/London:09:00",
            "reminders:slot:Europe/London:18:30",
        ]
        await service.unsubscribe("console:a")
        assert scheduler.job_ids() == [CATCH_UP_JOB, "reminders:slot:Europe/London:18:30"]
        await scheduler.settle()
        assert poster.posts == []
        # The facts file gains an event dated today: the rebuild after a reload catches it up
        # for the channel whose time (09:00) has passed, not for the 18:30 one.
        await service.subscribe(subscription("console:a"))
        shelf.book = book(event("added", "2020-03-03", anniversary="the added event"))
        await scheduler.rebuild()
        await scheduler.settle()
        assert poster.titles == [("a", "7 years ago today: the added event")]
    finally:
        await scheduler.shutdown()


@pytest.mark.asyncio
async def test_shutdown_finishes_and_records_the_post_in_flight(
    sqlite_store: Store, poster: RecordingPoster
) -> None:
    await sqlite_store.put_subscription(subscription("console:a"))
    await sqlite_store.put_subscription(subscription("console:b"))
    poster.gate = asyncio.Event()
    clock = lambda: dt.datetime(2027, 3, 3, 9, 5, tzinfo=UTC)  # noqa: E731
    scheduler = ReminderScheduler(sqlite_store, {"console": poster}, FixedBook(book(EVERARD)), clock=clock)
    await scheduler.start()
    await asyncio.wait_for(poster.entered.wait(), 5)
    stopping = asyncio.create_task(scheduler.shutdown(wait=True))
    await asyncio.sleep(0.05)
    assert not stopping.done()  # waiting for the post in flight
    poster.gate.set()
    await asyncio.wait_for(stopping, 5)
    rows = await sqlite_store.ledger_rows()
    assert [(k.channel, r.status) for k, r in rows.items()] == [("console:a", "posted")]  # b never claimed
    assert poster.titles == [("a", EVERARD_6)]


@pytest.mark.asyncio
async def test_start_twice_is_refused(sqlite_store: Store) -> None:
    scheduler = ReminderScheduler(sqlite_store, {}, FixedBook(book()))
    await scheduler.start()
    try:
        with pytest.raises(RuntimeError, match="already running"):
            await scheduler.start()
    finally:
        await scheduler.shutdown()


@pytest.mark.asyncio
async def test_misfire_and_coalesce_are_set_explicitly(sqlite_store: Store) -> None:
    await sqlite_store.put_subscription(subscription())
    scheduler = ReminderScheduler(sqlite_store, {}, FixedBook(book()))
    await scheduler.start()
    try:
        jobs = scheduler._scheduler.get_jobs()  # the library's own view of what it will run
        assert {(j.id, j.coalesce, j.misfire_grace_time, j.max_instances) for j in jobs} == {
            (CATCH_UP_JOB, True, 3600, 1),
            ("reminders:slot:Europe/London:09:00", True, 3600, 1),
        }
        slot = scheduler._scheduler.get_job("reminders:slot:Europe/London:09:00")
        assert str(slot.trigger.timezone) == "Europe/London"
        assert slot.trigger.get_next_fire_time(
            None, dt.datetime(2027, 3, 3, 9, 30, tzinfo=UTC)
        ) == dt.datetime(2027, 3, 4, 9, 0, tzinfo=slot.trigger.timezone)
    finally:
        await scheduler.shutdown()


@pytest.mark.asyncio
async def test_a_sweep_failing_on_a_database_that_is_away_logs_one_line_per_attempt(
    sqlite_store: Store, poster: RecordingPoster, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler = ReminderScheduler(sqlite_store, {"console": poster}, FixedBook(book(EVERARD)))
    await scheduler.start()
    await scheduler.settle()
    # From now on the store points at a server that is not there (nothing listens on port 1).
    scheduler.store = await open_store("postgresql+asyncpg://postgres@127.0.0.1:1/test", create=False)
    caplog.clear()

    def failures() -> list[str]:
        return [r.getMessage() for r in caplog.records if "sweep failed" in r.getMessage()]

    try:
        for attempt in (1, 2):
            scheduler._scheduler.get_job(CATCH_UP_JOB).modify(next_run_time=dt.datetime.now(UTC))
            for _ in range(500):
                if len(failures()) >= attempt:
                    break
                await asyncio.sleep(0.02)
            await scheduler.settle()
    finally:
        await scheduler.shutdown()
        await scheduler.store.close()
    one_line = (
        "reminders: sweep failed: cannot reach the store postgresql+asyncpg://postgres@127.0.0.1:1/test"
    )
    assert len(failures()) == 2 and all(f.startswith(one_line) and "\n" not in f for f in failures())
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == failures()
    assert not any(r.exc_info for r in caplog.records)  # no traceback, from us or from APScheduler
