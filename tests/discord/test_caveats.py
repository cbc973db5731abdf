"""The real book through the real discord.py client against the fake gateway: a value resting on
copies says so on its value line, and linked measures name each other, in the embed as sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.loader import load_book
from bot.surfaces.discord.adapter import DiscordSurface

from .conftest import settings_for
from .fake_discord import FakeDiscord

pytestmark = pytest.mark.asyncio

ROOT = Path(__file__).resolve().parents[2]
COPY = "only a copy of the Daily Mail report was found"


@pytest_asyncio.fixture
async def real_bot(fake: FakeDiscord) -> AsyncIterator[DiscordSurface]:
    surface = DiscordSurface(Router(shelf=Shelf(load_book(ROOT / "facts.yaml"))), settings_for(fake))
    await surface.start()
    try:
        yield surface
    finally:
        await surface.stop()


async def embed_for(fake: FakeDiscord, query: str) -> dict[str, Any]:
    callback = await fake.interact(fake.slash("figure", {"query": query}))
    (embed,) = callback.json["data"]["embeds"]
    assert isinstance(embed, dict)
    return embed


def field(embed: dict[str, Any], name: str) -> str:
    (value,) = [f["value"] for f in embed["fields"] if f["name"] == name]
    assert isinstance(value, str)
    return value


async def test_a_value_resting_on_a_copy_says_so_on_the_value_line(
    fake: FakeDiscord, real_bot: DiscordSurface
) -> None:
    embed = await embed_for(fake, "criminal records")
    assert embed["title"] == "Met officers with criminal records (convictions or cautions)"
    assert embed["description"].startswith(f"**322** · *{COPY}*\nThe Daily Mail reported")
    earlier = field(embed, "Earlier values")
    assert earlier.startswith("November 2024: **243**") and earlier.endswith(f"· {COPY}")
    assert field(embed, "Other measure") == (
        "161 — serving Met officers with criminal convictions (convictions only), as of 6 April 2023 "
        "(`officers_with_criminal_convictions`)"
    )


async def test_convictions_lead_with_the_convictions_only_count_and_name_the_broader_one(
    fake: FakeDiscord, real_bot: DiscordSurface
) -> None:
    embed = await embed_for(fake, "convictions")
    assert embed["title"] == "Met officers with criminal convictions"
    assert embed["description"].startswith("**161**\n")  # its sources are originals: no caveat
    assert field(embed, "Other measure") == (
        f"322 · {COPY} — serving Met officers with a criminal record (convictions or cautions), "
        "as of December 2025 (`officers_with_criminal_records`)"
    )
    assert "share for serious traffic offences: **47%**, computed: 76 of 161" in field(embed, "Breakdown")
