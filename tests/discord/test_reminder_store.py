"""``/remind`` through the real reminder service and its SQLite store, not the in-memory port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.reminders.service import FixedBook, ReminderService
from bot.reminders.store import Store, open_store
from bot.surfaces.discord.adapter import DiscordSurface

from .conftest import settings_for, small_book
from .fake_discord import PERM_MANAGE_CHANNELS, PERM_VIEW_SEND, FakeDiscord

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'figurebot.db'}")
    try:
        yield opened
    finally:
        await opened.close()


async def test_remind_on_off_round_trip(fake: FakeDiscord, store: Store) -> None:
    book = small_book()
    service = ReminderService(store, FixedBook(book))
    surface = DiscordSurface(Router(shelf=Shelf(book), subscriptions=service), settings_for(fake))
    await surface.start()
    try:
        moderator = PERM_VIEW_SEND | PERM_MANAGE_CHANNELS
        on = await fake.interact(
            fake.slash(
                "remind", {"time": "10:15", "timezone": "Europe/Dublin"}, sub="on", permissions=moderator
            )
        )
        assert on.json["data"]["embeds"][0]["title"] == "Anniversary reminders are on for this channel"
        stored = await service.get("discord:800000000000000001")
        assert stored is not None
        assert (stored.post_time.isoformat(), stored.timezone) == ("10:15:00", "Europe/Dublin")

        status = await fake.interact(fake.slash("remind", {}, sub="status"))
        fields = status.json["data"]["embeds"][0]["fields"]
        assert fields[0] == {"name": "Posting time", "value": "10:15 Europe/Dublin", "inline": True}

        off = await fake.interact(fake.slash("remind", {}, sub="off", permissions=moderator))
        assert off.json["data"]["embeds"][0]["title"] == "Anniversary reminders are now off for this channel"
        assert await service.get("discord:800000000000000001") is None
    finally:
        await surface.stop()
