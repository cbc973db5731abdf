"""Fixtures for the Slack surface: the loopback fake Slack, a small book, and signed dispatch."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.core.context import Subscription, UpcomingReminder
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.model import Event, FactBook, Figure, Part, PartialDate, Revision
from bot.surfaces.slack.adapter import SlackSurface
from bot.surfaces.slack.settings import SlackSettings
from tests.kit import src
from tests.reminders.conftest import pg_url  # noqa: F401  (the OAuth test keeps installs in PostgreSQL too)

from .fake_slack import FakeSlack, form, signed_headers

SECRET = "test-signing-secret"


def small_book() -> FactBook:
    convictions = Figure(
        id="officers_with_criminal_records",
        title="Met officers with criminal records",
        value=322,
        counts="serving Met officers with a criminal record, including cautions",
        as_of=PartialDate.parse("2025-12"),
        statement="At the end of 2025, 322 serving Met officers had a criminal record.",
        sources=(
            src(
                "Daily Example & Co",
                "322 officers have a criminal record",
                "2026-01-10",
                "https://example.org/322",
            ),
        ),
        aliases=("convictions", "criminal records"),
        tags=("vetting",),
        parts=(Part("serious traffic offences", 76), Part("violence", 49)),
        revisions=(
            Revision(
                value=161,
                as_of=PartialDate.parse("2023-04-06"),
                sources=(
                    src("Metropolitan Police", "161 officers", "2023-04-06", "https://example.org/161"),
                ),
                counts="convictions only",
            ),
        ),
        note="Later counts include cautions.",
    )
    suspended = Figure(
        id="suspended_officers",
        title="Met officers suspended",
        value=201,
        counts="Met officers suspended from duty",
        as_of=PartialDate.parse("2023-09-18"),
        statement="In September 2023, 201 Met officers were suspended.",
        sources=(src("The Times", "201 officers are suspended", "2023-09-18", "https://example.org/201"),),
        aliases=("suspended officers",),
        tags=("vetting",),
    )
    casey = Event(
        id="casey_report",
        date=PartialDate.parse("2023-03-21"),
        title="Casey review published",
        summary="Baroness Casey's review found the Met institutionally racist, misogynist and homophobic.",
        sources=(src("BBC News", "institutionally racist", "2023-03-21", "https://example.org/casey"),),
        remind=True,
        aliases=("casey", "casey review"),
        tags=("reviews",),
    )
    return FactBook(
        "Met misconduct & vetting", "Figures about Met officers.", (convictions, suspended), (casey,)
    )


class MemorySubscriptions:
    """The reminders port in memory: enough for `remind on/off/status` through the real router."""

    def __init__(self) -> None:
        self.subs: dict[str, Subscription] = {}

    async def subscribe(self, sub: Subscription) -> Subscription:
        self.subs[sub.channel] = sub
        return sub

    async def unsubscribe(self, channel: str) -> bool:
        return self.subs.pop(channel, None) is not None

    async def get(self, channel: str) -> Subscription | None:
        return self.subs.get(channel)

    async def upcoming(self, channel: str | None, days: int) -> list[UpcomingReminder]:
        return []


@pytest.fixture
def subscriptions() -> MemorySubscriptions:
    return MemorySubscriptions()


@pytest.fixture
def router(subscriptions: MemorySubscriptions) -> Router:
    return Router(shelf=Shelf(small_book()), subscriptions=subscriptions, clock=lambda: dt.date(2026, 3, 21))


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


def settings_for(fake: FakeSlack, **table: object) -> SlackSettings:
    env = {"SLACK_BOT_TOKEN": "xoxb-T111", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.base_url}
    return SlackSettings.from_sources(table, env)


@pytest_asyncio.fixture
async def surface(fake: FakeSlack, router: Router) -> AsyncIterator[SlackSurface]:
    """An HTTP-mode surface dispatched in-process (not started: no socket is opened)."""
    yield SlackSurface(router, settings_for(fake), http=True, process_before_response=True)


async def dispatch(
    surface: SlackSurface, body: str, *, json_body: bool = False, headers: Mapping[str, str] | None = None
) -> BoltResponse:
    sent: dict[str, Any] = dict(headers or signed_headers(body, SECRET, json_body=json_body))
    return await surface.app.async_dispatch(AsyncBoltRequest(body=body, headers=sent))


async def command(surface: SlackSurface, fields: Mapping[str, str]) -> BoltResponse:
    return await dispatch(surface, form(fields))


def oauth_surface(fake: FakeSlack, router: Router, tmp_path: Path, store: str | None = None) -> SlackSurface:
    """An HTTP surface for many workspaces (OAuth installs kept in SQLite under ``tmp_path``, or
    in the ``store`` URL given)."""
    env = {
        "SLACK_CLIENT_ID": "111.222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
    }
    store = store or f"sqlite+aiosqlite:///{tmp_path / 'figurebot.db'}"
    return SlackSurface(router, SlackSettings.from_sources({}, env), http=True, port=0, store_url=store)


async def install_over_oauth(
    session: aiohttp.ClientSession, surface: SlackSurface, fake: FakeSlack, team: str
) -> str:
    """Install the app into ``team`` through the real OAuth pages; returns the install page's HTML."""
    fake.oauth_codes[f"code-{team}"] = team
    async with session.get(f"{surface.http_url}/slack/install", allow_redirects=False) as page:
        assert page.status == 200
        state = page.cookies["slack-app-oauth-state"].value
        html = await page.text()
    callback = f"{surface.http_url}/slack/oauth_redirect?code=code-{team}&state={state}"
    async with session.get(
        callback, headers={"Cookie": f"slack-app-oauth-state={state}"}, allow_redirects=False
    ) as done:
        assert done.status == 200, await done.text()
    return html


REMINDER_TEXT = "3 years ago today: the Casey review"
