"""When anniversaries fall: pure date arithmetic over the book, no I/O and no clock.

Policies (also stated in the README, "Anniversary reminders"):

* Only events with ``remind: true`` and a date known to the day have anniversaries; the first one
  is one year after the event.
* 29 February: in a year without one, the anniversary is kept on 28 February (the years count is
  unchanged), so a leap-day event is marked every year rather than every fourth.
* A heads-up ``k`` days ahead is posted on the anniversary's date minus ``k`` days, keyed by the
  anniversary it announces.
* Posting times are wall-clock times in the channel's zone. A time that does not exist that day
  (spring-forward gap) is shifted forward by the gap, as zoneinfo normalises it (02:30 -> 03:30);
  a time that happens twice (fall-back overlap) means its first occurrence. In the rare zones whose
  clocks jump at midnight, a shift that would cross into the next day is made backwards instead,
  so a reminder always stays on its own local date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.facts.model import Event, FactBook, Precision

UTC = dt.UTC


@dataclass(frozen=True)
class Occurrence:
    """One post to make: an event's anniversary (``heads_up == 0``) or a heads-up before it."""

    event: Event
    anniversary: dt.date  # the local date being marked (28 Feb for a leap-day event in other years)
    heads_up: int = 0  # days before the anniversary; 0 for the day itself

    @property
    def years(self) -> int:
        return self.anniversary.year - self.event.date.year

    @property
    def post_date(self) -> dt.date:
        return self.anniversary - dt.timedelta(days=self.heads_up)

    @property
    def key(self) -> str:
        """The ledger's occurrence column: ``2027-03-03`` or ``2027-03-03/heads-up-7``."""
        day = self.anniversary.isoformat()
        return f"{day}/heads-up-{self.heads_up}" if self.heads_up else day

    @property
    def moved_from_leap_day(self) -> bool:
        return (self.event.date.month, self.event.date.day) == (2, 29) and self.anniversary.day == 28


def has_anniversaries(event: Event) -> bool:
    return event.remind and event.date.precision is Precision.DAY


def reminder_events(book: FactBook) -> tuple[Event, ...]:
    return tuple(e for e in book.events if has_anniversaries(e))


def anniversary_in(event: Event, year: int) -> dt.date | None:
    """The date ``event`` is marked in ``year``, or None before its first anniversary."""
    if year <= event.date.year:
        return None
    month, day = event.date.month, event.date.day
    if (month, day) == (2, 29) and not _is_leap(year):
        day = 28
    return dt.date(year, month, day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class AnniversaryIndex:
    """Events by month and day, so "what is marked on this date" is one dict lookup.

    Built once per book; the sweep asks it for thousands of channels per run.
    """

    def __init__(self, events: Iterable[Event]) -> None:
        self._by_day: dict[tuple[int, int], list[Event]] = {}
        for event in events:
            if has_anniversaries(event):
                key = (event.date.month, event.date.day)
                self._by_day.setdefault(key, []).append(event)
        for bucket in self._by_day.values():
            bucket.sort(key=lambda e: (e.date, e.id))

    @classmethod
    def of(cls, book: FactBook) -> AnniversaryIndex:
        return cls(book.events)

    def marked_on(self, day: dt.date) -> list[Occurrence]:
        """Day-of occurrences whose anniversary is ``day``."""
        events = list(self._by_day.get((day.month, day.day), ()))
        if (day.month, day.day) == (2, 28) and not _is_leap(day.year):
            events += self._by_day.get((2, 29), ())
        return [Occurrence(e, day) for e in events if day.year > e.date.year]

    def posted_on(self, day: dt.date, heads_up_days: Sequence[int] = ()) -> list[Occurrence]:
        """Everything to post on ``day``: its anniversaries, then heads-ups for later ones."""
        found = self.marked_on(day)
        for k in sorted(set(heads_up_days)):
            if k > 0:
                found += [
                    Occurrence(o.event, o.anniversary, k) for o in self.marked_on(day + dt.timedelta(days=k))
                ]
        return found


def occurrences(
    events: Iterable[Event], start: dt.date, end: dt.date, heads_up_days: Sequence[int] = ()
) -> list[Occurrence]:
    """Every occurrence whose posting date is in ``[start, end]``, by posting date then event."""
    index = AnniversaryIndex(events)
    return [o for day in _days(start, end) for o in index.posted_on(day, heads_up_days)]


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def posting_instant(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of wall time ``at`` on local date ``day`` under the module's DST policy."""
    local = dt.datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone)
    instant = local.astimezone(UTC)  # fold=0: gap -> shifted forward, overlap -> first occurrence
    if instant.astimezone(zone).date() != day:
        # A gap at midnight pushed it into tomorrow; fold=1 reads it on the later offset instead,
        # which lands the same distance *before* the jump, still on ``day``.
        instant = local.replace(fold=1).astimezone(UTC)
    return instant


def local_date(now: dt.datetime, zone: ZoneInfo) -> dt.date:
    return now.astimezone(zone).date()
