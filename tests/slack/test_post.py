"""Scheduled posts: one chat.postMessage per reminder, gone channels, 429 retries, pacing."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.core.message import Kind, Message, SourceRef
from bot.surfaces.base import ChannelGone
from bot.surfaces.slack.adapter import SlackSurface
from bot.surfaces.slack.pacing import Pacer
from bot.updates.changes import ChangeKind, FactState, Update
from bot.updates.wording import update_message

from .fake_slack import FakeSlack

REMINDER = Message(
    Kind.REMINDER,
    "3 years ago today: the Casey review & its findings",
    sentence="Baroness Casey's review found the Met institutionally racist, misogynist and homophobic.",
    as_of="21 March 2023",
    sources=(
        SourceRef(
            "BBC News", "Casey", "https://example.org/casey", "21 March 2023", "institutionally racist"
        ),
    ),
    ref="casey_report",
)


@pytest.mark.asyncio
async def test_a_reminder_arrives_as_one_post_with_blocks_and_fallback(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    ts = await surface.post("T111/C222", REMINDER)
    [call] = fake.calls
    assert call.method == "chat.postMessage" and call.token == "xoxb-T111"
    assert call.args == {
        "channel": "C222",
        "text": (
            "3 years ago today: the Casey review &amp; its findings — Baroness Casey's review found the Met "
            "institutionally racist, misogynist and homophobic. — Source: BBC News, 21 March 2023 "
            "https://example.org/casey"
        ),
        "blocks": [
            {
                "type": "header",
                "text": {
                    "type": "plain_text",
                    "text": "3 years ago today: the Casey review & its findings",
                    "emoji": False,
                },
            },
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Baroness Casey's review found the Met institutionally racist, misogynist and "
                    "homophobic.",
                },
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "21 March 2023"}]},
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "<https://example.org/casey|BBC News, 21 March 2023>"
                        " “institutionally racist”",
                    }
                ],
            },
        ],
        "unfurl_links": False,
        "unfurl_media": False,
    }
    assert ts and float(ts) > 0


@pytest.mark.asyncio
async def test_single_workspace_channel_keys_without_team_work_too(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    await surface.post("C333", REMINDER)
    assert fake.calls[0].args["channel"] == "C333"


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived", "account_inactive"])
@pytest.mark.asyncio
async def test_a_channel_that_is_gone_raises_channel_gone(
    fake: FakeSlack, surface: SlackSurface, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("chat.postMessage", error)
    with pytest.raises(ChannelGone, match=error):
        await surface.post("T111/C222", REMINDER)
    assert f"channel T111/C222 no longer takes posts ({error})" in caplog.text
    # Nothing else broke: the next post goes out.
    assert await surface.post("T111/C223", REMINDER)


@pytest.mark.asyncio
async def test_other_errors_are_failures_worth_retrying(fake: FakeSlack, surface: SlackSurface) -> None:
    fake.fail("chat.postMessage", "internal_error")
    with pytest.raises(SlackApiError):
        await surface.post("T111/C222", REMINDER)


@pytest.mark.asyncio
async def test_429_is_retried_after_retry_after(fake: FakeSlack, surface: SlackSurface) -> None:
    fake.rate_limit("chat.postMessage", retry_after=0)
    assert await surface.post("T111/C222", REMINDER)
    assert [c.method for c in fake.calls] == ["chat.postMessage", "chat.postMessage"]


@pytest.mark.asyncio
async def test_posts_to_one_channel_are_paced_and_channels_are_independent() -> None:
    now = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(1.0, clock=lambda: now[0], sleep=sleep)
    async with pacer.slot("T1/C1"):
        now[0] += 0.25  # the post itself took a quarter second
    async with pacer.slot("T1/C2"):
        pass
    async with pacer.slot("T1/C1"):
        pass
    assert slept == [pytest.approx(1.0)]  # C1's second post waited a full second after the first ended
    async with pacer.slot("T1/C2"):
        pass
    assert slept == [pytest.approx(1.0)]  # C2's last post was a second ago already: no wait


def _hostile_updates(count: int) -> list[Update]:
    hostile = "<!channel> <!here> <@U123> <https://evil.example|click> & \x00\x1b[31m"
    return [
        Update(
            ChangeKind.NEW_FIGURE,
            FactState(
                f"fig_{i}",
                "figure",
                "5",
                "2024-03",
                f"{hostile} title {i}",
                value_text="5",
                statement=hostile + " " + "word " * 50,
                source=SourceRef(hostile, "t", f"https://example.org/{i}", "2 March 2024", hostile),
            ),
            None,
        )
        for i in range(count)
    ]


@pytest.mark.asyncio
async def test_a_book_update_digest_is_one_post_that_pings_no_one(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    await surface.post("T111/C222", update_message(_hostile_updates(7)))
    [call] = fake.calls
    assert fake.check_message(call.args) == []
    payload = str(call.args)
    assert "<!channel>" not in payload and "<@U123>" not in payload and "<https://evil" not in payload
    assert "&lt;!channel&gt;" in payload
    assert call.args["blocks"][0]["text"]["text"] == "The facts book changed: 7 updates"
    sections = [b["text"]["text"] for b in call.args["blocks"] if b["type"] == "section"]
    assert sum(text.count("<https://example.org/") for text in sections) == 5  # five listed, linked
    assert "…and 2 more." in str(call.args["blocks"][-1])
