"""Buttons and menus through the real discord.py against the fake gateway: component interactions
(INTERACTION_CREATE type 3), before and after a client restart, and the bad clicks."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from typing import Any

import pytest

from bot.core.context import Context
from bot.core.message import Choice, Kind, Message
from bot.core.router import Router
from bot.surfaces.discord.adapter import DiscordSurface
from bot.surfaces.discord.choices import LATE_NOTE, MENU_ID

from .conftest import settings_for
from .fake_discord import FakeDiscord

pytestmark = pytest.mark.asyncio

NO_PINGS = {"parse": []}
EPHEMERAL = 64
CHOICE = "Officers suspended"  # one of the titles "met" is ambiguous between
CTX = Context("discord", "discord:800000000000000001")


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """label -> custom id of every button on a message."""
    return {
        c["label"]: c["custom_id"]
        for row in message["components"]
        for c in row["components"]
        if c["type"] == 2
    }


async def ask(fake: FakeDiscord, query: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``/figure query``: the interaction's payload and the message it was answered with."""
    payload = fake.slash("figure", {"query": query})
    await fake.interact(payload)
    return payload, fake.reply_to(payload)


async def typed_embed(fake: FakeDiscord, query: str) -> dict[str, Any]:
    _, message = await ask(fake, query)
    [embed] = message["embeds"]
    return dict(embed)


async def test_a_vague_question_offers_buttons_privately(
    fake: FakeDiscord, bot: DiscordSurface, router: Router
) -> None:
    payload = fake.slash("figure", {"query": "met"})
    callback = await fake.interact(payload)
    data = callback.json["data"]
    assert (data["flags"], data["allowed_mentions"]) == (EPHEMERAL, NO_PINGS)
    # The core's choices, in its order: the title on the button, the id in its custom id.
    offered = (await router.handle("figure met", CTX)).choices
    assert CHOICE in [c.title for c in offered]
    first_row, second_row = data["components"]
    assert [(c["label"], c["custom_id"], c["style"]) for c in first_row["components"]] == [
        (c.title, f"fb:figure:{c.ref}", 2) for c in offered
    ]
    assert [(c["label"], c["custom_id"]) for c in second_row["components"]] == [("None of these", "fb:none")]
    assert "201" not in json.dumps(data["embeds"], ensure_ascii=False)  # choices show no number


async def test_a_click_posts_the_typed_answer_and_removes_the_choices(
    fake: FakeDiscord, bot: DiscordSurface
) -> None:
    _, choices = await ask(fake, "met")
    click = fake.click(choices, buttons(choices)[CHOICE])
    callback = await fake.interact(click)
    assert callback.json == {"type": 6}  # acknowledged; the answer follows
    await fake.until(lambda: choices["deleted"])
    [answer] = fake.followups()
    assert answer["flags"] == 0  # public, like a typed answer
    assert answer["embeds"] == [await typed_embed(fake, "suspended_officers")]
    (posted,) = fake.calls("POST", r"/webhooks/\d+/[^/]+")
    assert posted.json["allowed_mentions"] == NO_PINGS
    (deleted,) = fake.calls("DELETE", r"/webhooks/\d+/[^/]+/messages/@original")
    assert fake.requests.index(posted) < fake.requests.index(deleted)


async def test_all_sources_adds_a_private_message_under_the_answer(
    fake: FakeDiscord, bot: DiscordSurface
) -> None:
    _, answer = await ask(fake, "convictions")
    assert answer["flags"] == 0 and buttons(answer) == {
        "All sources": "fb:source:officers_with_criminal_records"
    }
    callback = await fake.interact(fake.click(answer, "fb:source:officers_with_criminal_records"))
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert (data["flags"], data["allowed_mentions"]) == (EPHEMERAL, NO_PINGS)
    assert data["embeds"][0]["title"] == "Sources: Officers with criminal convictions"
    assert not answer["deleted"] and answer["edited_timestamp"] is None


