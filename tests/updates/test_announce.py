"""One pass against the real store (SQLite and PostgreSQL): record, claim, post, record."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping

import pytest

from bot.core.context import UpdateSubscription
from bot.core.message import Message
from bot.facts.model import FactBook
from bot.reminders.store import Store, open_store
from bot.reminders.sweep import Poster
from bot.surfaces.base import ChannelGone
from bot.updates.announce import HORIZON, PassReport, announce
from bot.updates.store import UpdateStore

from .books import book, dismissals, earlier, suspended
from .conftest import RecordingPoster

UTC = dt.UTC
T0 = dt.datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
BEFORE = book(suspended(201, "2023-09-18", earlier=(earlier(69, "2022-09"),)))
AFTER = book(suspended(202, "2023-10-02", earlier=(earlier(69, "2022-09"), earlier(201, "2023-09-18"))))
NEW_VALUE = "Suspended Met officers: 202 now (was 201, 18 September 2023)"


def sub(channel: str = "console:main", at: dt.datetime = T0) -> UpdateSubscription:
    surface, _, rest = channel.partition(":")
    return UpdateSubscription(channel, surface, rest.split("/")[0] if "/" in rest else "", "tester", at)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


async def run(
    store: UpdateStore, fact_book: FactBook | None, posters: Mapping[str, Poster], now: dt.datetime
) -> PassReport:
    return await announce(store, fact_book, posters, now, clock=lambda: now)


@pytest.mark.asyncio
async def test_the_first_pass_is_silent_then_a_change_is_posted_once(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub())
    poster = RecordingPoster()
    first = await run(updates, BEFORE, {"console": poster}, T0 + minutes(1))
    assert first.first and len(first.recorded) == 2 and first.changes == [] and poster.posts == []
    unchanged = await run(updates, BEFORE, {"console": poster}, T0 + minutes(2))
    assert not unchanged.first and unchanged.recorded == [] and poster.posts == []

    changed = await run(updates, AFTER, {"console": poster}, T0 + minutes(3))
    assert poster.titles == [("main", NEW_VALUE)]
    assert [(d.channel, d.outcome, d.changes) for d in changed.deliveries] == [
        ("console:main", "posted", ("suspended_officers/202@2023-10-02",))
    ]
    again = await run(updates, AFTER, {"console": poster}, T0 + minutes(4))
    assert again.recorded == [] and again.deliveries == [] and len(poster.posts) == 1
    rows = await updates.ledger_rows(["suspended_officers/202@2023-10-02"])
    row = rows[("suspended_officers/202@2023-10-02", "console:main")]
    assert (row.status, row.attempts, row.posted_at) == ("posted", 1, T0 + minutes(3))


@pytest.mark.asyncio
async def test_a_channel_hears_only_of_changes_recorded_after_it_subscribed(store: Store) -> None:
    updates = UpdateStore(store)
    await run(updates, BEFORE, {}, T0)
    await run(updates, AFTER, {}, T0 + minutes(1))  # nobody subscribed yet
    await updates.put_subscription(sub(at=T0 + minutes(2)))
    poster = RecordingPoster()
    await run(updates, AFTER, {"console": poster}, T0 + minutes(3))
    assert poster.posts == []  # no backlog
    later = book(dismissals(), *AFTER.figures)
    await run(updates, later, {"console": poster}, T0 + minutes(4))
    assert poster.titles == [("main", "New figure: Met officers dismissed: 100 (March 2024)")]


@pytest.mark.asyncio
async def test_subscribing_again_keeps_the_changes_a_channel_is_owed(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub())
    await run(updates, BEFORE, {}, T0 + minutes(1))
    await run(updates, AFTER, {}, T0 + minutes(2))  # no console poster in this process
    again = await updates.put_subscription(sub(at=T0 + minutes(3)))
    assert again.subscribed_at == T0
    poster = RecordingPoster()
    await run(updates, None, {"console": poster}, T0 + minutes(4))
    assert poster.titles == [("main", NEW_VALUE)]


@pytest.mark.asyncio
async def test_a_revert_and_a_re_apply_post_nothing_more(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub())
    poster = RecordingPoster()
    for i, each in enumerate([BEFORE, AFTER, BEFORE, AFTER, BEFORE, AFTER]):
        await run(updates, each, {"console": poster}, T0 + minutes(1 + i))
    assert poster.titles == [("main", NEW_VALUE)]


@pytest.mark.asyncio
async def test_several_changes_in_one_pass_are_one_post_per_channel(store: Store) -> None:
    updates = UpdateStore(store)
    for channel in ("console:main", "console:news"):
        await updates.put_subscription(sub(channel))
    poster = RecordingPoster()
    await run(updates, BEFORE, {"console": poster}, T0 + minutes(1))
    await run(updates, book(*AFTER.figures, dismissals()), {"console": poster}, T0 + minutes(2))
    assert poster.titles == [
        ("main", "The facts book changed: 2 updates"),
        ("news", "The facts book changed: 2 updates"),
    ]
    assert [i.title for i in poster.posts[0][1].items] == [
        NEW_VALUE,
        "New figure: Met officers dismissed: 100 (March 2024)",
    ]


@pytest.mark.asyncio
async def test_a_failed_post_is_retried_with_backoff_and_posted_once(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub())
    poster = RecordingPoster()
    await run(updates, BEFORE, {"console": poster}, T0 + minutes(1))
    poster.fail_with = ConnectionError("platform down")
    failed = await run(updates, AFTER, {"console": poster}, T0 + minutes(2))
    assert [(d.outcome, d.error) for d in failed.deliveries] == [("failed", "ConnectionError: platform down")]
    [row] = (await updates.ledger_rows(["suspended_officers/202@2023-10-02"])).values()
    assert (row.status, row.next_attempt_at) == ("failed", T0 + minutes(3))  # 1 minute after attempt 1
    poster.fail_with = None
    early = await run(updates, AFTER, {"console": poster}, T0 + minutes(2.5))
    assert early.deliveries == [] and poster.posts == []
    retried = await run(updates, AFTER, {"console": poster}, T0 + minutes(3))
    assert [d.outcome for d in retried.deliveries] == ["posted"] and poster.titles == [("main", NEW_VALUE)]
    [row] = (await updates.ledger_rows(["suspended_officers/202@2023-10-02"])).values()
    assert (row.status, row.attempts) == ("posted", 2)


@pytest.mark.asyncio
async def test_a_gone_channel_ends_its_subscription(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub("discord:123456"))
    poster = RecordingPoster()
    await run(updates, BEFORE, {"discord": poster}, T0 + minutes(1))
    poster.fail_with = ChannelGone("discord:123456: 404 Unknown Channel")
    report = await run(updates, AFTER, {"discord": poster}, T0 + minutes(2))
    assert [d.outcome for d in report.deliveries] == ["gone"]
    assert await updates.subscriptions() == []
    [row] = (await updates.ledger_rows(["suspended_officers/202@2023-10-02"])).values()
    assert row.status == "gone"


@pytest.mark.asyncio
async def test_other_surfaces_are_left_unclaimed_for_the_process_that_has_them(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub("slack:T01/C01"))
    await updates.put_subscription(sub("console:main"))
    console, slack = RecordingPoster(), RecordingPoster()
    await run(updates, BEFORE, {"console": console}, T0 + minutes(1))
    cli = await run(updates, AFTER, {"console": console}, T0 + minutes(2))  # like `updates run`
    assert cli.unserved == {"slack": 1} and console.titles == [("main", NEW_VALUE)]
    assert set(await updates.ledger_rows(["suspended_officers/202@2023-10-02"])) == {
        ("suspended_officers/202@2023-10-02", "console:main")
    }
    bot = await run(updates, None, {"console": console, "slack": slack}, T0 + minutes(3))
    assert [d.channel for d in bot.deliveries] == ["slack:T01/C01"]
    assert slack.titles == [("T01/C01", NEW_VALUE)] and len(console.posts) == 1


@pytest.mark.asyncio
async def test_a_change_older_than_the_horizon_is_not_posted(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub("slack:T01/C01"))
    await run(updates, BEFORE, {}, T0 + minutes(1))
    await run(updates, AFTER, {}, T0 + minutes(2))
    slack = RecordingPoster()
    await run(updates, None, {"slack": slack}, T0 + minutes(2) + HORIZON + minutes(1))
    assert slack.posts == []


@pytest.mark.asyncio
async def test_a_claim_left_by_a_dead_process_is_taken_over_after_the_lease(store_url: str) -> None:
    store = await open_store(store_url, lease=dt.timedelta(minutes=10))
    try:
        updates = UpdateStore(store)
        await updates.put_subscription(sub())
        await run(updates, BEFORE, {}, T0 + minutes(1))
        await run(updates, AFTER, {}, T0 + minutes(2))
        # A process claimed and died before posting.
        assert (
            await updates.claim("suspended_officers/202@2023-10-02", "console:main", T0 + minutes(2))
            is not None
        )
        poster = RecordingPoster()
        await run(updates, None, {"console": poster}, T0 + minutes(11))
        assert poster.posts == []  # the lease still holds
        await run(updates, None, {"console": poster}, T0 + minutes(12.5))
        assert poster.titles == [("main", NEW_VALUE)]
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_a_hung_post_is_failed_well_inside_the_lease(sqlite_url: str) -> None:
    store = await open_store(sqlite_url, lease=dt.timedelta(seconds=0.4))
    try:
        updates = UpdateStore(store)
        await updates.put_subscription(sub())
        poster = RecordingPoster()
        await run(updates, BEFORE, {"console": poster}, T0 + minutes(1))
        poster.gate = asyncio.Event()  # never opened: the platform never answers
        report = await run(updates, AFTER, {"console": poster}, T0 + minutes(2))
        assert [(d.outcome, d.error) for d in report.deliveries] == [
            ("failed", "TimeoutError: no answer from the platform within 0.2 s")
        ]
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_hostile_text_in_the_book_reaches_the_poster_as_data(store: Store) -> None:
    updates = UpdateStore(store)
    await updates.put_subscription(sub())
    poster = RecordingPoster()
    await run(updates, BEFORE, {"console": poster}, T0 + minutes(1))
    hostile = suspended(202, "2023-10-02", statement="<!channel> @everyone " + "x" * 10_000 + "\x00\x1b[2J")
    await run(updates, book(hostile), {"console": poster}, T0 + minutes(2))
    [(_, message)] = poster.posts
    assert isinstance(message, Message) and message.sentence is not None
    assert message.sentence.startswith("<!channel> @everyone")  # escaping is each surface's job


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_two_replicas_with_slow_posts_post_each_change_once(pg_url: str) -> None:
    """Two processes' worth of engines on one PostgreSQL, recording the same edit at the same
    moment, with posts slow enough that both are mid-pass together; real clocks."""
    stores = [await open_store(pg_url, lease=dt.timedelta(seconds=30)) for _ in range(2)]
    try:
        replicas = [UpdateStore(s) for s in stores]
        channels = [f"console:room{i}" for i in range(4)]
        for channel in channels:
            await replicas[0].put_subscription(sub(channel, dt.datetime.now(UTC)))
        await announce(replicas[0], BEFORE, {}, dt.datetime.now(UTC))
        posters = [SlowPoster(), SlowPoster()]
        changed = book(*AFTER.figures, dismissals())
        reports = await asyncio.gather(
            *(
                announce(r, changed, {"console": p}, dt.datetime.now(UTC), claimer=f"replica-{i}")
                for i, (r, p) in enumerate(zip(replicas, posters, strict=True))
            )
        )
        assert sorted(len(r.changes) for r in reports) == [0, 2]  # one recorded the edit
        posted = sorted(c for p in posters for c, _ in p.posts)
        assert posted == sorted(c.partition(":")[2] for c in channels)  # each channel once
        assert all(m.title == "The facts book changed: 2 updates" for p in posters for _, m in p.posts)
        # And again, from either replica: nothing.
        for r, p in zip(replicas, posters, strict=True):
            await announce(r, changed, {"console": p}, dt.datetime.now(UTC))
        assert sum(len(p.posts) for p in posters) == len(channels)
    finally:
        for s in stores:
            await s.close()


class SlowPoster(RecordingPoster):
    async def post(self, channel: str, message: Message) -> str:
        await asyncio.sleep(0.2)
        return await super().post(channel, message)
