"""Fixtures for the Discord surface: the loopback fake Discord, a small book, and a running bot.

The bot is the real ``DiscordSurface`` on the real discord.py, configured exactly as users do it
(``DiscordSettings.from_sources`` with DISCORD_TOKEN / DISCORD_API_URL / DISCORD_GATEWAY_URL).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Iterator, Mapping

import discord.gateway
import discord.http
import pytest
import pytest_asyncio

from bot.core.context import Subscription, UpcomingReminder
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.model import Event, FactBook, Figure, Part, PartialDate, Revision
from bot.surfaces.discord.adapter import DiscordSurface
from bot.surfaces.discord.settings import DiscordSettings
from tests.kit import src

from .fake_discord import FakeDiscord


def small_book() -> FactBook:
    convictions = Figure(
        id="officers_with_criminal_records",
        title="Officers with criminal convictions",
        value=322,
        counts="serving Met officers with a criminal record, including cautions",
        as_of=PartialDate.parse("2025-12"),
        statement="At the end of 2025, 322 serving Met officers had a criminal record.",
        sources=(
            src(
                "Metropolitan Police",
                "322 officers have a criminal record",
                "2026-01-10",
                "https://example.org/322",
            ),
            src("Mirror Site", "322 officers", "2026-01-11", "https://example.org/mirror_(copy)", weak=True),
        ),
        aliases=("convictions", "criminal records"),
        tags=("vetting",),
        parts=(Part("serious traffic offences", 76), Part("violence", 49)),
        revisions=(
            Revision(
                value=161,
                as_of=PartialDate.parse("2023-04-06"),
                sources=(
                    src("Metropolitan Police", "161 officers", "2023-04-06", "https://example.org/161"),
                ),
                counts="convictions only",
            ),
        ),
        note="Later counts include cautions.",
    )
    suspended = Figure(
        id="suspended_officers",
        title="Officers suspended",
        value=201,
        counts="Met officers suspended from duty",
        as_of=PartialDate.parse("2023-09-18"),
        statement="In September 2023, 201 Met officers were suspended.",
        sources=(src("The Times", "201 officers are suspended", "2023-09-18", "https://example.org/201"),),
        aliases=("suspended officers",),
        tags=("vetting",),
    )
    casey = Event(
        id="casey_report",
        date=PartialDate.parse("2023-03-21"),
        title="Casey review published",
        summary="Baroness Casey's review found the Met institutionally racist, misogynist and homophobic.",
        sources=(src("BBC News", "institutionally racist", "2023-03-21", "https://example.org/casey"),),
        remind=True,
        aliases=("casey review",),
        tags=("reviews",),
    )
    return FactBook("Met misconduct", "Figures on Met Police misconduct.", (convictions, suspended), (casey,))


class MemorySubscriptions:
    """The core's ``Subscriptions`` port kept in a dict; ``delay`` simulates a slow database."""

    def __init__(self, delay: float = 0.0) -> None:
        self.subs: dict[str, Subscription] = {}
        self.delay = delay

    async def subscribe(self, sub: Subscription) -> Subscription:
        await asyncio.sleep(self.delay)
        self.subs[sub.channel] = sub
        return sub

    async def unsubscribe(self, channel: str) -> bool:
        await asyncio.sleep(self.delay)
        return self.subs.pop(channel, None) is not None

    async def get(self, channel: str) -> Subscription | None:
        await asyncio.sleep(self.delay)
        return self.subs.get(channel)

    async def upcoming(self, channel: str | None, days: int) -> list[UpcomingReminder]:
        await asyncio.sleep(self.delay)
        when = dt.datetime(2026, 3, 21, 9, 0)
        return [UpcomingReminder(when, "casey_report", "3 years ago today: Casey review published", False)]


@pytest.fixture(autouse=True)
def restore_endpoints(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The adapter routes discord.py process-wide; put Discord's own endpoints back after each test."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    )
    yield


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


def env_for(fake: FakeDiscord) -> dict[str, str]:
    return {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_URL": fake.api_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }


def settings_for(fake: FakeDiscord, table: Mapping[str, object] | None = None) -> DiscordSettings:
    return DiscordSettings.from_sources({"guild_ready_timeout": 0, **(table or {})}, env_for(fake))


@pytest.fixture
def subscriptions() -> MemorySubscriptions:
    return MemorySubscriptions()


@pytest.fixture
def router(subscriptions: MemorySubscriptions) -> Router:
    return Router(shelf=Shelf(small_book()), subscriptions=subscriptions)


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord, router: Router) -> AsyncIterator[DiscordSurface]:
    surface = DiscordSurface(router, settings_for(fake))
    await surface.start()
    try:
        yield surface
    finally:
        await surface.stop()
