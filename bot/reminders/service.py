"""The reminders layer as the core sees it: the ``Subscriptions`` port over the store and book."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.context import Subscription, UpcomingReminder
from bot.facts.model import FactBook
from bot.reminders.calendar import UTC, AnniversaryIndex
from bot.reminders.due import upcoming, zone_of
from bot.reminders.store import Store


class BookSource(Protocol):
    """Anything holding the current book (the app's ``Shelf``)."""

    @property
    def book(self) -> FactBook: ...


class FixedBook:
    """A ``BookSource`` for one book that never changes (CLI runs, tests)."""

    def __init__(self, book: FactBook) -> None:
        self._book = book

    @property
    def book(self) -> FactBook:
        return self._book


def utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


class IndexCache:
    """The anniversary index of the current book, rebuilt only when the book object changes."""

    def __init__(self, books: BookSource) -> None:
        self._books = books
        self._book: FactBook | None = None
        self._index = AnniversaryIndex(())

    @property
    def index(self) -> AnniversaryIndex:
        book = self._books.book
        if book is not self._book:
            self._index, self._book = AnniversaryIndex.of(book), book
        return self._index


class ReminderService:
    """Implements ``bot.core.context.Subscriptions``. ``on_change`` runs after every subscription
    change (the app passes the scheduler's ``rebuild``)."""

    def __init__(
        self,
        store: Store,
        books: BookSource,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        default_timezone: str = "Europe/London",
        default_post_time: dt.time = dt.time(9, 0),
        on_change: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.default_timezone = default_timezone
        self.default_post_time = default_post_time
        self.on_change = on_change
        self._indexes = IndexCache(books)

    async def subscribe(self, sub: Subscription) -> Subscription:
        stored = await self.store.put_subscription(sub)
        if self.on_change is not None:
            await self.on_change()
        return stored

    async def unsubscribe(self, channel: str) -> bool:
        removed = await self.store.remove_subscription(channel)
        if removed and self.on_change is not None:
            await self.on_change()
        return removed

    async def get(self, channel: str) -> Subscription | None:
        return await self.store.subscription(channel)

    async def upcoming(self, channel: str | None, days: int) -> list[UpcomingReminder]:
        """What ``channel`` will get in the next ``days`` days; for a channel without a
        subscription (or None), the anniversaries at the default time and zone."""
        sub = await self.store.subscription(channel) if channel else None
        zone = zone_of(sub.timezone) if sub else None
        if sub is None or zone is None:
            return upcoming(
                self._indexes.index,
                ZoneInfo(self.default_timezone),
                self.default_post_time,
                (),
                self.clock(),
                days,
            )
        return upcoming(self._indexes.index, zone, sub.post_time, sub.heads_up_days, self.clock(), days)
