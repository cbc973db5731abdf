"""Charts on Slack through the real slack-bolt and slack_sdk: after a channel answer the figure's
chart is uploaded with the files v2 flow (upload URL, bytes, complete) into the channel or the
mention's thread, with alt text; private answers and figures without a chart upload nothing; a
refused upload leaves the answer standing; curated text never pings."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
import yaml

from bot.charts.service import Charts
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.model import Part
from bot.surfaces.slack.adapter import SlackSurface

from .conftest import command, dispatch, settings_for, small_book
from .fake_slack import FakeSlack, app_mention, slash_command

pytestmark = pytest.mark.asyncio

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"
NAME = "officers_with_criminal_records-history.png"


def manifest_scopes() -> set[str]:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yaml").read_text(encoding="utf-8"))
    return set(manifest["oauth_config"]["scopes"]["bot"])


def surface_for(fake: FakeSlack, router: Router, **table: object) -> SlackSurface:
    return SlackSurface(
        router,
        settings_for(fake, **table),
        http=True,
        process_before_response=True,
        charts=Charts(router.shelf),
    )


@pytest_asyncio.fixture
async def charted(fake: FakeSlack, router: Router) -> AsyncIterator[SlackSurface]:
    surface = surface_for(fake, router)
    yield surface
    assert surface.charts is not None
    surface.charts.close()


async def test_a_channel_answer_is_followed_by_its_chart_in_the_channel(
    fake: FakeSlack, charted: SlackSurface
) -> None:
    fake.scopes = manifest_scopes()  # the install grants exactly what the manifest asks for
    await command(charted, slash_command("convictions", response_url=fake.response_url()))
    [answer] = fake.responses
    assert answer.args["response_type"] == "in_channel"
    [url] = fake.calls_to("files.getUploadURLExternal")
    assert url.token == "xoxb-T111"
    assert url.args["filename"] == NAME
    assert url.args["alt_txt"].startswith("Line chart of Met officers with criminal records over time:")
    assert "161 on 6 April 2023 and 322 in December 2025" in url.args["alt_txt"]
    [upload] = fake.uploads
    assert (upload.filename, upload.channel, upload.thread_ts) == (NAME, "C111", None)
    assert upload.title == "Met officers with criminal records"
    assert upload.data.startswith(PNG) and int(url.args["length"]) == len(upload.data)
    assert upload.initial_comment is None  # the answer above already says it
    # The v2 flow in order, after the answer: get the URL, send the bytes, complete the upload.
    methods = [c.method for c in fake.calls]
    assert methods[-3:] == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert fake.problems == []


async def test_a_mention_gets_its_chart_in_the_thread(fake: FakeSlack, charted: SlackSurface) -> None:
    body = json.dumps(
        app_mention("<@UBOT> convictions", ts="1700000000.000200", thread_ts="1700000000.000100")
    )
    await dispatch(charted, body, json_body=True)
    [post] = fake.calls_to("chat.postMessage")
    [upload] = fake.uploads
    assert (
        (upload.channel, upload.thread_ts)
        == ("C111", "1700000000.000100")
        == (
            post.args["channel"],
            post.args["thread_ts"],
        )
    )
    assert fake.calls.index(post) < fake.calls.index(fake.calls_to("files.completeUploadExternal")[0])


async def test_private_answers_choices_and_figures_without_a_chart_upload_nothing(
    fake: FakeSlack, router: Router
) -> None:
    private = surface_for(fake, router, answers="private")
    await command(private, slash_command("convictions", response_url=fake.response_url()))
    assert fake.responses[-1].args["response_type"] == "ephemeral"
    public = surface_for(fake, router)
    for text in ("suspended officers", "zzzz qqqq", "timeline", "help"):
        await command(public, slash_command(text, response_url=fake.response_url()))
    mention = json.dumps(app_mention("<@UBOT> suspended officers", event_id="Ev2"))
    await dispatch(public, mention, json_body=True)
    assert fake.calls_to("files.getUploadURLExternal") == [] and fake.uploads == []


async def test_charts_switched_off_upload_nothing(fake: FakeSlack, surface: SlackSurface) -> None:
    await command(surface, slash_command("convictions", response_url=fake.response_url()))
    assert len(fake.responses) == 1 and fake.calls_to("files.getUploadURLExternal") == []


@pytest.mark.parametrize(
    ("scopes", "fail", "logged"),
    [
        ({"commands", "chat:write"}, None, "missing_scope"),
        (None, "not_in_channel", "not_in_channel"),
    ],
)
async def test_a_refused_upload_leaves_the_answer_and_says_why(
    fake: FakeSlack,
    charted: SlackSurface,
    caplog: pytest.LogCaptureFixture,
    scopes: set[str] | None,
    fail: str | None,
    logged: str,
) -> None:
    fake.scopes = scopes
    if fail:
        fake.fail("files.completeUploadExternal", fail)
    response = await command(charted, slash_command("convictions", response_url=fake.response_url()))
    assert response.status == 200
    assert len(fake.responses) == 1 and fake.uploads == []
    assert f"the chart for officers_with_criminal_records was not uploaded to C111: {logged}" in caplog.text


async def test_hostile_labels_in_the_chart_never_ping(fake: FakeSlack) -> None:
    book = small_book()
    hostile = dataclasses.replace(
        book.figures[0],
        title="Records <!channel> @everyone",
        revisions=(),
        parts=(Part("<!here> look", 40), Part("<@U111> and <#C999>", 30)),
    )
    router = Router(shelf=Shelf(dataclasses.replace(book, figures=(hostile, *book.figures[1:]))))
    surface = surface_for(fake, router)
    try:
        await command(surface, slash_command("convictions", response_url=fake.response_url()))
        [upload] = fake.uploads
        assert "look 40" in upload.alt_txt and "Records" in upload.title
        assert fake.problems == []  # nothing in the title or alt text reads as a mention
    finally:
        assert surface.charts is not None
        surface.charts.close()
