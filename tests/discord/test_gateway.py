"""The real discord.py client against the fake gateway and REST: login, READY, sync, slash
commands, autocomplete, permissions, deferral, scheduled posts, rate limits and sharding."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

import discord
import pytest

from bot.core.message import Kind, Message, SourceRef
from bot.core.pages import SiteLinks
from bot.core.router import Router
from bot.surfaces.base import ChannelGone
from bot.surfaces.discord.adapter import DiscordSurface, post_nonce
from bot.surfaces.discord.client import DiscordStartError
from bot.surfaces.discord.sync import sync_commands
from bot.updates.changes import ChangeKind, FactState, Update
from bot.updates.wording import update_message

from .conftest import MemorySubscriptions, settings_for
from .fake_discord import PERM_MANAGE_CHANNELS, PERM_VIEW_SEND, ChannelRef, FakeDiscord

pytestmark = pytest.mark.asyncio

MODERATOR = PERM_VIEW_SEND | PERM_MANAGE_CHANNELS
NO_PINGS = {"parse": []}
EPHEMERAL = 64


def embed_of(callback_json: dict[str, Any]) -> dict[str, Any]:
    embeds: list[dict[str, Any]] = callback_json["data"]["embeds"]
    assert len(embeds) == 1
    return embeds[0]


async def test_login_ready_and_no_intents(fake: FakeDiscord, bot: DiscordSurface) -> None:
    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]
    assert fake.requests[0].headers["Authorization"] == "Bot fake-token"
    assert [i["intents"] for i in fake.identifies] == [0]  # no gateway intents, privileged or not
    assert "shard" not in fake.identifies[0]
    assert fake.ws_paths == ["/gw?v=10&encoding=json&compress=zlib-stream"]
    assert bot.client.is_ready()
    assert fake.commands == {}  # start() never registers commands


async def test_sync_registers_described_commands_globally(fake: FakeDiscord) -> None:
    synced = await sync_commands(settings_for(fake))
    assert [c.name for c in synced] == [
        "figure",
        "check",
        "figures",
        "timeline",
        "source",
        "help",
        "upcoming",
        "remind",
        "updates",
    ]
    (put,) = fake.calls("PUT", rf"/applications/{fake.app_id}/commands")
    by_name = {c["name"]: c for c in put.json}
    assert by_name["figure"]["description"] == "A figure or event, with its sources"
    assert by_name["figure"]["options"] == [
        {
            "type": 3,
            "name": "query",
            "description": "What you want to know, in plain words; pick a suggestion or type your own",
            "required": True,
            "autocomplete": True,
            "min_length": 1,
            "max_length": 300,
        }
    ]
    assert by_name["check"]["options"][0]["max_length"] == 2000  # a paragraph of a draft
    remind = by_name["remind"]
    assert remind["default_member_permissions"] == PERM_MANAGE_CHANNELS
    assert remind["contexts"] == [0]  # servers only
    on = next(o for o in remind["options"] if o["name"] == "on")
    assert [(o["name"], o["type"], o.get("autocomplete", False)) for o in on["options"]] == [
        ("channel", 7, False),
        ("time", 3, False),
        ("timezone", 3, True),
        ("heads_up", 3, False),
    ]
    assert on["options"][0]["channel_types"] == [0, 5]  # text and announcement channels
    updates = by_name["updates"]  # the same permission metadata as /remind
    assert updates["default_member_permissions"] == PERM_MANAGE_CHANNELS
    assert updates["contexts"] == [0]
    assert [o["name"] for o in updates["options"]] == ["on", "off", "status"]
    assert all([(c["name"], c["type"]) for c in o["options"]] == [("channel", 7)] for o in updates["options"])
    assert all(c["description"] for c in put.json)
    assert by_name["figure"].get("default_member_permissions") is None  # everyone may look things up


async def test_sync_to_one_guild_and_clear(fake: FakeDiscord) -> None:
    guild = 900000000000000001
    synced = await sync_commands(settings_for(fake), guild=guild)
    assert len(synced) == 9
    assert len(fake.commands[guild]) == 9
    assert not fake.calls("PUT", rf"/applications/{fake.app_id}/commands")
    assert await sync_commands(settings_for(fake), guild=guild, clear=True) == []
    assert fake.commands[guild] == []


async def test_figure_answer_is_an_embed_that_pings_no_one(fake: FakeDiscord, bot: DiscordSurface) -> None:
    callback = await fake.interact(fake.slash("figure", {"query": "convictions"}))
    assert callback.query == {"with_response": "1"}
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert data["allowed_mentions"] == NO_PINGS
    assert "flags" not in data  # public
    # The wording of an earlier value is the core's; here only its Discord form is checked.
    earlier = embed_of(callback.json)["fields"][2]["value"]
    assert earlier.startswith("6 April 2023: **161**")
    assert "Metropolitan Police" in earlier
    assert embed_of(callback.json) == {
        "type": "rich",
        "flags": 0,
        "title": "Officers with criminal convictions",
        "url": "https://example.org/322",
        "color": 0x2B6CB0,
        "description": "**322**\nAt the end of 2025, 322 serving Met officers had a criminal record.",
        "fields": [
            {"name": "As of", "value": "December 2025", "inline": True},
            {
                "name": "Breakdown",
                "value": "serious traffic offences: **76**\nviolence: **49**",
                "inline": False,
            },
            {"name": "Earlier values", "value": earlier, "inline": False},
            {"name": "Note", "value": "Later counts include cautions.", "inline": False},
            {
                "name": "Sources",
                "value": "[Metropolitan Police, 10 January 2026](https://example.org/322)\n"
                "> “322 officers have a criminal record”\n"
                "[Mirror Site, 11 January 2026](https://example.org/mirror_%28copy%29) (copy)\n"
                "> “322 officers”",
                "inline": False,
            },
        ],
        "footer": {
            "text": "Counts: serving Met officers with a criminal record, including cautions. "
            "Ask `source officers_with_criminal_records` for every quote."
        },
    }


async def test_with_a_base_url_an_answer_ends_with_its_page(
    fake: FakeDiscord, bot: DiscordSurface, router: Router
) -> None:
    router.links = SiteLinks("https://facts.example.org/met/")
    callback = await fake.interact(fake.slash("figure", {"query": "convictions"}))
    page = "https://facts.example.org/met/officers_with_criminal_records/"
    fields = embed_of(callback.json)["fields"]
    assert fields[-2]["name"] == "Sources"
    assert fields[-1] == {
        "name": "Full history and sources",
        "value": f"[Full history and sources]({page})",
        "inline": False,
    }


async def test_autocomplete_ranks_with_the_core_resolver(fake: FakeDiscord, bot: DiscordSurface) -> None:
    callback = await fake.interact(fake.autocomplete("figure", {"query": "conv"}, focused="query"))
    assert callback.json == {
        "type": 8,
        "data": {
            "choices": [
                {"name": "Officers with criminal convictions", "value": "officers_with_criminal_records"}
            ]
        },
    }
    empty = await fake.interact(fake.autocomplete("figure", {"query": ""}, focused="query"))
    assert empty.json["data"]["choices"] == [
        {"name": "Officers suspended", "value": "suspended_officers"},
        {"name": "Officers with criminal convictions", "value": "officers_with_criminal_records"},
    ]
    source = await fake.interact(fake.autocomplete("source", {"id": "casey"}, focused="id"))
    assert source.json["data"]["choices"][0] == {"name": "Casey review published", "value": "casey_report"}


async def test_choosing_a_suggestion_sends_its_id(fake: FakeDiscord, bot: DiscordSurface) -> None:
    callback = await fake.interact(fake.slash("source", {"id": "casey_report"}))
    embed = embed_of(callback.json)
    assert embed["title"] == "Sources: Casey review published"
    assert embed["fields"] == [
        {
            "name": "BBC News, 21 March 2023",
            "value": "[BBC News report](https://example.org/casey)\n> “institutionally racist”",
            "inline": False,
        }
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        "@everyone @here <@&123456789012345678> <@123456789012345678>",
        "x" * 10_000,
        "\x00\x07\u202e\u200b@everyone\r\n\t",
        " ",
    ],
)
async def test_hostile_queries_never_ping_and_never_crash(
    fake: FakeDiscord, bot: DiscordSurface, hostile: str
) -> None:
    for payload in (
        fake.slash("figure", {"query": hostile}),
        fake.slash("timeline", {"query": hostile}),
        fake.slash("source", {"id": hostile}),
        fake.autocomplete("figure", {"query": hostile}, focused="query"),
    ):
        callback = await fake.interact(payload)
        text = json.dumps(callback.json, ensure_ascii=False)
        assert "@everyone" not in text and "@here" not in text and "<@&" not in text
        if callback.json["type"] == 8:
            assert len(callback.json["data"]["choices"]) <= 25
        else:
            assert callback.json["type"] == 4
            assert callback.json["data"]["allowed_mentions"] == NO_PINGS
            assert len(text) < 7000


async def test_not_found_is_private_and_quotes_safely(fake: FakeDiscord, bot: DiscordSurface) -> None:
    callback = await fake.interact(fake.slash("figure", {"query": "officers @everyone"}))
    data = callback.json["data"]
    assert data["flags"] == EPHEMERAL
    assert data["allowed_mentions"] == NO_PINGS
    embed = embed_of(callback.json)
    assert embed["title"] == "No matching figure"
    assert "“officers @\u200beveryone”" in embed["description"]


@pytest.mark.parametrize(
    ("name", "options", "title"),
    [
        ("figures", {}, "Met misconduct"),
        ("help", {}, "figurebot commands"),
        ("timeline", {}, "Timeline"),
        ("timeline", {"query": "2023"}, "Timeline 2023"),
        ("upcoming", {"days": 7}, "Anniversaries in the next 7 days"),
    ],
)
async def test_each_command_reaches_its_core_command(
    fake: FakeDiscord, bot: DiscordSurface, name: str, options: dict[str, Any], title: str
) -> None:
    callback = await fake.interact(fake.slash(name, options))
    assert embed_of(callback.json)["title"] == title


async def test_remind_on_needs_manage_channels(
    fake: FakeDiscord, bot: DiscordSurface, subscriptions: MemorySubscriptions
) -> None:
    callback = await fake.interact(
        fake.slash("remind", {"time": "08:30"}, sub="on", permissions=PERM_VIEW_SEND)
    )
    assert callback.json["data"]["flags"] == EPHEMERAL
    assert embed_of(callback.json)["title"] == "Only moderators can change reminders here"
    assert subscriptions.subs == {}


async def test_remind_on_by_a_moderator(
    fake: FakeDiscord, bot: DiscordSurface, subscriptions: MemorySubscriptions
) -> None:
    options = {"time": "08:30 tz Mars", "timezone": "America/New_York", "heads_up": "7, 1"}
    callback = await fake.interact(fake.slash("remind", options, sub="on", permissions=MODERATOR))
    assert "flags" not in callback.json["data"]
    embed = embed_of(callback.json)
    assert embed["title"] == "Anniversary reminders are on for this channel"
    assert embed["fields"][0] == {"name": "Posting time", "value": "08:30 America/New\\_York", "inline": True}
    sub = subscriptions.subs["discord:800000000000000001"]
    assert (str(sub.post_time), sub.timezone, sub.heads_up_days) == ("08:30:00", "America/New_York", (1, 7))
    assert (sub.surface, sub.workspace, sub.subscribed_by) == (
        "discord",
        "900000000000000001",
        "700000000000000001",
    )


async def test_remind_on_another_channel_checks_permission_there(
    fake: FakeDiscord, bot: DiscordSurface, subscriptions: MemorySubscriptions
) -> None:
    news = 800000000000000099
    refused = await fake.interact(
        fake.slash(
            "remind",
            {"channel": ChannelRef(news)},
            sub="on",
            permissions=MODERATOR,
            resolved_channels={news: PERM_VIEW_SEND},
        )
    )
    assert embed_of(refused.json)["title"] == "Only moderators can change reminders here"
    allowed = await fake.interact(
        fake.slash(
            "remind",
            {"channel": ChannelRef(news)},
            sub="on",
            permissions=PERM_VIEW_SEND,
            resolved_channels={news: MODERATOR},
        )
    )
    assert embed_of(allowed.json)["title"] == "Anniversary reminders are on for discord:800000000000000099"
    assert list(subscriptions.subs) == [f"discord:{news}"]


async def test_timezone_autocomplete(fake: FakeDiscord, bot: DiscordSurface) -> None:
    callback = await fake.interact(
        fake.slash("remind", {"timezone": "new_y"}, sub="on", focused="timezone", interaction_type=4)
    )
    assert callback.json["data"]["choices"][0] == {"name": "America/New_York", "value": "America/New_York"}


async def test_slow_replies_are_deferred_then_edited(fake: FakeDiscord, router: Router) -> None:
    router.subscriptions = MemorySubscriptions(delay=0.2)
    surface = DiscordSurface(router, settings_for(fake, {"defer_after": 0.02}))
    await surface.start()
    try:
        edited = fake.wait_for(lambda r: r.method == "PATCH")
        callback = await fake.interact(fake.slash("remind", {}, sub="status"))
        assert callback.json == {"type": 5}  # "thinking…", within Discord's 3 seconds
        patch = await edited
        assert patch.path.endswith("/messages/@original")
        assert patch.json["allowed_mentions"] == NO_PINGS
        assert patch.json["embeds"][0]["title"] == "Anniversary reminders are off for this channel"

        # A private outcome after a public deferral: the placeholder goes, a private reply follows.
        class SlowAndBroken(MemorySubscriptions):
            async def get(self, channel: str) -> None:
                await asyncio.sleep(0.2)
                raise RuntimeError("database timed out")

        router.subscriptions = SlowAndBroken()
        followup = fake.wait_for(lambda r: r.method == "POST" and r.path.startswith("/webhooks/"))
        callback = await fake.interact(fake.slash("remind", {}, sub="status"))
        assert callback.json == {"type": 5}
        sent = await followup
        assert sent.json["flags"] == EPHEMERAL
        assert sent.json["allowed_mentions"] == NO_PINGS
        assert sent.json["embeds"][0]["title"] == "Something went wrong"
        (delete,) = fake.calls("DELETE", r"/webhooks/\d+/[^/]+/messages/@original")
        assert fake.requests.index(delete) < fake.requests.index(sent)
    finally:
        await surface.stop()


async def test_a_failing_command_gets_a_private_apology(fake: FakeDiscord, router: Router) -> None:
    class Broken(MemorySubscriptions):
        async def get(self, channel: str) -> None:
            raise RuntimeError("database is down")

    router.subscriptions = Broken()
    surface = DiscordSurface(router, settings_for(fake))
    await surface.start()
    try:
        callback = await fake.interact(fake.slash("remind", {}, sub="status"))
        assert callback.json["data"]["flags"] == EPHEMERAL
        assert embed_of(callback.json)["title"] == "Something went wrong"
    finally:
        await surface.stop()


REMINDER = Message(
    Kind.REMINDER,
    "3 years ago today: Casey review published",
    sentence="Baroness Casey's review found the Met institutionally racist. @everyone",
    as_of="21 March 2023",
    sources=(
        SourceRef(
            "BBC News", "Casey", "https://example.org/casey", "21 March 2023", "institutionally racist"
        ),
    ),
    ref="casey_report",
    link="https://example.org/casey",
)


async def test_scheduled_post_is_one_channel_message(fake: FakeDiscord, bot: DiscordSurface) -> None:
    message_id = await bot.post("800000000000000042", REMINDER)
    (post,) = fake.calls("POST", r"/channels/800000000000000042/messages")
    assert message_id.isdigit()
    assert post.json == {
        "content": "3 years ago today: Casey review published",
        "tts": False,
        "nonce": post_nonce("800000000000000042", REMINDER),
        "enforce_nonce": True,
        "allowed_mentions": NO_PINGS,
        "embeds": [
            {
                "type": "rich",
                "flags": 0,
                "title": "3 years ago today: Casey review published",
                "url": "https://example.org/casey",
                "color": 0xB7791F,
                "description": "Baroness Casey's review found the Met institutionally racist. "
                "@\u200beveryone",
                "fields": [
                    {"name": "Date", "value": "21 March 2023", "inline": True},
                    {
                        "name": "Sources",
                        "value": "[BBC News, 21 March 2023](https://example.org/casey)\n"
                        "> “institutionally racist”",
                        "inline": False,
                    },
                ],
            }
        ],
        "components": [],
    }


async def test_a_rate_limited_post_is_retried(fake: FakeDiscord, bot: DiscordSurface) -> None:
    fake.rate_limit("POST", r"/channels/\d+/messages", retry_after=0.05)
    await bot.post("800000000000000042", REMINDER)
    first, second = fake.calls("POST", r"/channels/800000000000000042/messages")
    assert first.json == second.json  # same nonce: Discord would drop a duplicate


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (403, {"message": "Missing Access", "code": 50001}),
        (404, {"message": "Unknown Channel", "code": 10003}),
    ],
)
async def test_a_channel_we_cannot_post_to_is_gone(
    fake: FakeDiscord,
    bot: DiscordSurface,
    status: int,
    body: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake.fail("POST", r"/channels/\d+/messages", status, body)
    with pytest.raises(ChannelGone):
        await bot.post("800000000000000042", REMINDER)
    assert f"cannot post to channel 800000000000000042 ({status} {body['message']})" in caplog.text


async def test_other_post_errors_propagate(fake: FakeDiscord, bot: DiscordSurface) -> None:
    fake.fail("POST", r"/channels/\d+/messages", 400, {"message": "Invalid Form Body", "code": 50035})
    with pytest.raises(discord.HTTPException) as caught:
        await bot.post("800000000000000042", REMINDER)
    assert not isinstance(caught.value, ChannelGone)
    with pytest.raises(ChannelGone):
        await bot.post("general", REMINDER)


async def test_bad_token_is_a_clear_error(fake: FakeDiscord, router: Router) -> None:
    fake.bad_token()
    surface = DiscordSurface(router, settings_for(fake))
    with pytest.raises(DiscordStartError, match=r"Discord rejected the token \(401\): check DISCORD_TOKEN"):
        await surface.start()
    assert surface.client.is_closed()
    await surface.stop()  # safe after a failed start


async def test_an_unreachable_gateway_is_a_clear_error(fake: FakeDiscord, router: Router) -> None:
    settings = settings_for(fake, {"ready_timeout": 1})
    closed = type(settings)(**{**settings.__dict__, "gateway_url": "ws://127.0.0.1:9/gw"})
    surface = DiscordSurface(router, closed)
    # Which of the two depends on discord.py's randomised reconnect delay; both say what is wrong.
    clear = (
        r"the Discord gateway sent no READY within 1 s"
        r"|could not connect to the Discord gateway at ws://127\.0\.0\.1:9/gw: "
        r"Cannot connect to host 127\.0\.0\.1:9"
    )
    with pytest.raises(DiscordStartError, match=clear):
        await surface.start()
    assert surface.client.is_closed()


async def test_a_fatal_gateway_close_is_logged(
    fake: FakeDiscord, bot: DiscordSurface, caplog: pytest.LogCaptureFixture
) -> None:
    ended = asyncio.Event()
    assert bot._runner is not None
    bot._runner.add_done_callback(lambda _task: ended.set())
    await fake.close_sessions(code=4004)  # e.g. the token was revoked while running
    await asyncio.wait_for(ended.wait(), 5)
    assert (
        "the gateway connection stopped for good: the Discord gateway rejected the token (4004)"
        in caplog.text
    )


async def test_stop_twice_is_safe(fake: FakeDiscord, router: Router) -> None:
    surface = DiscordSurface(router, settings_for(fake))
    await surface.start()
    await surface.stop()
    await surface.stop()
    assert surface.client.is_closed()


async def test_auto_sharding_asks_discord_how_many(fake: FakeDiscord, router: Router) -> None:
    fake.recommended_shards = 2
    surface = DiscordSurface(router, settings_for(fake, {"shards": "auto", "identify_interval": 0}))
    await surface.start()
    try:
        assert fake.calls("GET", r"/gateway/bot")
        assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
        # The configured gateway (a proxy, here the fake) wins over the URL from /gateway/bot.
        assert {p.split("?")[0] for p in fake.ws_paths} == {"/gw"}
        # Interactions arrive on either shard and are answered the same way.
        for guild in (900000000000000001, 900000000004194305):
            callback = await fake.interact(fake.slash("figure", {"query": "convictions"}, guild_id=guild))
            assert embed_of(callback.json)["title"] == "Officers with criminal convictions"
    finally:
        await surface.stop()


async def test_auto_sharding_without_a_gateway_url_uses_discords(fake: FakeDiscord, router: Router) -> None:
    settings = settings_for(fake, {"shards": "auto", "identify_interval": 0})
    surface = DiscordSurface(router, type(settings)(**{**settings.__dict__, "gateway_url": None}))
    await surface.start()
    try:
        assert [p.split("?")[0] for p in fake.ws_paths] == ["/gw-from-gateway-bot"]
        assert fake.identifies[0]["shard"] == [0, 1]
    finally:
        await surface.stop()


async def test_a_shard_range_per_process(fake: FakeDiscord, router: Router) -> None:
    surface = DiscordSurface(
        router, settings_for(fake, {"shard_count": 4, "shard_ids": [1, 3], "identify_interval": 0})
    )
    await surface.start()
    try:
        assert not fake.calls("GET", r"/gateway/bot")
        assert sorted(i["shard"] for i in fake.identifies) == [[1, 4], [3, 4]]
    finally:
        await surface.stop()


async def test_direct_messages_work_without_a_guild(fake: FakeDiscord, bot: DiscordSurface) -> None:
    callback = await fake.interact(fake.slash("figure", {"query": "suspended officers"}, guild_id=None))
    assert embed_of(callback.json)["title"] == "Officers suspended"


async def test_a_book_update_is_one_channel_message_that_pings_no_one(
    fake: FakeDiscord, bot: DiscordSurface
) -> None:
    hostile = "@everyone <@&123456789012345678> **bold**"
    state = FactState(
        "suspended_officers",
        "figure",
        "202",
        "2023-10-02",
        "Suspended Met officers",
        value_text="202",
        statement=f"202 officers were suspended. {hostile}",
        source=SourceRef("The Times", "Cundy", "https://example.org/t", "2 October 2023", "202 officers"),
    )
    was = dataclasses.replace(state, value="201", value_text="201", as_of="2023-09-18")
    await bot.post("800000000000000042", update_message([Update(ChangeKind.NEW_VALUE, state, was)]))
    (post,) = fake.calls("POST", r"/channels/800000000000000042/messages")
    assert post.json["allowed_mentions"] == NO_PINGS
    assert post.json["content"] == "Suspended Met officers: 202 now (was 201, 18 September 2023)"
    [embed] = post.json["embeds"]
    assert embed["url"] == "https://example.org/t"
    assert embed["description"] == (
        "202 officers were suspended. @\u200beveryone <@\u200b&123456789012345678> \\*\\*bold\\*\\*"
    )
    assert embed["fields"] == [
        {"name": "As of", "value": "2 October 2023", "inline": True},
        {
            "name": "Source",
            "value": "[The Times, 2 October 2023](https://example.org/t)\n> “202 officers”",
            "inline": False,
        },
    ]
