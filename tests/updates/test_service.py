"""The running bot's side: the real reload policy feeding the batching window, start-up passes,
and the ``updates`` commands through the real router and store."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app.reload import BookReloader
from bot.core.context import Context
from bot.core.message import Kind
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.loader import load_book
from bot.facts.model import FactBook
from bot.reminders.store import Store, open_store
from bot.updates.service import UpdateAnnouncer, new_subscription
from tests.throwaway_pg import ThrowawayPostgres, throwaway_postgres

from .conftest import RecordingPoster

ROOT = Path(__file__).resolve().parents[2]
APRIL = ROOT / "docs" / "examples" / "suspended-2023-04.yaml"
SEPTEMBER = ROOT / "docs" / "examples" / "suspended-2023-09.yaml"
NEW_VALUE = "Suspended Met officers: 201 now (was 144, 6 April 2023)"


def corrected(text: str, value: str = "183") -> str:
    """A test edit: September's value corrected to ``value`` (figure, statement and quotes)."""
    return re.sub(r"\b201\b", value, text)


class Bot:
    """The pieces of a running bot that updates use: shelf, reloader, announcer, a console poster."""

    def __init__(self, store: Store, facts: Path, batch_seconds: int = 1) -> None:
        self.shelf = Shelf(load_book(facts))
        self.poster = RecordingPoster()
        self.announcer = UpdateAnnouncer(
            store, {"console": self.poster}, self.shelf, batch_seconds=batch_seconds, tick=3600
        )

        async def on_swap(book: FactBook) -> None:
            self.announcer.book_changed()

        self.reloader = BookReloader(self.shelf, facts, on_swap=on_swap)

    async def start(self) -> None:
        await self.announcer.start()
        await self.announcer.settle()

    async def stop(self) -> None:
        await self.announcer.shutdown()


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    shutil.copy(APRIL, path)
    return path


@pytest_asyncio.fixture
async def bot(sqlite_store: Store, facts: Path) -> AsyncIterator[Bot]:
    await sqlite_store_subscribe(sqlite_store)
    running = Bot(sqlite_store, facts)
    await running.start()
    yield running
    await running.stop()


async def sqlite_store_subscribe(store: Store, channel: str = "console:main") -> None:
    import datetime as dt

    from bot.updates.store import UpdateStore

    await UpdateStore(store).put_subscription(new_subscription(channel, "tester", dt.datetime.now(dt.UTC)))


@pytest.mark.asyncio
async def test_several_saves_in_the_window_are_posted_once_with_the_settled_values(
    bot: Bot, facts: Path
) -> None:
    assert bot.poster.posts == []  # the first pass recorded the book silently
    facts.write_text(SEPTEMBER.read_text(encoding="utf-8"), encoding="utf-8")
    assert await bot.reloader.reload()
    facts.write_text(corrected(SEPTEMBER.read_text(encoding="utf-8")), encoding="utf-8")  # saved again
    assert await bot.reloader.reload()
    await asyncio.sleep(0.2)
    assert bot.poster.posts == []  # still inside the window
    await bot.announcer.settle()
    assert bot.poster.titles == [("main", "Suspended Met officers: 183 now (was 144, 6 April 2023)")]


@pytest.mark.asyncio
async def test_an_identical_reload_and_a_wording_edit_post_nothing(bot: Bot, facts: Path) -> None:
    facts.write_text(SEPTEMBER.read_text(encoding="utf-8"), encoding="utf-8")
    assert await bot.reloader.reload()
    await bot.announcer.settle()
    assert bot.poster.titles == [("main", NEW_VALUE)]
    assert await bot.reloader.reload() is False  # the same file again: no swap at all
    reworded = SEPTEMBER.read_text(encoding="utf-8").replace(
        "title: Suspended Met officers", "title: Met suspensions"
    )
    facts.write_text("# saved again\n" + reworded, encoding="utf-8")
    assert await bot.reloader.reload()  # a new book, but no new state
    await bot.announcer.settle()
    assert len(bot.poster.posts) == 1
    assert bot.announcer.reports[-1].recorded == []


@pytest.mark.asyncio
async def test_a_broken_edit_never_announces_anything(bot: Bot, facts: Path) -> None:
    broken = corrected(SEPTEMBER.read_text(encoding="utf-8")).replace("Cundy said 183", "Cundy said 201", 1)
    facts.write_text(broken, encoding="utf-8")  # a quote no longer holds the value
    assert await bot.reloader.reload() is False
    facts.write_text("book: [\n", encoding="utf-8")
    assert await bot.reloader.reload() is False
    await asyncio.sleep(1.3)
    await bot.announcer.settle()
    assert bot.poster.posts == []
    assert len(bot.announcer.reports) == 1  # only the start-up pass ran


@pytest.mark.asyncio
async def test_a_change_made_while_stopped_is_posted_once_at_start(sqlite_url: str, facts: Path) -> None:
    store = await open_store(sqlite_url)
    try:
        await sqlite_store_subscribe(store)
        first = Bot(store, facts)
        await first.start()
        await first.stop()
        facts.write_text(SEPTEMBER.read_text(encoding="utf-8"), encoding="utf-8")  # while stopped
        for _ in range(2):
            restarted = Bot(store, facts)
            await restarted.start()
            await restarted.stop()
            first.poster.posts += restarted.poster.posts
        assert first.poster.titles == [("main", NEW_VALUE)]
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_constant_saving_cannot_postpone_the_news_for_ever(bot: Bot, facts: Path) -> None:
    texts = [SEPTEMBER.read_text(encoding="utf-8"), corrected(SEPTEMBER.read_text(encoding="utf-8"))]
    started = time.monotonic()
    saves = 0
    while not bot.poster.posts and time.monotonic() - started < 15:
        facts.write_text(texts[saves % 2], encoding="utf-8")
        assert await bot.reloader.reload()
        saves += 1
        await asyncio.sleep(0.4)  # always inside the 1-second window
    assert bot.poster.posts, "no pass ran while the book kept changing"
    assert time.monotonic() - started < 10  # five windows, with room for a loaded machine
    assert saves > 5


