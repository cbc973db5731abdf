"""Fixtures for the reminders tests: small books, recording posters, SQLite and PostgreSQL stores.

PostgreSQL: ``FIGUREBOT_TEST_PG`` (default ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``).
Each test gets its own schema, dropped afterwards. Unreachable: skipped with the reason, except
under ``CI=true``, where it fails the run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core.message import Message
from bot.facts.model import Event, FactBook, PartialDate, Source
from bot.reminders.store import Store, open_store
from bot.surfaces.base import ChannelGone
from tests.throwaway_pg import ThrowawayPostgres, throwaway_postgres

PG_URL = os.environ.get("FIGUREBOT_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
UTC = dt.UTC


def source(url: str = "https://example.org/everard") -> Source:
    return Source(
        publisher="BBC News",
        title="Sarah Everard: what happened",
        url=url,
        published=PartialDate(2021, 3, 10),
        quote="Sarah Everard was abducted on 3 March 2021.",
    )


def event(
    event_id: str,
    date: str,
    *,
    remind: bool = True,
    anniversary: str | None = None,
    title: str | None = None,
    summary: str = "A summary.",
) -> Event:
    return Event(
        id=event_id,
        date=PartialDate.parse(date),
        title=title or event_id.replace("_", " "),
        summary=summary,
        sources=(source(f"https://example.org/{event_id}"),),
        remind=remind,
        anniversary=anniversary,
    )


EVERARD = Event(
    id="everard_abducted",
    date=PartialDate(2021, 3, 3),
    title="Sarah Everard abducted in south London",
    summary=(
        "Sarah Everard, 33, was abducted while walking home in Clapham by Wayne Couzens, "
        "a serving Met officer."
    ),
    sources=(source(),),
    remind=True,
    anniversary="Sarah Everard was abducted and murdered by a serving Met officer",
)
CASEY = event("casey_review", "2023-03-21", anniversary="the Casey review was published")


def book(*events: Event) -> FactBook:
    return FactBook(title="Test book", description="For tests.", figures=(), events=tuple(events))


class RecordingPoster:
    """A poster that remembers every post; can be told to fail, say the channel is gone, or wait."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, Message]] = []
        self.fail_with: Exception | None = None
        self.gate: asyncio.Event | None = None  # when set, post() waits for it
        self.entered = asyncio.Event()

    async def post(self, channel: str, message: Message) -> str:
        self.entered.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_with is not None:
            raise self.fail_with
        self.posts.append((channel, message))
        return f"ref-{len(self.posts)}"

    @property
    def titles(self) -> list[tuple[str, str]]:
        return [(c, m.title) for c, m in self.posts]


__all__ = ["CASEY", "EVERARD", "ChannelGone", "RecordingPoster", "book", "event", "source"]


# -- stores ------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'figurebot.db'}"


_pg_state: dict[str, str | None] = {}


def _pg_reason() -> str | None:
    """None when the test PostgreSQL answers, else why not (checked once per run)."""
    if "reason" not in _pg_state:
        import asyncpg

        async def probe() -> None:
            conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=3)
            await conn.close()

        try:
            asyncio.run(probe())
            _pg_state["reason"] = None
        except Exception as exc:
            _pg_state["reason"] = f"PostgreSQL at {PG_URL} is not reachable ({type(exc).__name__}: {exc})"
    return _pg_state["reason"]


def _drop_schema(name: str) -> None:
    import asyncpg

    async def drop() -> None:
        conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=5)
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        finally:
            await conn.close()

    asyncio.run(drop())


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A store URL on the test PostgreSQL, in a schema of its own that is dropped afterwards."""
    reason = _pg_reason()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI needs it (set FIGUREBOT_TEST_PG or start the server)")
        pytest.skip(reason)
    name = f"fbtest_{secrets.token_hex(6)}"
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}schema={name}"
    _drop_schema(name)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayPostgres]:
    yield from throwaway_postgres()


@pytest.fixture
def own_pg(pg_cluster: ThrowawayPostgres) -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL server this test may stop and start (never the shared one); running at the
    start of the test, and running again for the next one."""
    if not pg_cluster.running:
        pg_cluster.start()
    yield pg_cluster
    if not pg_cluster.running:
        pg_cluster.start()

    async def drop() -> None:
        import asyncpg

        conn = await asyncpg.connect(pg_cluster.url.replace("+asyncpg", ""), timeout=10)
        try:
            for table in (
                "reminder_ledger",
                "reminder_subscriptions",
                "update_ledger",
                "update_states",
                "update_subscriptions",
                "figurebot_schema_version",
            ):
                await conn.execute(f"DROP TABLE IF EXISTS {table}")
        finally:
            await conn.close()

    asyncio.run(drop())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest_asyncio.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    opened = await open_store(store_url)
    yield opened
    await opened.close()


@pytest_asyncio.fixture
async def sqlite_store(sqlite_url: str) -> AsyncIterator[Store]:
    opened = await open_store(sqlite_url)
    yield opened
    await opened.close()
