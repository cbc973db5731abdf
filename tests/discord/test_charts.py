"""Charts on Discord through the real discord.py: the answer's embed shows the chart uploaded with
it (``attachment://``), with the chart in words as the attachment's description, on a direct
reply and after a deferral; no chart where the figure has none or charts are off; and curated
text in the chart's description never pings."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

import bot.charts.service as service
from bot.charts import Drawing, draw_chart
from bot.charts.service import Charts
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.model import Part
from bot.surfaces.discord.adapter import DiscordSurface

from .conftest import settings_for, small_book
from .fake_discord import FakeDiscord, Request

pytestmark = pytest.mark.asyncio

PNG = b"\x89PNG\r\n\x1a\n"
NAME = "officers_with_criminal_records-history.png"


@pytest_asyncio.fixture
async def charted(fake: FakeDiscord, router: Router) -> AsyncIterator[DiscordSurface]:
    charts = Charts(router.shelf)
    surface = DiscordSurface(router, settings_for(fake), charts=charts)
    await surface.start()
    try:
        yield surface
    finally:
        await surface.stop()
        charts.close()


def the_chart(request: Request) -> tuple[dict[str, Any], bytes]:
    """The one uploaded file's declared attachment and its bytes."""
    (upload,) = request.files
    assert upload.name == "files[0]"
    data = request.json.get("data", request.json)
    (attachment,) = data["attachments"]
    return attachment, upload.data


async def test_a_figure_answer_uploads_its_chart_and_the_embed_shows_it(
    fake: FakeDiscord, charted: DiscordSurface
) -> None:
    callback = await fake.interact(fake.slash("figure", {"query": "convictions"}))
    assert callback.headers["Content-Type"].startswith("multipart/form-data")
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert data["allowed_mentions"] == {"parse": []}
    (embed,) = data["embeds"]
    assert embed["image"] == {"url": f"attachment://{NAME}"}
    assert embed["title"] == "Officers with criminal convictions"  # the answer itself is unchanged
    attachment, png = the_chart(callback)
    assert attachment["filename"] == NAME
    assert png.startswith(PNG)
    description = attachment["description"]
    assert description.startswith("Line chart of Officers with criminal convictions over time:")
    assert "161 on 6 April 2023 and 322 in December 2025" in description
    assert "definition changes" in description


async def test_a_figure_without_a_chart_and_other_replies_upload_nothing(
    fake: FakeDiscord, charted: DiscordSurface
) -> None:
    for payload in (
        fake.slash("figure", {"query": "suspended officers"}),  # one value, no parts
        fake.slash("timeline", {}),
        fake.slash("figure", {"query": "zzzz qqqq"}),
    ):
        callback = await fake.interact(payload)
        assert callback.files == ()
        assert callback.headers["Content-Type"] == "application/json"
        assert all("image" not in e for e in callback.json["data"]["embeds"])


async def test_charts_switched_off_means_no_upload(fake: FakeDiscord, bot: DiscordSurface) -> None:
    callback = await fake.interact(fake.slash("figure", {"query": "convictions"}))
    assert callback.files == () and "image" not in callback.json["data"]["embeds"][0]


async def test_a_slow_drawing_is_deferred_then_the_chart_comes_with_the_edit(
    fake: FakeDiscord, router: Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(*args: Any) -> Drawing | None:
        time.sleep(0.3)  # a cold first drawing, on the drawing thread
        return draw_chart(*args)

    monkeypatch.setattr(service, "draw_chart", slow)
    charts = Charts(router.shelf)
    surface = DiscordSurface(router, settings_for(fake, {"defer_after": 0.05}), charts=charts)
    await surface.start()
    try:
        edited = fake.wait_for(lambda r: r.method == "PATCH")
        callback = await fake.interact(fake.slash("figure", {"query": "convictions"}))
        assert callback.json == {"type": 5}  # "thinking…" within Discord's 3 seconds
        patch = await edited
        assert patch.path.endswith("/messages/@original")
        assert patch.json["embeds"][0]["image"] == {"url": f"attachment://{NAME}"}
        assert patch.json["allowed_mentions"] == {"parse": []}
        attachment, png = the_chart(patch)
        assert attachment["filename"] == NAME and png.startswith(PNG)
        assert "161 on 6 April 2023" in attachment["description"]
    finally:
        await surface.stop()
        charts.close()


async def test_hostile_part_labels_never_ping_from_the_description(fake: FakeDiscord) -> None:
    book = small_book()
    hostile = dataclasses.replace(
        book.figures[0],
        revisions=(),
        parts=(Part("@everyone look", 40), Part("<@123456789012345678> and @here", 30)),
    )
    router = Router(shelf=Shelf(dataclasses.replace(book, figures=(hostile, *book.figures[1:]))))
    charts = Charts(router.shelf)
    surface = DiscordSurface(router, settings_for(fake), charts=charts)
    await surface.start()
    try:
        callback = await fake.interact(fake.slash("figure", {"query": "convictions"}))
        assert callback.json["data"]["allowed_mentions"] == {"parse": []}
        attachment, png = the_chart(callback)
        assert png.startswith(PNG)
        description = attachment["description"]
        assert "Bar chart" in description and "look 40" in description
        assert "@everyone" not in description and "@here" not in description
        assert "<@123456789012345678>" not in description
    finally:
        await surface.stop()
        charts.close()