# -- the commands -------------------------------------------------------------------------------

MOD = Context(surface="console", channel="console:main", user="mod", can_manage=True)
READER = Context(surface="console", channel="console:main", user="reader", can_manage=False)
SLACK_MOD = Context(surface="slack", channel="slack:T01/C01", user="U9", can_manage=True, workspace="T01")


@pytest_asyncio.fixture
async def router(sqlite_store: Store, facts: Path) -> AsyncIterator[Router]:
    running = Bot(sqlite_store, facts)
    yield Router(shelf=running.shelf, updates=running.announcer)
    await running.stop()


@pytest.mark.asyncio
async def test_updates_on_status_off(router: Router) -> None:
    off = await router.handle("updates status", READER)
    assert (off.kind, off.title) == (Kind.STATUS, "Book updates are off for this channel")
    on = await router.handle("updates on", MOD)
    assert on.title == "Book updates are on for this channel"
    assert on.sentence is not None and "What the book already holds is not posted" in on.sentence
    parts = dict((p.label, p.value) for p in on.parts)
    assert parts["Subscribed by"] == "mod"
    assert parts["When"] == "posted once the book has been unchanged for 1 second"
    again = await router.handle("updates on", MOD)
    assert again.title == "Book updates were already on for this channel"
    status = await router.handle("updates", READER)
    assert (
        status.title == "Book updates are on for this channel" and status.footer == "Nothing posted here yet."
    )
    gone = await router.handle("updates off", MOD)
    assert gone.title == "Book updates are now off for this channel"
    assert (await router.handle("updates off", MOD)).title == "Book updates were not on for this channel"


@pytest.mark.asyncio
async def test_members_may_look_but_not_change(router: Router) -> None:
    refused = await router.handle("updates on", READER)
    assert (refused.kind, refused.private) == (Kind.REFUSAL, True)
    assert refused.title == "Only moderators can change book updates here"
    assert refused.sentence is not None and "`updates status`" in refused.sentence
    assert (await router.handle("updates off", READER)).kind is Kind.REFUSAL
    assert (await router.handle("updates status", READER)).kind is Kind.STATUS


@pytest.mark.asyncio
async def test_another_channel_and_bad_input(router: Router) -> None:
    on = await router.handle("updates on <#C0456|news>", SLACK_MOD)
    assert on.title == "Book updates are on for slack:T01/C0456"
    bad = await router.handle("updates on #news", SLACK_MOD)
    assert (
        bad.title == "Which channel?"
        and bad.footer is not None
        and bad.footer.startswith("Usage: updates on")
    )
    odd = await router.handle("updates sometimes <!channel>", MOD)
    assert odd.title == "I did not understand that" and odd.echo == "sometimes"
    extra = await router.handle("updates off #a #b", MOD)
    assert extra.title == "`updates off` takes only a channel"


@pytest.mark.asyncio
async def test_status_shows_the_last_update_posted(sqlite_store: Store, facts: Path) -> None:
    await sqlite_store_subscribe(sqlite_store)
    running = Bot(sqlite_store, facts)
    await running.start()
    try:
        facts.write_text(SEPTEMBER.read_text(encoding="utf-8"), encoding="utf-8")
        await running.reloader.reload()
        await running.announcer.settle()
        status = await Router(shelf=running.shelf, updates=running.announcer).handle("updates status", READER)
        assert [i.title for i in status.items] == [NEW_VALUE]
        assert status.footer == "Last update posted here."
    finally:
        await running.stop()


@pytest.mark.asyncio
async def test_a_bot_without_a_store_says_so() -> None:
    router = Router(shelf=Shelf(load_book(APRIL)))
    message = await router.handle("updates status", READER)
    assert message.title == "Book updates are not set up on this bot"


@pytest.fixture
def own_postgres() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL server of this test's own, running, that it may stop and start."""
    for server in throwaway_postgres():  # skips (fails under CI) without the server binaries
        server.start()
        yield server


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_a_database_outage_loses_nothing_and_posts_once_when_it_is_back(
    own_postgres: ThrowawayPostgres, facts: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await open_store(own_postgres.url)
    try:
        await sqlite_store_subscribe(store)
        running = Bot(store, facts, batch_seconds=0)
        running.announcer.tick = 0.3
        await running.start()
        own_postgres.stop()  # the database goes away
        facts.write_text(SEPTEMBER.read_text(encoding="utf-8"), encoding="utf-8")
        assert await running.reloader.reload()
        await running.announcer.settle()
        await asyncio.sleep(1.0)  # a few ticks fail too
        assert running.poster.posts == []
        failures = [r.getMessage() for r in caplog.records if "a pass failed" in r.getMessage()]
        assert failures and all(
            r.exc_info is None for r in caplog.records if "a pass failed" in r.getMessage()
        )
        own_postgres.start()  # back: the tick records the edit and posts it
        deadline = time.monotonic() + 20
        while not running.poster.posts and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # later ticks post nothing more
        assert running.poster.titles == [("main", NEW_VALUE)]
        await running.stop()
    finally:
        await store.close()
