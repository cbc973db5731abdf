"""Signed slash commands and app mentions through the real slack-bolt AsyncApp, in process."""

from __future__ import annotations

import json
import time

import pytest

from bot.core.pages import SiteLinks
from bot.core.router import Router
from bot.surfaces.slack.adapter import SlackSurface

from .conftest import SECRET, MemorySubscriptions, command, dispatch, settings_for
from .fake_slack import FakeSlack, app_mention, form, signed_headers, slash_command


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


@pytest.mark.asyncio
async def test_figure_answer_is_posted_to_the_channel_with_exact_blocks(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    response = await command(surface, slash_command("convictions", response_url=fake.response_url()))
    assert (response.status, response.body) == (200, "")
    [posted] = fake.responses
    assert posted.path == "/response/1"
    assert posted.args == {
        "text": (
            "322: Met officers with criminal records — At the end of 2025, 322 serving Met officers had a "
            "criminal record. — Source: Daily Example &amp; Co, 10 January 2026 https://example.org/322"
        ),
        "blocks": [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": "Met officers with criminal records", "emoji": False},
            },
            {
                "type": "section",
                "text": mrkdwn("*322*\nAt the end of 2025, 322 serving Met officers had a criminal record."),
            },
            {"type": "context", "elements": [mrkdwn("As of December 2025")]},
            {
                "type": "section",
                "fields": [mrkdwn("*serious traffic offences*\n76"), mrkdwn("*violence*\n49")],
            },
            {
                "type": "section",
                "text": mrkdwn(
                    "*Earlier values*\n• 6 April 2023: 161 — convictions only · Metropolitan Police"
                ),
            },
            {"type": "context", "elements": [mrkdwn("Later counts include cautions.")]},
            {
                "type": "context",
                "elements": [
                    mrkdwn(
                        "<https://example.org/322|Daily Example &amp; Co, 10 January 2026>"
                        " “322 officers have a criminal record”"
                    )
                ],
            },
            {
                "type": "context",
                "elements": [
                    mrkdwn(
                        "Counts: serving Met officers with a criminal record, including cautions. "
                        "Ask `/figure source officers_with_criminal_records` for every quote."
                    )
                ],
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "All sources", "emoji": False},
                        "action_id": "figurebot_action_0",
                        "value": "source:officers_with_criminal_records",
                    }
                ],
            },
        ],
        "response_type": "in_channel",
        "replace_original": False,
        "unfurl_links": False,
        "unfurl_media": False,
    }
    assert fake.problems == []
    # A plain query needs no role check: no users.info call per question.
    assert fake.calls_to("users.info") == []


@pytest.mark.asyncio
async def test_empty_command_shows_help_only_to_the_asker(fake: FakeSlack, surface: SlackSurface) -> None:
    await command(surface, slash_command("", response_url=fake.response_url()))
    [posted] = fake.responses
    assert posted.args["response_type"] == "ephemeral"
    blocks = posted.args["blocks"]
    assert blocks[0]["type"] == "header"
    listing = blocks[-1]["text"]["text"] if blocks[-1]["type"] == "section" else blocks[-2]["text"]["text"]
    assert "• `/figure &lt;question&gt;` — A figure or event, with its sources" in str(blocks)
    assert "`/figure timeline [year | words]`" in str(blocks)
    assert listing