async def test_none_of_these_closes_the_choices_in_place(fake: FakeDiscord, bot: DiscordSurface) -> None:
    _, choices = await ask(fake, "met")
    callback = await fake.interact(fake.click(choices, "fb:none"))
    assert callback.json["type"] == 7
    assert callback.json["data"]["allowed_mentions"] == NO_PINGS
    assert choices["embeds"][0]["title"] == "None of these"
    assert choices["components"] == [] and not choices["deleted"]


async def test_buttons_sent_before_a_restart_work_after_it(fake: FakeDiscord, router: Router) -> None:
    first = DiscordSurface(router, settings_for(fake))
    await first.start()
    try:
        _, choices = await ask(fake, "met")
    finally:
        await first.stop()
    second = DiscordSurface(router, settings_for(fake))  # a new process: a new client, no views
    await second.start()
    try:
        assert len(fake.identifies) == 2
        callback = await fake.interact(fake.click(choices, buttons(choices)[CHOICE]))
        assert callback.json == {"type": 6}
        await fake.until(lambda: choices["deleted"])
        [answer] = fake.followups()
        assert answer["embeds"][0]["title"] == CHOICE
    finally:
        await second.stop()


async def test_a_fact_gone_after_a_reload_gets_fresh_choices_in_place(
    fake: FakeDiscord, bot: DiscordSurface, router: Router
) -> None:
    _, choices = await ask(fake, "met")
    book = router.shelf.book
    renamed = dataclasses.replace(book.figures[1], id="officers_suspended")
    router.shelf.swap(dataclasses.replace(book, figures=(book.figures[0], renamed)))

    callback = await fake.interact(fake.click(choices, "fb:figure:suspended_officers"))
    assert callback.json["type"] == 7
    assert choices["embeds"][0]["title"] == "That fact is no longer in the book"
    assert buttons(choices) == {CHOICE: "fb:figure:officers_suspended", "None of these": "fb:none"}

    await fake.interact(fake.click(choices, "fb:figure:officers_suspended"))
    await fake.until(lambda: choices["deleted"])
    assert fake.followups()[0]["embeds"][0]["title"] == CHOICE


def menu_message(fake: FakeDiscord, bot: DiscordSurface, count: int) -> dict[str, Any]:
    """A private message with ``count`` choices, as the bot renders it (more than five: a menu)."""
    ids = ["officers_with_criminal_records", "suspended_officers", "casey_report"]
    choices = tuple(Choice(ids[i % 3] if i < 3 else f"fact_{i}", f"Fact {i}", "figure") for i in range(count))
    view = bot.clicks.buttons.view(Message(Kind.CHOICES, "Did you mean one of these?", choices=choices))
    assert view is not None
    return fake.messages[fake._message(0, {"components": view.to_components(), "flags": EPHEMERAL})["id"]]


async def test_more_than_five_choices_are_a_menu(fake: FakeDiscord, bot: DiscordSurface) -> None:
    message = menu_message(fake, bot, 7)
    [menu_row, none_row] = message["components"]
    [menu] = menu_row["components"]
    assert (menu["type"], menu["custom_id"]) == (3, MENU_ID)
    assert [o["value"] for o in menu["options"]][:3] == [
        "figure:officers_with_criminal_records",
        "figure:suspended_officers",
        "figure:casey_report",
    ]
    assert len(menu["options"]) == 7 and none_row["components"][0]["custom_id"] == "fb:none"
    callback = await fake.interact(fake.click(message, MENU_ID, values=["figure:casey_report"]))
    assert callback.json == {"type": 6}
    await fake.until(lambda: message["deleted"])
    assert fake.followups()[-1]["embeds"][0]["title"] == "Casey review published"


