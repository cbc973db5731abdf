"""The real transports: HTTP on a port, Socket Mode over a websocket, OAuth installs of two workspaces."""

from __future__ import annotations

import asyncio
import json
import logging
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def install_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Installs in a SQLite file as people write its URL, or in PostgreSQL under ``?schema=``."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'figurebot.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.mark.asyncio
async def test_two_workspaces_install_over_oauth_and_each_uses_its_own_token(
    fake: FakeSlack, router: Router, tmp_path: Path, install_store: str
) -> None:
    surface = oauth_surface(fake, router, tmp_path, install_store)
    await surface.start()
    try:
        # The installs live where the store's own setup puts them: SQLite in WAL mode, PostgreSQL
        # in the URL's schema.
        assert surface.installs is not None
        async with surface.installs.engine.connect() as conn:
            if install_store.startswith("sqlite"):
                mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
                assert mode == "wal"
            else:
                schema = install_store.rsplit("schema=", 1)[1]
                found = await conn.exec_driver_sql(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
                    (schema,),
                )
                assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= set(found.scalars())
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


@pytest.mark.asyncio
async def test_garbage_bodies_are_refused_in_one_debug_line_each(
    fake: FakeSlack, router: Router, caplog: pytest.LogCaptureFixture
) -> None:
    """Unsigned garbage is a 401 before anything parses it; a signed body bolt cannot read is a
    400. No 500, no traceback, no ERROR line: a flood of junk must not flood the log."""
    caplog.set_level(logging.DEBUG)
    surface = SlackSurface(router, settings_for(fake), http=True, port=0)
    await surface.start()
    url = f"{surface.http_url}/slack/events"
    as_json = {"content-type": "application/json"}
    as_form = {"content-type": "application/x-www-form-urlencoded"}
    cases = [
        ("{not json", as_json, 401),
        ("payload=%7Bnot+json", as_form, 401),
        (
            "payload=%7Bnot+json",
            {**as_form, "x-slack-request-timestamp": "soon", "x-slack-signature": "v0=1"},
            401,
        ),
        ("{not json", signed_headers("{not json", SECRET, json_body=True), 400),
        ("payload=%7Bnot+json", signed_headers("payload=%7Bnot+json", SECRET), 400),
    ]
    try:
        async with aiohttp.ClientSession() as session:
            for body, headers, status in cases:
                caplog.clear()
                async with session.post(url, data=body, headers=headers) as answer:
                    assert answer.status == status, (body, await answer.text())
                ours = [r for r in caplog.records if not r.name.startswith(("asyncio", "aiohttp.access"))]
                assert [r.levelname for r in ours] == ["DEBUG"], [r.getMessage() for r in ours]
                assert not any(r.exc_info for r in caplog.records)
            good = form(slash_command("timeline 2023", response_url=fake.response_url()))
            async with session.post(url, data=good, headers=signed_headers(good, SECRET)) as acked:
                assert acked.status == 200
    finally:
        await surface.stop()


@pytest.mark.asyncio
async def test_slack_traffic_leaves_figurebots_info_lines_on(
    fake: FakeSlack, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bolt sets the level of the logger named after the app on every request; named figurebot,
    that silenced every command line and reload line after the first Slack request."""
    from bot.app.logs import NOISY
    from bot.app.metrics import Metrics
    from bot.core.shelf import Shelf

    from .conftest import command, small_book

    for name in ("figurebot", *NOISY):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.getLogger(name).level)
    caplog.set_level(logging.INFO)
    for name in NOISY:  # as `figurebot run` sets them up
        logging.getLogger(name).setLevel(logging.WARNING)
    router = Router(shelf=Shelf(small_book()), observer=Metrics().observe_command)
    surface = SlackSurface(router, settings_for(fake), http=True, process_before_response=True)
    for text in ("convictions", "timeline 2023"):
        await command(surface, slash_command(text, response_url=fake.response_url()))
    assert logging.getLogger("figurebot").getEffectiveLevel() == logging.INFO
    lines = [r.getMessage() for r in caplog.records if r.name == "figurebot.commands"]
    assert [line.split(" ms=")[0] for line in lines] == [
        "surface=slack command=figure outcome=answer ref=officers_with_criminal_records",
        "surface=slack command=timeline outcome=timeline ref=-",
    ]
    logging.getLogger("figurebot.reload").info("facts reloaded")
    assert caplog.records[-1].getMessage() == "facts reloaded"
