"""APScheduler 3.11 wiring: when to sweep. What to post is decided by the sweep and the ledger.

One ``AsyncIOScheduler`` per process with the default in-memory job store (a shared job store
duplicates and drops runs; the ledger is what replicas share). Jobs, all re-derivable at any time:

* ``reminders:slot:<zone>:<HH:MM>``: a daily ``CronTrigger`` per distinct (zone, posting time) of
  the subscriptions, sweeping the channels of that slot at their posting time;
* ``reminders:catch-up``: an ``IntervalTrigger`` sweeping everything every few minutes, so a
  failed post is retried and a time missed while the process was busy or down is caught up the
  same local day;
* and one sweep straight away at start and after every ``rebuild``.

Misfire handling is explicit: ``coalesce=True`` (one run for any number of missed fire times) and
a generous ``misfire_grace_time`` (the library default of 1 second would drop a late run
silently). A fall-back night may fire a slot twice; the ledger makes the second run a no-op.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.context import Subscription
from bot.reminders.due import zone_of
from bot.reminders.service import BookSource, IndexCache, utc_now
from bot.reminders.store import Store, StoreError, process_identity
from bot.reminders.sweep import Poster, SweepReport, sweep
from bot.reminders.unrecorded import Unrecorded

log = logging.getLogger("figurebot.reminders")

SLOT_PREFIX = "reminders:slot:"
CATCH_UP_JOB = "reminders:catch-up"


def slot_job_id(timezone: str, post_time: dt.time) -> str:
    return f"{SLOT_PREFIX}{timezone}:{post_time:%H:%M}"


class ReminderScheduler:
    def __init__(
        self,
        store: Store,
        posters: Mapping[str, Poster],
        books: BookSource,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        catch_up: dt.timedelta = dt.timedelta(minutes=5),
        misfire_grace: dt.timedelta = dt.timedelta(hours=1),
        claimer: str | None = None,
        pace: float = 0.0,
        on_report: Callable[[SweepReport], None] | None = None,
    ) -> None:
        self.store = store
        self.posters = posters
        self.clock = clock
        self.catch_up = catch_up
        self.misfire_grace = misfire_grace
        self.claimer = claimer or process_identity()
        self.pace = pace
        self.on_report = on_report  # metrics: called after every sweep
        self.reports: list[SweepReport] = []  # the last few, newest last (status pages, tests)
        self._indexes = IndexCache(books)
        # Posts made while the database was away, shared by every sweep of this process.
        self.unrecorded = Unrecorded()
        self._scheduler = AsyncIOScheduler(timezone=ZoneInfo("UTC"))
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[SweepReport]] = set()
        self._stopping = False

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self._scheduler.get_jobs())

    async def start(self, ensure: Sequence[Subscription] = ()) -> None:
        """Ensure config-listed channels, start the scheduler and run the start-up sweep.
        Call once per process (never from a platform's reconnect handler)."""
        if self._scheduler.running:
            raise RuntimeError("the reminder scheduler is already running")
        for sub in ensure:
            await self.store.ensure_subscription(sub)
        self._scheduler.start()
        self._scheduler.add_job(
            self._job,
            IntervalTrigger(seconds=self.catch_up.total_seconds(), timezone=ZoneInfo("UTC")),
            id=CATCH_UP_JOB,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(self.misfire_grace.total_seconds()),
            replace_existing=True,
        )
        await self.rebuild()

    async def rebuild(self) -> None:
        """Re-derive the slot jobs from the subscriptions and sweep at once (a new event for today,
        or a channel subscribed after its posting time, is caught up the same day)."""
        subs = await self.store.subscriptions()
        wanted: dict[str, tuple[str, dt.time]] = {}
        for sub in subs:
            if zone_of(sub.timezone) is not None:
                wanted[slot_job_id(sub.timezone, sub.post_time)] = (sub.timezone, sub.post_time)
        for job in self._scheduler.get_jobs():
            if job.id.startswith(SLOT_PREFIX) and job.id not in wanted:
                job.remove()
        for job_id, (timezone, post_time) in wanted.items():
            if self._scheduler.get_job(job_id) is not None:
                continue  # unchanged: keep its next fire time as it is
            self._scheduler.add_job(
                self._job,
                CronTrigger(hour=post_time.hour, minute=post_time.minute, timezone=ZoneInfo(timezone)),
                id=job_id,
                kwargs={"slot": (timezone, post_time)},
                coalesce=True,
                max_instances=1,
                misfire_grace_time=int(self.misfire_grace.total_seconds()),
            )
        if not self._stopping:
            self._spawn(self.sweep())

    async def sweep(
        self, now: dt.datetime | None = None, slot: tuple[str, dt.time] | None = None
    ) -> SweepReport:
        """One sweep as if at ``now`` (default: the clock). Sweeps in one process run one at a time."""
        only = None
        if slot is not None:
            zone_name, post_time = slot

            def only(sub: Subscription) -> bool:
                return sub.timezone == zone_name and sub.post_time == post_time

        async with self._lock:
            report = await sweep(
                self.store,
                self._indexes.index,
                self.posters,
                now or self.clock(),
                claimer=self.claimer,
                only=only,
                stopping=lambda: self._stopping,
                pace=self.pace,
                unrecorded=self.unrecorded,
            )
        self.reports = [*self.reports[-9:], report]
        if self.on_report is not None:
            self.on_report(report)
        return report

    async def settle(self) -> None:
        """Wait until no sweep is running (the start-up sweep included)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def shutdown(self, wait: bool = True) -> None:
        """Stop scheduling. With ``wait``, a sweep in progress finishes the post it has claimed
        and records it, then stops; without, it is cancelled (the lease recovers its claim)."""
        self._stopping = True
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        tasks = list(self._tasks)
        if not wait:
            for task in tasks:
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _job(self, slot: tuple[str, dt.time] | None = None) -> None:
        task = self._spawn(self.sweep(slot=slot))
        try:
            # APScheduler cancels job tasks on shutdown; the shield keeps the sweep (and the post
            # it may be in the middle of) running until ``shutdown`` has waited for it.
            await asyncio.shield(task)
        except asyncio.CancelledError:
            return
        except Exception:
            return  # ``_done`` has logged it once; APScheduler would log it a second time

    def _spawn(self, coro: Coroutine[Any, Any, SweepReport]) -> asyncio.Task[SweepReport]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[SweepReport]) -> None:
        self._tasks.discard(task)
        error = None if task.cancelled() else task.exception()
        if isinstance(error, StoreError):
            # The database being away is news, not a bug: one line per attempt.
            log.error("reminders: sweep failed: %s", error)
        elif error is not None:
            log.error("reminders: sweep failed: %s: %s", type(error).__name__, error, exc_info=error)
