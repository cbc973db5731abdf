"""``remind on|off|status`` and ``upcoming`` through the real router and the SQL store."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.context import Context
from bot.core.message import Item, Kind, Line, Message
from bot.core.router import ReminderDefaults, Router
from bot.core.shelf import Shelf
from bot.reminders.service import ReminderService
from bot.reminders.store import Store

from .conftest import CASEY, EVERARD, book

NOW = dt.datetime(2027, 2, 20, 12, 0, tzinfo=dt.UTC)
MOD = Context(surface="console", channel="console:main", user="mod", can_manage=True)
READER = Context(surface="console", channel="console:main", user="reader", can_manage=False)
SLACK_MOD = Context(surface="slack", channel="slack:T01/C01", user="U9", can_manage=True, workspace="T01")
DISCORD_MOD = Context(surface="discord", channel="discord:111111", user="42", can_manage=True, workspace="9")


@pytest_asyncio.fixture
async def router(sqlite_store: Store) -> AsyncIterator[Router]:
    shelf = Shelf(book(EVERARD, CASEY))
    service = ReminderService(sqlite_store, shelf, clock=lambda: NOW)
    yield Router(
        shelf=shelf, subscriptions=service, defaults=ReminderDefaults("Europe/London", dt.time(9, 0))
    )


@pytest.mark.asyncio
async def test_remind_on_then_status_then_off(router: Router, sqlite_store: Store) -> None:
    on = await router.handle("remind on at 08:30 tz Europe/Paris heads-up 7, 1", MOD)
    assert on.kind is Kind.STATUS
    assert on.title == "Anniversary reminders are on for this channel"
    assert on.parts[:3] == (
        Line("Posting time", "08:30 Europe/Paris"),
        Line("Heads-up", "1 day before, 7 days before"),
        Line("Subscribed by", "mod"),
    )
    assert on.items == (
        Item(
            title="In 7 days: 6 years since Sarah Everard was abducted and murdered by a serving Met officer",
            date="24 February 2027, 08:30",
            ref="everard_abducted",
        ),
        Item(
            title="Tomorrow: 6 years since Sarah Everard was abducted and murdered by a serving Met officer",
            date="2 March 2027, 08:30",
            ref="everard_abducted",
        ),
        Item(
            title="6 years ago today: Sarah Everard was abducted and murdered by a serving Met officer",
            date="3 March 2027, 08:30",
            ref="everard_abducted",
        ),
    )
    stored = await sqlite_store.subscription("console:main")
    assert stored is not None
    assert (stored.timezone, stored.post_time, stored.heads_up_days, stored.subscribed_by) == (
        "Europe/Paris",
        dt.time(8, 30),
        (1, 7),
        "mod",
    )
    status = await router.handle("remind status", READER)
    assert status.title == "Anniversary reminders are on for this channel"
    assert status.parts == on.parts
    # Settings not given keep their values.
    await router.handle("remind on at 10:00", MOD)
    again = await sqlite_store.subscription("console:main")
    assert again is not None and (again.timezone, again.post_time, again.heads_up_days) == (
        "Europe/Paris",
        dt.time(10, 0),
        (1, 7),
    )
    off = await router.handle("remind off", MOD)
    assert off == Message(Kind.STATUS, "Anniversary reminders are now off for this channel")
    assert (
        await router.handle("remind off", MOD)
    ).title == "Anniversary reminders were not on for this channel"
    assert (
        await router.handle("remind status", READER)
    ).title == "Anniversary reminders are off for this channel"


@pytest.mark.asyncio
async def test_only_managers_change_reminders(router: Router, sqlite_store: Store) -> None:
    for line in ("remind on", "remind off", "remind on #other at 09:00"):
        refused = await router.handle(line, READER)
        assert (refused.kind, refused.title, refused.private) == (
            Kind.REFUSAL,
            "Only moderators can change reminders here",
            True,
        )
    assert await sqlite_store.subscriptions() == []
    assert (await router.handle("upcoming", READER)).kind is Kind.STATUS


@pytest.mark.parametrize(
    ("line", "title", "echo"),
    [
        ("remind on at 25:00", "That is not a posting time", "25:00"),
        ("remind on at 9am", "That is not a posting time", "9am"),
        ("remind on tz Mars/Olympus", "I do not know that time zone", "Mars/Olympus"),
        ("remind on tz ../../etc/passwd", "I do not know that time zone", "../../etc/passwd"),
        ("remind on heads-up 61", "That heads-up is not a number of days", "61"),
        ("remind on heads-up -1", "That heads-up is not a number of days", "-1"),
        ("remind on at", "A setting is missing its value", None),
        ("remind on at 09:00 loudly yes", "I did not understand that setting", "loudly"),
        ("remind on @everyone", "That is not a channel name", "@everyone"),
        ("remind sometimes", "I did not understand that", "sometimes"),
    ],
)
@pytest.mark.asyncio
async def test_bad_settings_are_refused_privately(
    router: Router, sqlite_store: Store, line: str, title: str, echo: str | None
) -> None:
    refused = await router.handle(line, MOD)
    assert (refused.kind, refused.title, refused.echo, refused.private) == (Kind.REFUSAL, title, echo, True)
    assert await sqlite_store.subscriptions() == []


@pytest.mark.asyncio
async def test_channels_are_named_by_mention_on_platforms(router: Router, sqlite_store: Store) -> None:
    slack = await router.handle("remind on <#C0ANNOUNCE|announcements> at 09:00", SLACK_MOD)
    assert slack.title == "Anniversary reminders are on for slack:T01/C0ANNOUNCE"
    discord = await router.handle("remind on <#222222222>", DISCORD_MOD)
    assert discord.title == "Anniversary reminders are on for discord:222222222"
    plain = await router.handle("remind on #general", SLACK_MOD)
    assert (plain.title, plain.echo) == ("Which channel?", "#general")
    stored = {s.channel: (s.surface, s.workspace) for s in await sqlite_store.subscriptions()}
    assert stored == {"slack:T01/C0ANNOUNCE": ("slack", "T01"), "discord:222222222": ("discord", "9")}


@pytest.mark.asyncio
async def test_upcoming_lists_exact_wording(router: Router) -> None:
    default = await router.handle("upcoming 30", READER)
    assert default.title == "Anniversaries in the next 30 days"
    assert default.items == (
        Item(
            title="6 years ago today: Sarah Everard was abducted and murdered by a serving Met officer",
            date="3 March 2027, 09:00",
            ref="everard_abducted",
        ),
        Item(
            title="4 years ago today: the Casey review was published",
            date="21 March 2027, 09:00",
            ref="casey_review",
        ),
    )
    assert default.footer == "Reminders are off in this channel; times shown for 09:00 Europe/London."
    none = await router.handle("upcoming 5", READER)
    assert (none.title, none.items) == ("No anniversaries in the next 5 days", ())
    bad = await router.handle("upcoming 400", READER)
    assert (bad.kind, bad.title, bad.echo) == (Kind.REFUSAL, "That is not a number of days", "400")


@pytest.mark.parametrize(
    "text",
    [
        "remind on <!channel>",
        "remind on " + "x" * 10_000,
        "remind on \x00\x07\u202e at 09:00",
        "remind",
        "upcoming @here",
        "remind status <@U123>",
        "",
    ],
)
@pytest.mark.asyncio
async def test_hostile_text_never_crashes_or_echoes_into_titles(router: Router, text: str) -> None:
    message = await router.handle(text, MOD)
    for field in (message.title, message.sentence or "", message.footer or ""):
        assert "<!channel>" not in field and "@here" not in field and "<@U123>" not in field
    assert len(message.echo or "") <= 80


@pytest.mark.asyncio
async def test_without_a_store_the_commands_say_so(sqlite_store: Store) -> None:
    bare = Router(shelf=Shelf(book(EVERARD)))
    for line in ("remind on", "remind status", "upcoming"):
        message = await bare.handle(line, MOD)
        assert (message.kind, message.title) == (Kind.REFUSAL, "Reminders are not set up on this bot")
