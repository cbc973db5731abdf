"""Book updates on a real `figurebot run`: Slack, Discord and the console through the real
libraries and the local fakes; a change made while the bot was stopped; two processes sharing
PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.app.test_run_process import (  # noqa: F401  (start_bot is a fixture)
    TIMEOUT,
    Bot,
    start_bot,
    write_config,
)
from tests.discord.fake_discord import PERM_MANAGE_CHANNELS, PERM_VIEW_SEND, FakeDiscord, Request
from tests.slack.fake_slack import FakeSlack

REPO = Path(__file__).resolve().parents[2]
APRIL = REPO / "docs" / "examples" / "suspended-2023-04.yaml"
SEPTEMBER = REPO / "docs" / "examples" / "suspended-2023-09.yaml"
NEW_VALUE = "Suspended Met officers: 201 now (was 144, 6 April 2023)"
CORRECTION = "Corrected: Suspended Met officers: 183 for 18 September 2023; the book said 201"
WINDOW = 1  # [updates] batch_seconds in these tests
DISCORD_CHANNEL = "800000000000000001"  # where FakeDiscord.slash says the command was typed


def corrected(text: str) -> str:
    """A test edit: September's 201 corrected to 183 in the value, statement and quotes."""
    return re.sub(r"\b201\b", "183", text)


def book_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