@pytest.mark.parametrize(
    ("custom_id", "values", "on_message"),
    [
        ("fb:figure:Bad Id", None, True),  # ours in form, but not a value we would make
        ("fb:remind:on", None, True),
        ("someone_elses_button", None, True),
        ("fb:figure:casey_report", None, False),  # not on the message clicked
        (MENU_ID, ["remind:on"], True),
        (MENU_ID, ["figure:casey_report", "figure:suspended_officers"], True),
    ],
)
async def test_a_forged_click_is_refused_quietly(
    fake: FakeDiscord,
    bot: DiscordSurface,
    caplog: pytest.LogCaptureFixture,
    custom_id: str,
    values: list[str] | None,
    on_message: bool,
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    message = menu_message(fake, bot, 6)
    if on_message and custom_id != MENU_ID:
        message["components"][1]["components"].append(
            {"type": 2, "style": 2, "label": "Forged", "custom_id": custom_id}
        )
    callback = await fake.interact(fake.click(message, custom_id, values=values))
    data = callback.json["data"]
    assert (callback.json["type"], data["flags"]) == (4, EPHEMERAL)
    assert data["embeds"][0]["title"] == "That button is not one of mine"
    assert "remind" not in json.dumps(data) and "Bad Id" not in json.dumps(data)
    [record] = [r for r in caplog.records if "not ours" in r.getMessage()]
    assert record.levelno == logging.DEBUG and record.exc_info is None
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not message["deleted"] and message["edited_timestamp"] is None


async def test_a_forged_label_is_never_echoed_as_a_mention(
    fake: FakeDiscord, bot: DiscordSurface, router: Router
) -> None:
    message = menu_message(fake, bot, 1)
    message["components"][0]["components"][0]["label"] = "@everyone <@&123456789012345678>"
    router.shelf.swap(dataclasses.replace(router.shelf.book, figures=router.shelf.book.figures[1:]))
    callback = await fake.interact(fake.click(message, "fb:figure:officers_with_criminal_records"))
    shown = json.dumps(callback.json, ensure_ascii=False)
    assert "That fact is no longer in the book" in shown
    assert "@\u200beveryone" in shown and "@everyone" not in shown and "<@&" not in shown
    assert callback.json["data"]["allowed_mentions"] == NO_PINGS


async def test_a_message_discord_will_not_change_gets_the_answer_as_a_new_private_one(
    fake: FakeDiscord, bot: DiscordSurface
) -> None:
    _, choices = await ask(fake, "met")
    click = fake.click(choices, "fb:none")
    choices["deleted"] = True  # gone from the asker's screen: Discord answers 10008
    refused = await fake.interact(click)
    assert refused.json["type"] == 7

    def late() -> list[Any]:
        return [r for r in fake.calls("POST", r"/interactions/\d+/[^/]+/callback") if r.json["type"] == 4]

    await fake.until(lambda: len(late()) == 2)  # the /figure reply, then the late answer
    data = late()[-1].json["data"]
    assert (data["content"], data["flags"], data["allowed_mentions"]) == (LATE_NOTE, EPHEMERAL, NO_PINGS)
    assert data["embeds"][0]["title"] == "None of these"


async def test_slow_answers_to_clicks_are_deferred_then_delivered(
    fake: FakeDiscord, router: Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.core import picks

    answer = picks.answer

    async def slow(*args: Any, **kwargs: Any) -> Message:
        await asyncio.sleep(0.2)
        return await answer(*args, **kwargs)

    monkeypatch.setattr(picks, "answer", slow)
    surface = DiscordSurface(router, settings_for(fake, {"defer_after": 0.02}))
    await surface.start()
    try:
        _, choices = await ask(fake, "met")
        # A private outcome: acknowledged at once, then the clicked message is edited.
        assert (await fake.interact(fake.click(choices, "fb:none"))).json == {"type": 6}
        await fake.until(lambda: choices["embeds"][0]["title"] == "None of these")
        (edit,) = fake.calls("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
        assert edit.json["allowed_mentions"] == NO_PINGS and edit.json["components"] == []

        # A channel answer: acknowledged once, then posted, then the choices deleted.
        _, choices = await ask(fake, "met")
        assert (await fake.interact(fake.click(choices, buttons(choices)[CHOICE]))).json == {"type": 6}
        await fake.until(lambda: choices["deleted"])
        assert fake.followups()[-1]["embeds"][0]["title"] == CHOICE
    finally:
        await surface.stop()
