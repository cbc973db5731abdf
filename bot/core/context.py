"""Who asked, where, and what they may do: the neutral nouns a surface hands to the core.

Also the port the core's reminder commands use to reach the subscription store, so that
``bot.core`` never imports the database or the scheduler.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Context:
    """A request's origin. ``channel`` is the full channel key, e.g. ``slack:T01/C01``,
    ``discord:123``, ``console:main``; ``can_manage`` is decided by the surface from the platform's
    own roles (Slack admin/owner or a configured user; Discord Manage Channels)."""

    surface: str
    channel: str
    user: str = ""
    can_manage: bool = False
    workspace: str = ""  # Slack team id or Discord guild id; empty on the console


@dataclass(frozen=True)
class Subscription:
    channel: str  # full channel key
    surface: str
    workspace: str
    timezone: str  # IANA name
    post_time: dt.time
    heads_up_days: tuple[int, ...]
    subscribed_by: str
    subscribed_at: dt.datetime


@dataclass(frozen=True)
class UpcomingReminder:
    when: dt.datetime  # local posting time
    event_id: str
    text: str  # the wording that will be posted
    heads_up: bool


class Subscriptions(Protocol):
    """What the core's `remind` and `upcoming` commands need from the reminders layer."""

    async def subscribe(self, sub: Subscription) -> Subscription: ...

    async def unsubscribe(self, channel: str) -> bool: ...

    async def get(self, channel: str) -> Subscription | None: ...

    async def upcoming(self, channel: str | None, days: int) -> list[UpcomingReminder]: ...
