"""The real transports: HTTP on a port, Socket Mode over a websocket, OAuth installs of two workspaces."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import pytest

from bot.core.router import Router
from bot.surfaces.base import ChannelGone
from bot.surfaces.slack.adapter import SlackSurface
from bot.surfaces.slack.settings import SlackConfigError, SlackSettings

from .conftest import REMINDER_TEXT, SECRET, install_over_oauth, oauth_surface, settings_for
from .fake_slack import FakeSlack, app_mention, form, signed_headers, slash_command


@pytest.mark.asyncio
async def test_http_mode_serves_signed_commands_and_healthz(fake: FakeSlack, router: Router) -> None:
    surface = SlackSurface(router, settings_for(fake), http=True, port=0)
    await surface.start()
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{surface.http_url}/healthz") as health:
                assert (health.status, await health.json()) == (
                    200,
                    {"status": "ok", "surface": "slack", "mode": "http"},
                )
            body = form(slash_command("timeline 2023", response_url=fake.response_url()))
            async with session.post(
                f"{surface.http_url}/slack/events", data=body, headers=signed_headers(body, SECRET)
            ) as acked:
                assert (acked.status, await acked.text()) == (200, "")
            [posted] = await fake.wait_for("response_url")
            assert posted.args["response_type"] == "in_channel"
            assert posted.args["blocks"][0]["text"]["text"] == "Timeline 2023"

            async with session.post(
                f"{surface.http_url}/slack/events", data=body, headers=signed_headers(body, "wrong")
            ) as refused:
                assert refused.status == 401
    finally:
        await surface.stop()
        await surface.stop()  # safe twice


@pytest.mark.asyncio
async def test_socket_mode_starts_from_tokens_and_answers_commands_and_mentions(
    fake: FakeSlack, router: Router
) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-T111", "SLACK_APP_TOKEN": "xapp-1-A111", "SLACK_API_URL": fake.base_url}
    surface = SlackSurface(router, SlackSettings.from_sources({}, env))
    assert surface.mode == "socket"
    await surface.start()
    try:
        assert [c.method for c in fake.calls] == ["auth.test", "apps.connections.open"]
        assert fake.calls[1].token == "xapp-1-A111"
        ack = await fake.send_envelope(
            "slash_commands", slash_command("<!channel> convictions", response_url=fake.response_url())
        )
        assert set(ack) == {"envelope_id"}  # acked at once, the answer follows via response_url
        [posted] = await fake.wait_for("response_url")
        assert posted.args["response_type"] == "ephemeral"
        assert posted.args["blocks"][0]["text"]["text"] == (
            "*No matching figure*\nI don't know “&lt;!channel&gt; convictions”, but I know about:"
        )

        mention = app_mention("<@UBOT> casey", ts="1700000000.000500")
        await fake.send_envelope("events_api", mention)
        [post] = await fake.wait_for("chat.postMessage")
        assert (post.args["channel"], post.args["thread_ts"]) == ("C111", "1700000000.000500")
        assert fake.problems == []
    finally:
        await surface.stop()


@pytest.mark.asyncio
async def test_two_workspaces_install_over_oauth_and_each_uses_its_own_token(
    fake: FakeSlack, router: Router, tmp_path: Path
) -> None:
    surface = oauth_surface(fake, router, tmp_path)
    await surface.start()
    try:
        async with aiohttp.ClientSession() as session:
            for team in ("T111", "T222"):
                page = await install_over_oauth(session, surface, fake, team)
                # The same scopes as before buttons: clicks need Interactivity, not a scope.
                assert (
                    "scope=commands,app_mentions:read,chat:write,chat:write.public,users:read,files:write&"
                    in (page.replace("%2C", ",").replace("%3A", ":"))
                )

            for team in ("T111", "T222"):
                body = json.dumps(app_mention("<@UBOT> convictions", team=team, event_id=f"Ev{team}"))
                async with session.post(
                    f"{surface.http_url}/slack/events",
                    data=body,
                    headers=signed_headers(body, SECRET, json_body=True),
                ) as acked:
                    assert acked.status == 200
            posts = await fake.wait_for("chat.postMessage", 2)
            assert sorted(p.token or "" for p in posts) == ["xoxb-T111", "xoxb-T222"]

        await surface.post("T222/C9", _reminder())
        assert fake.calls_to("chat.postMessage")[-1].token == "xoxb-T222"
        with pytest.raises(ChannelGone, match="not installed"):
            await surface.post("T999/C9", _reminder())
    finally:
        await surface.stop()


def _reminder():  # type: ignore[no-untyped-def]
    from bot.core.message import Kind, Message

    return Message(Kind.REMINDER, REMINDER_TEXT)


def test_oauth_needs_http_and_a_store(fake: FakeSlack, router: Router) -> None:
    env = {
        "SLACK_CLIENT_ID": "1",
        "SLACK_CLIENT_SECRET": "2",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_SIGNING_SECRET": "s",
    }
    settings = SlackSettings.from_sources({}, env)
    with pytest.raises(SlackConfigError, match="need HTTP mode"):
        SlackSurface(router, settings)
    with pytest.raises(SlackConfigError, match="SQL store"):
        SlackSurface(router, settings, http=True)


def test_http_mode_needs_a_signing_secret(router: Router) -> None:
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET"):
        SlackSurface(router, SlackSettings.from_sources({}, {"SLACK_BOT_TOKEN": "xoxb-T1"}), http=True)


@pytest.mark.asyncio
async def test_a_wrong_bot_token_fails_at_start(fake: FakeSlack, router: Router) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_APP_TOKEN": "xapp-1", "SLACK_API_URL": fake.base_url}
    surface = SlackSurface(router, SlackSettings.from_sources({}, env))
    with pytest.raises(Exception, match="invalid_auth"):
        await surface.start()
    await surface.stop()
    await asyncio.sleep(0)
