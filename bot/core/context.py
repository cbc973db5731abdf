"""Who asked, where, and what they may do: the neutral nouns a surface hands to the core.

Also the ports the core's reminder and update commands use to reach the subscription store, so
that ``bot.core`` never imports the database or the scheduler.
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


@dataclass(frozen=True)
class UpdateSubscription:
    """A channel that hears of changes in the book (separate from anniversary reminders)."""

    channel: str  # full channel key
    surface: str
    workspace: str
    subscribed_by: str
    subscribed_at: dt.datetime  # only changes recorded after this are posted to the channel


@dataclass(frozen=True)
class PostedUpdate:
    when: dt.datetime
    text: str  # the headline as posted


class UpdateSubscriptions(Protocol):
    """What the core's `updates` command needs from the updates layer."""

    @property
    def batch_seconds(self) -> int:
        """How long changes wait for the book to settle before they are posted."""
        ...

    async def subscribe(self, sub: UpdateSubscription) -> UpdateSubscription: ...

    async def unsubscribe(self, channel: str) -> bool: ...

    async def get(self, channel: str) -> UpdateSubscription | None: ...

    async def last_posted(self, channel: str) -> PostedUpdate | None: ...