@pytest.mark.asyncio
async def test_did_you_mean_is_private_even_when_answers_go_to_the_channel(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    await command(surface, slash_command("met", response_url=fake.response_url()))
    [posted] = fake.responses
    assert posted.args["response_type"] == "ephemeral"
    text = json.dumps(posted.args["blocks"], ensure_ascii=False)
    assert "`/figure officers_with_criminal_records`" in text and "`/figure suspended_officers`" in text
    assert "322" not in text and "201" not in text


@pytest.mark.asyncio
async def test_private_answers_setting_keeps_answers_to_the_asker(fake: FakeSlack, router: object) -> None:
    surface = SlackSurface(
        router, settings_for(fake, answers="private"), http=True, process_before_response=True
    )  # type: ignore[arg-type]
    await command(surface, slash_command("convictions", response_url=fake.response_url()))
    assert fake.responses[0].args["response_type"] == "ephemeral"


@pytest.mark.asyncio
async def test_timeline_and_source_are_core_commands_as_text(fake: FakeSlack, surface: SlackSurface) -> None:
    await command(surface, slash_command("timeline 2023", response_url=fake.response_url("t")))
    await command(surface, slash_command("source casey_report", response_url=fake.response_url("s")))
    timeline, sources = fake.responses
    assert timeline.args["blocks"][1] == {
        "type": "section",
        "text": mrkdwn(
            "*21 March 2023* — <https://example.org/casey|Casey review published> — Baroness Casey's review "
            "found the Met institutionally racist, misogynist and homophobic."
        ),
    }
    assert sources.args["blocks"][2] == {
        "type": "section",
        "text": mrkdwn(
            "<https://example.org/casey|BBC News, 21 March 2023>\n_BBC News report_\n“institutionally racist”"
        ),
    }


@pytest.mark.asyncio
async def test_remind_on_is_refused_privately_for_a_member(
    fake: FakeSlack, surface: SlackSurface, subscriptions: MemorySubscriptions
) -> None:
    await command(surface, slash_command("remind on", response_url=fake.response_url(), user="U111"))
    [posted] = fake.responses
    assert posted.args["response_type"] == "ephemeral"
    assert [c.args["user"] for c in fake.calls_to("users.info")] == ["U111"]
    assert posted.args["blocks"][0]["text"]["text"].startswith("*Only moderators can")
    assert subscriptions.subs == {}


@pytest.mark.parametrize("user", ["UADMIN", "UOWNER"])
@pytest.mark.asyncio
async def test_remind_on_works_for_admins_and_owners(
    fake: FakeSlack, surface: SlackSurface, subscriptions: MemorySubscriptions, user: str
) -> None:
    await command(surface, slash_command("remind on", response_url=fake.response_url(), user=user))
    assert list(subscriptions.subs) == ["slack:T111/C111"]
    sub = subscriptions.subs["slack:T111/C111"]
    assert (sub.surface, sub.workspace, sub.subscribed_by) == ("slack", "T111", user)
    assert fake.responses[0].args["response_type"] == "in_channel"


@pytest.mark.asyncio
async def test_configured_managers_need_no_api_call(
    fake: FakeSlack, router: object, subscriptions: MemorySubscriptions
) -> None:
    surface = SlackSurface(
        router, settings_for(fake, managers=["U111"]), http=True, process_before_response=True
    )  # type: ignore[arg-type]
    await command(surface, slash_command("remind on", response_url=fake.response_url(), user="U111"))
    assert list(subscriptions.subs) == ["slack:T111/C111"]
    assert fake.calls_to("users.info") == []


@pytest.mark.asyncio
async def test_bad_signature_and_stale_timestamp_are_rejected(fake: FakeSlack, surface: SlackSurface) -> None:
    body = form(slash_command("convictions", response_url=fake.response_url()))
    wrong = signed_headers(body, "not-the-secret")
    stale = signed_headers(body, SECRET, timestamp=int(time.time()) - 6 * 60)
    for headers in (wrong, stale, {"content-type": "application/x-www-form-urlencoded"}):
        response = await dispatch(surface, body, headers=headers)
        assert response.status == 401
    assert fake.responses == [] and fake.calls == []


@pytest.mark.asyncio
async def test_mention_answers_in_the_thread(fake: FakeSlack, surface: SlackSurface) -> None:
    body = json.dumps(
        app_mention("<@UBOT> casey report", ts="1700000000.000200", thread_ts="1700000000.000100")
    )
    response = await dispatch(surface, body, json_body=True)
    assert response.status == 200
    [post] = fake.calls_to("chat.postMessage")
    assert post.token == "xoxb-T111"
    assert {k: post.args[k] for k in ("channel", "thread_ts", "unfurl_links", "unfurl_media")} == {
        "channel": "C111",
        "thread_ts": "1700000000.000100",
        "unfurl_links": False,
        "unfurl_media": False,
    }
    assert post.args["blocks"][0]["text"]["text"] == "Casey review published"
    assert post.args["text"].startswith("Casey review published — Baroness Casey's review")


@pytest.mark.asyncio
async def test_mention_outside_a_thread_starts_one_and_redeliveries_are_ignored(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    body = json.dumps(app_mention("convictions <@UBOT>", ts="1700000000.000300", event_id="Ev9"))
    await dispatch(surface, body, json_body=True)
    await dispatch(surface, body, json_body=True)  # Slack retries an event it thinks was lost
    [post] = fake.calls_to("chat.postMessage")
    assert post.args["thread_ts"] == "1700000000.000300"


@pytest.mark.asyncio
async def test_private_mention_replies_are_ephemeral_in_the_thread(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    body = json.dumps(app_mention("<@UBOT> met", ts="1700000000.000400"))
    await dispatch(surface, body, json_body=True)
    assert fake.calls_to("chat.postMessage") == []
    [post] = fake.calls_to("chat.postEphemeral")
    assert (post.args["channel"], post.args["user"], post.args["thread_ts"]) == (
        "C111",
        "U111",
        "1700000000.000400",
    )


HOSTILE = [
    "<!channel> convictions",
    "<!here>",
    "<!everyone> & <@U999> <https://evil.example|click me>",
    "<!subteam^S123> " + "x" * 10_000,
    "\x00\x01\x1b[31m\u202e\u200b",
    "remind <!channel>",
    "source <!channel>",
    "timeline <@U999>",
    "check <!channel> 161 officers had convictions and <@U999> 250 were suspended",
    "check " + "<!here> 7, " * 400,
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.asyncio
async def test_hostile_command_text_never_pings_or_fails(
    fake: FakeSlack, surface: SlackSurface, text: str
) -> None:
    response = await command(surface, slash_command(text, response_url=fake.response_url()))
    assert response.status == 200
    [posted] = fake.responses
    assert fake.problems == []
    assert "<!" not in json.dumps(posted.args) and "<@" not in json.dumps(posted.args)


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.asyncio
async def test_hostile_mention_text_never_pings_or_fails(
    fake: FakeSlack, surface: SlackSurface, text: str
) -> None:
    body = json.dumps(app_mention(f"<@UBOT> {text}", event_id=f"Ev{hash(text)}"))
    assert (await dispatch(surface, body, json_body=True)).status == 200
    posts = fake.calls_to("chat.postMessage") + fake.calls_to("chat.postEphemeral")
    assert len(posts) == 1
    assert fake.problems == []


@pytest.mark.asyncio
async def test_a_failing_command_still_answers_privately(fake: FakeSlack, surface: SlackSurface) -> None:
    async def broken(text: str, ctx: object) -> object:
        raise RuntimeError("boom")

    surface.router.handle = broken  # type: ignore[assignment,method-assign]
    await command(surface, slash_command("convictions", response_url=fake.response_url()))
    [posted] = fake.responses
    assert posted.args["response_type"] == "ephemeral"
    assert (
        posted.args["text"]
        == "Something went wrong — The answer could not be built. Please try again in a moment, or ask `help`."  # noqa: E501
    )


@pytest.mark.asyncio
async def test_with_a_base_url_an_answer_ends_with_its_page(fake: FakeSlack, router: Router) -> None:
    router.links = SiteLinks("https://facts.example.org/met/")
    surface = SlackSurface(router, settings_for(fake), http=True, process_before_response=True)
    await command(surface, slash_command("convictions", response_url=fake.response_url()))
    [posted] = fake.responses
    page = "https://facts.example.org/met/officers_with_criminal_records/"
    assert posted.args["blocks"][-1] == {
        "type": "context",
        "elements": [mrkdwn(f"<{page}|Full history and sources>")],
    }
    assert posted.args["text"].endswith(f"Full history and sources: {page}")
    assert fake.problems == []
