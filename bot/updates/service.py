"""Updates in the running bot: when to run a pass, and the ``UpdateSubscriptions`` port.

* At start, one pass at once: a change made while the bot was stopped is found and posted.
* After every good reload, a pass once the book has settled: ``batch_seconds`` after the last
  swap (a curator saving several times in a row is announced once, with the final values), but
  never more than ``SETTLE_LIMIT`` windows after the first, so constant saving cannot postpone
  the news for ever.
* Every ``tick`` seconds a pass that only delivers: retries of failed posts, claims whose
  process died, and changes recorded by another process (a replica, or ``updates run``).

Passes in one process run one at a time; the ledger orders them between processes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any

from bot.core.context import PostedUpdate, UpdateSubscription
from bot.reminders.service import BookSource
from bot.reminders.store import Store, process_identity
from bot.reminders.sweep import Poster
from bot.reminders.unrecorded import Unrecorded
from bot.updates.announce import PassReport, announce, utc_now
from bot.updates.store import UpdateStore
from bot.updates.wording import PageUrl, headline

log = logging.getLogger("figurebot.updates")

DEFAULT_BATCH_SECONDS = 60
MAX_BATCH_SECONDS = 300
SETTLE_LIMIT = 5  # a pass runs at most this many windows after the first unannounced swap
DEFAULT_TICK = 60.0
TICK = "updates-tick"  # the delivery tick's task name


def new_subscription(channel: str, by: str, now: dt.datetime) -> UpdateSubscription:
    """A subscription for the full channel key ``channel`` (``slack:T01/C01`` names its workspace)."""
    surface, _, rest = channel.partition(":")
    workspace = rest.split("/", 1)[0] if surface == "slack" and "/" in rest else ""
    return UpdateSubscription(channel, surface, workspace, subscribed_by=by, subscribed_at=now)


class UpdateAnnouncer:
    """Implements ``bot.core.context.UpdateSubscriptions`` and drives passes."""

    def __init__(
        self,
        store: Store,
        posters: Mapping[str, Poster],
        books: BookSource,
        *,
        batch_seconds: int = DEFAULT_BATCH_SECONDS,
        tick: float = DEFAULT_TICK,
        clock: Callable[[], dt.datetime] = utc_now,
        claimer: str | None = None,
        page_url: PageUrl | None = None,
        pace: float = 0.0,
        on_report: Callable[[PassReport], None] | None = None,
        unrecorded: Unrecorded | None = None,
    ) -> None:
        self.store = UpdateStore(store)
        self.posters = posters
        self.books = books
        self._batch_seconds = batch_seconds
        self.tick = tick
        self.clock = clock
        self.claimer = claimer or process_identity()
        self.page_url = page_url
        self.pace = pace
        self.on_report = on_report
        # Posts made while the database was away; the runtime shares the reminders' one, so that
        # neither ledger takes new claims while a post of either is unrecorded.
        self.unrecorded = unrecorded if unrecorded is not None else Unrecorded()
        self.reports: list[PassReport] = []  # the last few, newest last
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._batch: asyncio.Task[None] | None = None
        self._first_swap: float | None = None
        self._last_swap = 0.0
        self._unrecorded = False  # the book changed and no pass has recorded it yet
        self._stopping = False

    @property
    def batch_seconds(self) -> int:
        return self._batch_seconds

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self, ensure: Sequence[UpdateSubscription] = ()) -> None:
        """Ensure config-listed channels, then a pass at once (changes made while stopped) and
        the delivery tick. Call once per process, after the surfaces have started."""
        for sub in ensure:
            await self.store.put_subscription(sub)
        self._unrecorded = True
        self._spawn(self.run_pass(record=True))
        self._spawn(self._ticking(), name=TICK)

    def book_changed(self) -> None:
        """The book was swapped: run a recording pass once it has settled (see the module doc)."""
        if self._stopping:
            return
        now = asyncio.get_running_loop().time()
        self._last_swap = now
        self._unrecorded = True
        if self._first_swap is None:
            self._first_swap = now
        if self._batch is None or self._batch.done():
            self._batch = self._spawn(self._settle_then_record())

    async def settle(self) -> None:
        """Wait until no pass or batching window is pending (tests; the tick is not waited for)."""
        while busy := [t for t in self._tasks if t.get_name() != TICK]:
            await asyncio.gather(*busy, return_exceptions=True)

    async def shutdown(self) -> None:
        """Stop: a pass in progress finishes the post it has claimed and records it; a batch
        still waiting is dropped (the next start finds those changes in the book)."""
        self._stopping = True
        for task in list(self._tasks):
            if task is self._batch or task.get_name() == TICK:
                task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- passes -------------------------------------------------------------------------------

    async def run_pass(self, *, record: bool) -> PassReport | None:
        """One pass now; ``record`` compares the current book with the store first. A failure
        (the database away, say) is logged and left for the next tick."""
        async with self._lock:
            if self._stopping and not record:
                return None
            book = self.books.book if record else None
            try:
                report = await announce(
                    self.store,
                    book,
                    self.posters,
                    self.clock(),
                    clock=self.clock,
                    claimer=self.claimer,
                    page_url=self.page_url,
                    stopping=lambda: self._stopping,
                    pace=self.pace,
                    unrecorded=self.unrecorded,
                )
            except Exception as exc:  # one line per attempt: an outage must not flood the log
                log.warning(
                    "updates: a pass failed (%s: %s); it is retried within %.0f s",
                    type(exc).__name__,
                    exc,
                    self.tick,
                )
                return None
            if record and self.books.book is book:
                self._unrecorded = False
        if report.first:
            log.info(
                "updates: first pass on this store: the book (%d fact(s)) recorded without posting",
                len(report.recorded),
            )
        self.reports = [*self.reports[-9:], report]
        if self.on_report is not None:
            self.on_report(report)
        return report

    async def _settle_then_record(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            assert self._first_swap is not None
            window = self._batch_seconds
            due = min(self._last_swap + window, self._first_swap + SETTLE_LIMIT * window)
            wait = due - loop.time()
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        # From here a new swap starts a window of its own (and its pass waits for this one).
        self._first_swap = None
        self._batch = None
        await self.run_pass(record=True)

    async def _ticking(self) -> None:
        while not self._stopping:
            await asyncio.sleep(self.tick)
            # A recording pass that failed is redone here, unless a batch is still settling.
            waiting = self._batch is not None and not self._batch.done()
            await self.run_pass(record=self._unrecorded and not waiting)

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str = "updates-pass") -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("updates: background task failed", exc_info=task.exception())

    # -- the core's port ----------------------------------------------------------------------

    async def subscribe(self, sub: UpdateSubscription) -> UpdateSubscription:
        return await self.store.put_subscription(sub)

    async def unsubscribe(self, channel: str) -> bool:
        return await self.store.remove_subscription(channel)

    async def get(self, channel: str) -> UpdateSubscription | None:
        return await self.store.subscription(channel)

    async def last_posted(self, channel: str) -> PostedUpdate | None:
        found = await self.store.last_posted(channel)
        return PostedUpdate(found[0], headline(found[1])) if found else None