async def discord_posts(fake: FakeDiscord, count: int) -> list[Request]:
    """The bot's posts to the channel, once there are ``count`` of them."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        posts = fake.calls("POST", f"/channels/{DISCORD_CHANNEL}/messages")
        if len(posts) >= count:
            return posts
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {count} Discord posts after {TIMEOUT}s")


async def until_answered(bot: Bot, line: str, expect: str) -> None:
    """Ask until the answer shows ``expect``: the reload has been swapped in."""
    deadline = time.monotonic() + TIMEOUT
    while expect not in await bot.say(line, "for every quote."):  # an answer's last line
        assert time.monotonic() < deadline, f"{expect!r} never answered"
        await asyncio.sleep(0.2)


async def quiet_for(seconds: float) -> None:
    """Long enough for a batching window and its pass to have run if anything was pending."""
    await asyncio.sleep(seconds)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(APRIL, tmp_path / "facts.yaml")
    return tmp_path


@pytest.mark.asyncio
async def test_a_new_value_and_a_correction_reach_slack_discord_and_the_console_once(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    slack, discord_fake = FakeSlack(), FakeDiscord()
    await slack.start()
    await discord_fake.start()
    try:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-run-test",
            "SLACK_APP_TOKEN": "xapp-run-test",
            "SLACK_API_URL": slack.base_url,
            "DISCORD_TOKEN": discord_fake.token,
            "DISCORD_API_URL": discord_fake.api_url,
            "DISCORD_GATEWAY_URL": discord_fake.gateway_url,
        }
        config = write_config(workdir, f"[updates]\nbatch_seconds = {WINDOW}\n")
        bot: Bot = await start_bot(config, env, "--console")
        await bot.wait_text("err", "figurebot is running:")
        await bot.wait_text("err", "updates: first pass on this store")

        # Each surface subscribes through its own command, as a moderator would.
        await bot.say("updates on", "Book updates are on for this channel")
        refused = await discord_fake.interact(discord_fake.slash("updates", {}, sub="on"))
        assert refused.json["data"]["embeds"][0]["title"] == "Only moderators can change book updates here"
        on = await discord_fake.interact(
            discord_fake.slash("updates", {}, sub="on", permissions=PERM_VIEW_SEND | PERM_MANAGE_CHANNELS)
        )
        assert on.json["data"]["embeds"][0]["title"] == "Book updates are on for this channel"
        await slack.send_envelope(
            "slash_commands",
            {
                "command": "/figure",
                "text": "updates on",
                "team_id": "T1",
                "channel_id": "C1",
                "user_id": "UADMIN",
                "response_url": slack.response_url("on"),
                "trigger_id": "1.2",
            },
        )
        [answer] = await slack.wait_for("response_url")
        assert "Book updates are on for this channel" in json.dumps(answer.args)

        # The curator adds September's value.
        (workdir / "facts.yaml").write_text(book_text(SEPTEMBER), encoding="utf-8")
        await bot.wait_text("out", "[update → console:main]")
        await bot.wait_text("out", NEW_VALUE)
        [slack_post] = await slack.wait_for("chat.postMessage", timeout=TIMEOUT)
        assert slack_post.args["channel"] == "C1"
        assert slack_post.args["blocks"][0]["text"]["text"] == NEW_VALUE
        assert slack.check_message(slack_post.args) == []
        print(bot.err[-3000:], [(r.method, r.path) for r in discord_fake.requests][-10:])
        [discord_post] = await discord_posts(discord_fake, 1)
        assert discord_post.json["embeds"][0]["title"] == NEW_VALUE
        assert discord_post.json["content"] == NEW_VALUE
        assert discord_post.json["allowed_mentions"] == {"parse": []}

        # Saving the same file, then an edit of wording only, post nothing.
        facts = workdir / "facts.yaml"
        facts.write_text(book_text(SEPTEMBER), encoding="utf-8")
        reworded = book_text(SEPTEMBER).replace("title: Suspended Met officers", "title: Met suspensions")
        facts.write_text(reworded, encoding="utf-8")
        await until_answered(bot, "figure suspended officers", "201 — Met suspensions")
        await quiet_for(WINDOW + 2.5)

        # A correction is worded as one.
        facts.write_text(corrected(book_text(SEPTEMBER)), encoding="utf-8")
        await bot.wait_text("out", CORRECTION)
        await slack.wait_for("chat.postMessage", count=2, timeout=TIMEOUT)
        await discord_posts(discord_fake, 2)
        await quiet_for(1.0)
        assert await bot.stop() == 0
    finally:
        await slack.stop()
        await discord_fake.stop()
    assert bot.out.count("[update → console:main]") == 2
    assert [c.args["blocks"][0]["text"]["text"] for c in slack.calls_to("chat.postMessage")] == [
        NEW_VALUE,
        CORRECTION,
    ]
    posts = discord_fake.calls("POST", f"/channels/{DISCORD_CHANNEL}/messages")
    assert [p.json["embeds"][0]["title"] for p in posts] == [NEW_VALUE, CORRECTION]


@pytest.mark.asyncio
async def test_a_change_made_while_the_bot_was_stopped_is_posted_once_after_start(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    extra = f'[updates]\nbatch_seconds = {WINDOW}\n[[updates.channels]]\nchannel = "console:main"\n'
    config = write_config(workdir, extra)
    first: Bot = await start_bot(config)
    await first.wait_text("err", "updates: first pass on this store")
    assert await first.stop() == 0

    (workdir / "facts.yaml").write_text(book_text(SEPTEMBER), encoding="utf-8")  # while stopped
    second: Bot = await start_bot(config)
    await second.wait_text("out", NEW_VALUE)
    assert await second.stop() == 0

    third: Bot = await start_bot(config)
    await third.wait_text("err", "figurebot is running:")
    await quiet_for(2.0)
    assert await third.stop() == 0
    assert "[update" not in first.out and "[update" not in third.out
    assert second.out.count("[update → console:main]") == 1


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_two_processes_sharing_postgresql_post_each_change_once(
    workdir: Path,
    pg_url: str,
    start_bot,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    channels = ("console:main", "console:news")
    extra = f"[updates]\nbatch_seconds = {WINDOW}\n" + "".join(
        f'[[updates.channels]]\nchannel = "{c}"\n' for c in channels
    )
    config = write_config(workdir, extra)
    env = {"FIGUREBOT_STORE_URL": pg_url}
    replicas: list[Bot] = [await start_bot(config, env) for _ in range(2)]
    for replica in replicas:
        await replica.wait_text("err", "figurebot is running:")
    await quiet_for(2.0)  # both start-up passes done: the book is recorded once, silently

    (workdir / "facts.yaml").write_text(book_text(SEPTEMBER), encoding="utf-8")  # both reload it
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and sum(r.out.count(NEW_VALUE) for r in replicas) < len(channels):
        await asyncio.sleep(0.1)
    await quiet_for(WINDOW + 3.0)  # room for a second post, were there to be one
    for replica in replicas:
        assert await replica.stop() == 0
        assert "facts reloaded" in replica.err  # each one saw the edit
    for channel in channels:
        assert sum(r.out.count(f"[update → {channel}]") for r in replicas) == 1, [r.out for r in replicas]
    assert sum("first pass on this store" in r.err for r in replicas) == 1
