"""Button clicks through the real slack-bolt: signed ``block_actions`` in process and over HTTP,
through Socket Mode, for an OAuth-installed workspace, after a restart, and the bad clicks."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import aiohttp
import pytest

from bot.core.context import Context
from bot.core.message import Message
from bot.core.router import Router
from bot.surfaces.slack.actions import LATE_NOTE
from bot.surfaces.slack.adapter import SlackSurface
from bot.surfaces.slack.settings import SlackSettings

from .conftest import SECRET, command, dispatch, install_over_oauth, oauth_surface, settings_for
from .fake_slack import FakeSlack, Shown, app_mention, form, interactive_form, signed_headers, slash_command

pytestmark = pytest.mark.asyncio

CHOICE = "Met officers suspended"  # one of the titles "met" is ambiguous between
CTX = Context("slack", "slack:T111/C111", user="U111", workspace="T111")


async def typed(surface: SlackSurface, line: str) -> Message:
    return await surface.router.handle(line, CTX)


async def ask(surface: SlackSurface, fake: FakeSlack, text: str, key: str = "1") -> Shown:
    """Run ``/figure text`` and return the (last) message it put on the asker's screen."""
    await command(surface, slash_command(text, response_url=fake.response_url(key)))
    return fake.visible()[-1]


async def click(surface: SlackSurface, payload: dict[str, object]) -> int:
    response = await dispatch(surface, interactive_form(payload))
    return response.status


def button_labels(message: Shown) -> list[str]:
    return [button["text"]["text"] for _, button in message.buttons()]


