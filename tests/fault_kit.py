"""Pieces the reminders' and the updates' fault tests share: waiting on a condition, posters that
take real time or stop half way, and the real Slack surface holding a post it has made."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from bot.core.message import Message
from bot.surfaces.slack.adapter import SlackSurface
from tests.reminders.conftest import RecordingPoster


async def until(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


class SlowPoster(RecordingPoster):
    """Takes ``seconds`` per post; the post numbered ``hold_at`` (1-based) also waits for ``release``
    (``holding`` is set, and ``held_since`` is the monotonic time, when it starts waiting)."""

    def __init__(self, seconds: float, hold_at: int | None = None) -> None:
        super().__init__()
        self.seconds = seconds
        self.hold_at = hold_at
        self.started = 0
        self.holding = asyncio.Event()
        self.held_since = 0.0
        self.release = asyncio.Event()

    async def post(self, channel: str, message: Message) -> str:
        self.started += 1
        await asyncio.sleep(self.seconds)
        if self.started == self.hold_at:
            self.held_since = time.monotonic()
            self.holding.set()
            await self.release.wait()
        return await super().post(channel, message)


class AcceptedThenHeld:
    """The real Slack surface posts; the first post then waits (``accepted`` set) until the test has
    stopped the database (``release``), so recording meets a database that is gone."""

    def __init__(self, surface: SlackSurface) -> None:
        self.surface = surface
        self.accepted = asyncio.Event()
        self.release = asyncio.Event()
        self.refs: list[str] = []

    async def post(self, channel: str, message: Message) -> str:
        ref = await self.surface.post(channel, message)
        self.refs.append(ref)
        if len(self.refs) == 1:
            self.accepted.set()
            await self.release.wait()
        return ref
