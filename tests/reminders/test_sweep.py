"""The sweep: due → claim → post → record, across restarts, replicas, DST and failures."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest

from bot.core.context import Subscription
from bot.reminders.calendar import AnniversaryIndex
from bot.reminders.store import LedgerKey, Store, open_store
from bot.reminders.sweep import retry_delay, sweep

from .conftest import CASEY, EVERARD, ChannelGone, RecordingPoster, event

UTC = dt.UTC
INDEX = AnniversaryIndex([EVERARD, CASEY])
EVERARD_5 = "6 years ago today: Sarah Everard was abducted and murdered by a serving Met officer"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def subscription(
    channel: str = "console:main",
    *,
    zone: str = "Europe/London",
    time: dt.time = dt.time(9, 0),
    heads_up: tuple[int, ...] = (),
) -> Subscription:
    return Subscription(
        channel=channel,
        surface=channel.partition(":")[0],
        workspace="",
        timezone=zone,
        post_time=time,
        heads_up_days=heads_up,
        subscribed_by="tester",
        subscribed_at=at("2027-01-01T00:00:00+00:00"),
    )


@pytest.mark.asyncio
async def test_posts_once_at_the_posting_time(store: Store) -> None:
    await store.put_subscription(subscription())
    poster = RecordingPoster()
    early = await sweep(store, INDEX, {"console": poster}, at("2027-03-03T08:59:59+00:00"))
    assert early.due == 0 and poster.posts == []
    report = await sweep(store, INDEX, {"console": poster}, at("2027-03-03T09:05:00+00:00"))
    assert poster.titles == [("main", EVERARD_5)]
    assert poster.posts[0][1].link == "https://example.org/everard"
    assert [(d.outcome, d.ref) for d in report.deliveries] == [("posted", "ref-1")]
    again = await sweep(store, INDEX, {"console": poster}, at("2027-03-03T09:10:00+00:00"))
    assert again.due == 1 and again.deliveries == [] and len(poster.posts) == 1
    row = (await store.ledger_rows())[LedgerKey("everard_abducted", "2027-03-03", "console:main")]
    assert (row.status, row.message_ref) == ("posted", "ref-1")


@pytest.mark.asyncio
async def test_restart_after_the_posting_time_posts_late_once(sqlite_url: str) -> None:
    first = await open_store(sqlite_url)
    await first.put_subscription(subscription())
    await first.close()  # the bot is down over 09:00
    poster = RecordingPoster()
    restarted = await open_store(sqlite_url)
    try:
        await sweep(restarted, INDEX, {"console": poster}, at("2027-03-03T15:00:00+00:00"))
        await sweep(restarted, INDEX, {"console": poster}, at("2027-03-03T15:05:00+00:00"))
    finally:
        await restarted.close()
    assert poster.titles == [("main", EVERARD_5)]  # late, once, with its original wording


@pytest.mark.asyncio
async def test_a_reminder_missed_by_more_than_its_day_is_not_posted(sqlite_store: Store) -> None:
    await sqlite_store.put_subscription(subscription())
    poster = RecordingPoster()
    # 00:30 on 4 March in London: 3 March has passed there.
    report = await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-04T00:30:00+00:00"))
    assert report.due == 0 and poster.posts == []
    assert await sqlite_store.ledger_rows() == {}
    # The last minute of the local day still counts (London is on GMT in March).
    await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-03T23:59:00+00:00"))
    assert poster.titles == [("main", EVERARD_5)]


@pytest.mark.asyncio
async def test_local_date_decides_not_the_utc_date(sqlite_store: Store) -> None:
    # Auckland is 13 hours ahead: 3 March 09:00 there is 2 March 20:00 UTC.
    await sqlite_store.put_subscription(subscription("console:nz", zone="Pacific/Auckland"))
    poster = RecordingPoster()
    await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-02T20:00:00+00:00"))
    assert poster.titles == [("nz", EVERARD_5)]
    await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-03T12:00:00+00:00"))  # 4 March there
    assert len(poster.posts) == 1


@pytest.mark.asyncio
async def test_posting_time_in_a_dst_overlap_posts_once(store: Store) -> None:
    fall_back = event("fall_back", "2020-11-01", anniversary="the fall-back vigil")
    index = AnniversaryIndex([fall_back])
    await store.put_subscription(subscription("console:ny", zone="America/New_York", time=dt.time(1, 30)))
    poster = RecordingPoster()
    # 01:30 happens twice in New York on 1 November 2026: 05:30 UTC (EDT) and 06:30 UTC (EST).
    # A cron trigger fires at both; the second sweep finds the ledger row.
    await sweep(store, index, {"console": poster}, at("2026-11-01T05:29:59+00:00"))
    assert poster.posts == []
    await sweep(store, index, {"console": poster}, at("2026-11-01T05:30:00+00:00"))
    await sweep(store, index, {"console": poster}, at("2026-11-01T06:30:00+00:00"))
    assert poster.titles == [("ny", "6 years ago today: the fall-back vigil")]


@pytest.mark.asyncio
async def test_posting_time_in_a_dst_gap_posts_at_the_shifted_time(sqlite_store: Store) -> None:
    spring = event("spring", "2020-03-08", anniversary="the spring vigil")
    index = AnniversaryIndex([spring])
    await sqlite_store.put_subscription(
        subscription("console:ny", zone="America/New_York", time=dt.time(2, 30))
    )
    poster = RecordingPoster()
    await sweep(sqlite_store, index, {"console": poster}, at("2026-03-08T07:29:00+00:00"))  # 03:29 EDT
    assert poster.posts == []
    await sweep(sqlite_store, index, {"console": poster}, at("2026-03-08T07:30:00+00:00"))  # 03:30 EDT
    assert poster.titles == [("ny", "6 years ago today: the spring vigil")]


@pytest.mark.asyncio
async def test_heads_up_posts_days_before_with_its_own_key(sqlite_store: Store) -> None:
    await sqlite_store.put_subscription(subscription("console:news", heads_up=(7,)))
    poster = RecordingPoster()
    await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-14T09:00:00+00:00"))
    await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-21T09:00:00+00:00"))
    assert poster.titles == [
        ("news", "In 7 days: 4 years since the Casey review was published"),
        ("news", "4 years ago today: the Casey review was published"),
    ]
    assert {k.occurrence for k in await sqlite_store.ledger_rows()} == {"2027-03-21/heads-up-7", "2027-03-21"}


@pytest.mark.asyncio
async def test_failed_post_is_retried_the_same_day_with_backoff(sqlite_store: Store) -> None:
    await sqlite_store.put_subscription(subscription())
    poster = RecordingPoster()
    poster.fail_with = RuntimeError("HTTP 500")
    nine = at("2027-03-03T09:00:00+00:00")
    report = await sweep(sqlite_store, INDEX, {"console": poster}, nine)
    assert [(d.outcome, d.error) for d in report.deliveries] == [("failed", "RuntimeError: HTTP 500")]
    poster.fail_with = None
    soon = await sweep(sqlite_store, INDEX, {"console": poster}, nine + dt.timedelta(seconds=30))
    assert soon.deliveries == []  # still backing off
    # The backoff counts from the moment of the attempt (a little after nine: the sweep's own time).
    await sweep(sqlite_store, INDEX, {"console": poster}, nine + retry_delay(1) + dt.timedelta(seconds=1))
    assert poster.titles == [("main", EVERARD_5)]
    row = (await sqlite_store.ledger_rows())[LedgerKey("everard_abducted", "2027-03-03", "console:main")]
    assert (row.status, row.attempts) == ("posted", 2)


@pytest.mark.asyncio
async def test_failed_post_is_not_retried_on_a_later_day(sqlite_store: Store) -> None:
    await sqlite_store.put_subscription(subscription())
    poster = RecordingPoster()
    poster.fail_with = RuntimeError("HTTP 500")
    await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-03T23:58:00+00:00"))
    poster.fail_with = None
    await sweep(sqlite_store, INDEX, {"console": poster}, at("2027-03-04T00:10:00+00:00"))
    assert poster.posts == []


@pytest.mark.asyncio
async def test_gone_channel_ends_its_subscription_with_one_log_line(
    sqlite_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    both = AnniversaryIndex([EVERARD, event("same_day", "2019-03-03")])
    await sqlite_store.put_subscription(subscription("discord:123456"))
    poster = RecordingPoster()
    poster.fail_with = ChannelGone("Unknown Channel")
    with caplog.at_level(logging.INFO, logger="figurebot.reminders"):
        report = await sweep(sqlite_store, both, {"discord": poster}, at("2027-03-03T09:00:00+00:00"))
    assert [d.outcome for d in report.deliveries] == ["gone"]  # the second event is not attempted
    assert await sqlite_store.subscription("discord:123456") is None
    assert [r.getMessage() for r in caplog.records] == [
        "reminders: discord:123456 is gone (Unknown Channel); its subscription has ended"
    ]


@pytest.mark.asyncio
async def test_surface_without_a_poster_is_left_unclaimed(sqlite_store: Store) -> None:
    await sqlite_store.put_subscription(subscription("slack:T01/C01"))
    report = await sweep(sqlite_store, INDEX, {"console": RecordingPoster()}, at("2027-03-03T09:00:00+00:00"))
    assert report.unserved == {"slack": 1}
    assert await sqlite_store.ledger_rows() == {}


@pytest.mark.asyncio
async def test_two_replicas_post_each_reminder_once(store_url: str) -> None:
    # Two processes' worth of state: separate engines, separate posters, one database.
    setup = await open_store(store_url)
    for i in range(30):
        await setup.put_subscription(subscription(f"console:c{i}", heads_up=(7,)))
    await setup.close()
    index = AnniversaryIndex([EVERARD, event("also_today", "2015-03-03"), event("next_week", "2016-03-10")])
    replicas = [await open_store(store_url) for _ in range(2)]
    posters = [RecordingPoster(), RecordingPoster()]
    try:
        moment = at("2027-03-03T09:00:30+00:00")
        await asyncio.gather(
            *(
                sweep(s, index, {"console": p}, moment, claimer=f"r{i}")
                for i, (s, p) in enumerate(zip(replicas, posters, strict=True))
            )
        )
        rows = await replicas[0].ledger_rows()
    finally:
        for s in replicas:
            await s.close()
    posted = [(c, m.title) for p in posters for c, m in p.posts]
    assert len(posted) == 90 == len(set(posted))  # 30 channels x (2 anniversaries + 1 heads-up)
    assert len(rows) == 90 and {r.status for r in rows.values()} == {"posted"}