async def test_a_vague_question_offers_buttons_and_a_click_posts_the_answer_to_the_channel(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    choices = await ask(surface, fake, "met")
    assert choices.ephemeral and choices.user == "U111"
    # The resolver ranks the two; either way both are offered, and "None of these" comes last.
    *offered, last = button_labels(choices)
    assert (
        sorted(offered) == sorted(["Met officers with criminal records", CHOICE]) and last == "None of these"
    )
    assert "201" not in json.dumps(choices.blocks, ensure_ascii=False)  # choices show no number

    assert await click(surface, fake.click(choices, CHOICE)) == 200
    # The answer is the typed one, posted to the channel like a typed answer; the choices are gone.
    [answer] = fake.visible()
    assert (answer.ephemeral, answer.thread_ts) == (False, None)
    expected = surface.render(await typed(surface, "figure suspended_officers"))
    assert (answer.text, answer.blocks) == (expected.text, expected.blocks)
    assert choices.deleted
    posted, deleted = fake.responses[1:]
    assert posted.args["response_type"] == "in_channel" and posted.args["replace_original"] is False
    assert deleted.args == {"text": "", "delete_original": True}
    assert fake.problems == []
    assert fake.calls_to("chat.postEphemeral") == [] and fake.calls_to("users.info") == []


async def test_with_private_answers_the_click_replaces_the_choices_in_place(
    fake: FakeSlack, router: Router
) -> None:
    surface = SlackSurface(
        router, settings_for(fake, answers="private"), http=True, process_before_response=True
    )
    choices = await ask(surface, fake, "met")
    await click(surface, fake.click(choices, CHOICE))
    assert fake.visible() == [choices] and choices.edits == 1
    expected = surface.render(await typed(surface, "figure suspended_officers"))
    assert (choices.text, choices.blocks) == (expected.text, expected.blocks)
    assert fake.responses[-1].args["replace_original"] is True


async def test_a_choice_offered_in_a_thread_is_answered_in_that_thread(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    mention = app_mention("<@UBOT> met", ts="1700000000.000900", thread_ts="1700000000.000100")
    await dispatch(surface, json.dumps(mention), json_body=True)
    [choices] = fake.visible()
    assert (choices.user, choices.thread_ts) == ("U111", "1700000000.000100")
    await click(surface, fake.click(choices, "Met officers with criminal records"))
    [answer] = fake.visible()
    assert (answer.ephemeral, answer.thread_ts) == (False, "1700000000.000100")
    assert answer.blocks[0]["text"]["text"] == "Met officers with criminal records"


async def test_all_sources_adds_a_private_message_and_keeps_the_answer(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    answer = await ask(surface, fake, "convictions")
    assert not answer.ephemeral and button_labels(answer) == ["All sources"]
    await click(surface, fake.click(answer, "All sources"))
    shown_answer, sources = fake.visible()
    assert shown_answer is answer and answer.edits == 0 and not answer.deleted
    assert sources.user == "U111"
    expected = surface.render(await typed(surface, "source officers_with_criminal_records"))
    assert sources.blocks == expected.blocks
    assert fake.problems == []


async def test_none_of_these_closes_the_choices(fake: FakeSlack, surface: SlackSurface) -> None:
    choices = await ask(surface, fake, "met")
    await click(surface, fake.click(choices, "None of these"))
    assert fake.visible() == [choices]
    assert choices.blocks[0]["text"]["text"].startswith("*None of these*\nAsk again in other words")
    assert choices.buttons() == []


async def test_a_fact_gone_after_a_reload_gets_fresh_choices(
    fake: FakeSlack, surface: SlackSurface, router: Router
) -> None:
    choices = await ask(surface, fake, "met")
    book = router.shelf.book
    renamed = dataclasses.replace(book.figures[1], id="officers_suspended")
    router.shelf.swap(dataclasses.replace(book, figures=(book.figures[0], renamed)))

    await click(surface, fake.click(choices, CHOICE))
    assert fake.visible() == [choices]  # replaced in place: still private
    assert choices.blocks[0]["text"]["text"].startswith("*That fact is no longer in the book*")
    assert button_labels(choices) == [CHOICE, "None of these"]
    _, fresh = choices.button(CHOICE)
    assert fresh["value"] == "figure:officers_suspended"

    await click(surface, fake.click(choices, CHOICE))
    [answer] = fake.visible()
    assert answer.blocks[0]["text"]["text"] == CHOICE and not answer.ephemeral


@pytest.mark.parametrize(
    ("value", "action_id"),
    [
        ("figure:no_such_thing<!channel>", None),
        ("remind:on", None),
        ("figure:../../etc", None),
        ("x" * 3000, None),
        ("source:suspended_officers", None),  # a real pick, but not what a choice button carries
        (None, "someone_elses_button"),
        (None, "figurebot_choice_999"),
    ],
)
async def test_a_forged_click_is_refused_quietly(
    fake: FakeSlack,
    surface: SlackSurface,
    caplog: pytest.LogCaptureFixture,
    value: str | None,
    action_id: str | None,
) -> None:
    choices = await ask(surface, fake, "met")
    caplog.set_level(logging.DEBUG, logger="bot")
    assert await click(surface, fake.click(choices, CHOICE, value=value, action_id=action_id)) == 200
    untouched, refusal = fake.visible()
    assert untouched is choices and choices.edits == 0
    assert refusal.user == "U111"
    assert refusal.blocks[0]["text"]["text"].startswith("*That button is not one of mine*")
    assert "<!channel>" not in json.dumps(refusal.blocks) and "etc" not in json.dumps(refusal.blocks)
    [record] = [r for r in caplog.records if "not ours" in r.getMessage()]
    assert record.levelno == logging.DEBUG and record.exc_info is None
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert fake.problems == []


async def test_a_forged_label_is_never_echoed_unescaped(
    fake: FakeSlack, surface: SlackSurface, router: Router
) -> None:
    choices = await ask(surface, fake, "met")
    router.shelf.swap(dataclasses.replace(router.shelf.book, figures=router.shelf.book.figures[:1]))
    payload = fake.click(choices, CHOICE)
    payload["actions"][0]["text"]["text"] = "<!channel> <@U999> suspended"  # type: ignore[index]
    await click(surface, payload)
    assert "&lt;!channel&gt; &lt;@U999&gt; suspended" in json.dumps(choices.blocks)
    assert fake.problems == []


async def test_a_click_slack_no_longer_takes_is_answered_as_a_new_private_message(
    fake: FakeSlack, surface: SlackSurface
) -> None:
    choices = await ask(surface, fake, "met")
    payload = fake.click(choices, CHOICE)
    fake.expire(str(payload["response_url"]))  # as 30 minutes after the click
    await click(surface, payload)
    [late] = fake.calls_to("chat.postEphemeral")
    assert (late.args["channel"], late.args["user"], late.token) == ("C111", "U111", "xoxb-T111")
    blocks = json.loads(late.args["blocks"]) if isinstance(late.args["blocks"], str) else late.args["blocks"]
    assert blocks[0] == {"type": "context", "elements": [{"type": "mrkdwn", "text": LATE_NOTE}]}
    assert blocks[1]["text"]["text"] == CHOICE
    assert fake.problems == []


async def test_a_late_click_where_the_bot_cannot_post_is_logged_not_raised(
    fake: FakeSlack, surface: SlackSurface, caplog: pytest.LogCaptureFixture
) -> None:
    choices = await ask(surface, fake, "met")
    payload = fake.click(choices, CHOICE)
    fake.expire(str(payload["response_url"]))
    fake.fail("chat.postEphemeral", "not_in_channel")
    caplog.set_level(logging.INFO, logger="bot")
    assert await click(surface, payload) == 200
    assert "could not answer a late click in C111: not_in_channel" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_unsigned_click_is_refused(fake: FakeSlack, surface: SlackSurface) -> None:
    choices = await ask(surface, fake, "met")
    body = interactive_form(fake.click(choices, CHOICE))
    response = await dispatch(surface, body, headers=signed_headers(body, "not-the-secret"))
    assert response.status == 401
    assert not choices.deleted and len(fake.responses) == 1


async def test_http_mode_clicks_work_after_a_restart(fake: FakeSlack, router: Router) -> None:
    """Choices shown by one process are answered by the next: the buttons carry all they need."""
    first = SlackSurface(router, settings_for(fake), http=True, port=0)
    await first.start()
    try:
        async with aiohttp.ClientSession() as session:
            body = form(slash_command("met", response_url=fake.response_url()))
            await session.post(
                f"{first.http_url}/slack/events", data=body, headers=signed_headers(body, SECRET)
            )
            await fake.wait_for("response_url")
    finally:
        await first.stop()
    choices_shown = fake.visible()[-1]

    second = SlackSurface(router, settings_for(fake), http=True, port=0)
    await second.start()
    try:
        async with aiohttp.ClientSession() as session:
            body_text = interactive_form(fake.click(choices_shown, CHOICE))
            async with session.post(
                f"{second.http_url}/slack/events", data=body_text, headers=signed_headers(body_text, SECRET)
            ) as acked:
                assert (acked.status, await acked.text()) == (200, "")
            await fake.wait_for("response_url", 3)
        [answer] = fake.visible()
        assert answer.blocks[0]["text"]["text"] == CHOICE and not answer.ephemeral
    finally:
        await second.stop()


async def test_socket_mode_clicks(fake: FakeSlack, router: Router) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-T111", "SLACK_APP_TOKEN": "xapp-1-A111", "SLACK_API_URL": fake.base_url}
    surface = SlackSurface(router, SlackSettings.from_sources({}, env))
    await surface.start()
    try:
        await fake.send_envelope("slash_commands", slash_command("met", response_url=fake.response_url()))
        await fake.wait_for("response_url")
        [choices] = fake.visible()
        ack = await fake.send_envelope("interactive", fake.click(choices, CHOICE))
        assert set(ack) == {"envelope_id"}
        await fake.wait_for("response_url", 3)
        [answer] = fake.visible()
        assert answer.blocks[0]["text"]["text"] == CHOICE and not answer.ephemeral
        assert choices.deleted and fake.problems == []
    finally:
        await surface.stop()


async def test_clicks_in_an_oauth_installed_workspace_use_its_token(
    fake: FakeSlack, router: Router, tmp_path: Path
) -> None:
    surface = oauth_surface(fake, router, tmp_path)
    await surface.start()
    try:
        async with aiohttp.ClientSession() as session:
            await install_over_oauth(session, surface, fake, "T222")
            for expire in (False, True):
                body = form(
                    slash_command(
                        "met",
                        response_url=fake.response_url(f"q{expire}", channel="C222"),
                        team="T222",
                        channel="C222",
                    )
                )
                await session.post(
                    f"{surface.http_url}/slack/events", data=body, headers=signed_headers(body, SECRET)
                )
                await fake.wait_for("response_url", 1 if not expire else 4)
                choices = fake.visible("C222")[-1]
                payload = fake.click(choices, CHOICE, team="T222")
                if expire:
                    fake.expire(str(payload["response_url"]))
                text = interactive_form(payload)
                async with session.post(
                    f"{surface.http_url}/slack/events", data=text, headers=signed_headers(text, SECRET)
                ) as acked:
                    assert acked.status == 200
                await fake.wait_for("response_url", 3 if not expire else 5)
        answer = next(m for m in fake.visible("C222") if not m.ephemeral)
        assert answer.blocks[0]["text"]["text"] == CHOICE
        [late] = await fake.wait_for("chat.postEphemeral")
        assert late.token == "xoxb-T222"
    finally:
        await surface.stop()
