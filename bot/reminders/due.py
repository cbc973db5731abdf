"""Which reminders are due for which channels at a given moment, and which are coming up.

Pure functions of the book's anniversary index, the subscriptions and an instant. A reminder is
due when the channel's local date is its posting date and the posting instant has passed: late
the same local day is still due, a later day never is.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.context import Subscription, UpcomingReminder
from bot.reminders.calendar import UTC, AnniversaryIndex, Occurrence, local_date, posting_instant
from bot.reminders.store import LedgerKey
from bot.reminders.wording import reminder_title

log = logging.getLogger("figurebot.reminders")


@dataclass(frozen=True)
class Due:
    occurrence: Occurrence
    subscription: Subscription
    at: dt.datetime  # UTC posting instant

    @property
    def key(self) -> LedgerKey:
        return LedgerKey(self.occurrence.event.id, self.occurrence.key, self.subscription.channel)


def zone_of(name: str) -> ZoneInfo | None:
    """The zone called ``name``, or None for anything zoneinfo cannot load (it raises
    ZoneInfoNotFoundError, a KeyError, for unknown names; ValueError or OSError for odd paths)."""
    if not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return None


def due_reminders(index: AnniversaryIndex, subs: Iterable[Subscription], now: dt.datetime) -> list[Due]:
    """Every (occurrence, channel) due at ``now``, in subscription order then event order.

    Work is shared between channels: local dates per zone, instants per (zone, date, time) and
    occurrence lists per (date, heads-up days) are computed once each.
    """
    now = now.astimezone(UTC)
    dates: dict[str, dt.date | None] = {}
    instants: dict[tuple[str, dt.date, dt.time], dt.datetime] = {}
    found: dict[tuple[dt.date, tuple[int, ...]], list[Occurrence]] = {}
    due: list[Due] = []
    for sub in subs:
        if sub.timezone not in dates:
            zone = zone_of(sub.timezone)
            dates[sub.timezone] = local_date(now, zone) if zone else None
            if zone is None:
                log.warning("reminders: skipping channels with unknown time zone %r", sub.timezone)
        day = dates[sub.timezone]
        if day is None:
            continue
        slot = (sub.timezone, day, sub.post_time)
        at = instants.get(slot)
        if at is None:
            at = instants[slot] = posting_instant(day, sub.post_time, ZoneInfo(sub.timezone))
        if now < at:
            continue
        todo = found.get((day, sub.heads_up_days))
        if todo is None:
            todo = found[(day, sub.heads_up_days)] = index.posted_on(day, sub.heads_up_days)
        due.extend(Due(occ, sub, at) for occ in todo)
    return due


def upcoming(
    index: AnniversaryIndex,
    zone: ZoneInfo,
    post_time: dt.time,
    heads_up_days: tuple[int, ...],
    now: dt.datetime,
    days: int,
) -> list[UpcomingReminder]:
    """Posts with an instant in ``[now, now + days]``, soonest first, with their exact wording."""
    now = now.astimezone(UTC)
    end = now + dt.timedelta(days=days)
    day, last = local_date(now, zone), local_date(end, zone)
    out: list[UpcomingReminder] = []
    while day <= last:
        at = posting_instant(day, post_time, zone)
        if now <= at <= end:
            out.extend(
                UpcomingReminder(
                    when=at.astimezone(zone),
                    event_id=occ.event.id,
                    text=reminder_title(occ),
                    heads_up=occ.heads_up > 0,
                )
                for occ in index.posted_on(day, heads_up_days)
            )
        day += dt.timedelta(days=1)
    return out
