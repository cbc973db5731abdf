"""Reminders: one day's due reminders for 10,000 subscribed channels over the whole book,
and a real sweep (claim → post → record) on SQLite. Prints figures; asserts nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.context import Subscription  # noqa: E402
from bot.core.message import Message  # noqa: E402
from bot.facts.loader import load_book  # noqa: E402
from bot.reminders.calendar import AnniversaryIndex  # noqa: E402
from bot.reminders.due import due_reminders  # noqa: E402
from bot.reminders.store import open_store  # noqa: E402
from bot.reminders.sweep import sweep  # noqa: E402

UTC = dt.UTC
CHANNELS = 10_000
SWEPT = 2_000
ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC"]
DAY = dt.date(2027, 3, 3)


def subscriptions(count: int, seed: int = 7) -> list[Subscription]:
    rng = random.Random(seed)
    return [
        Subscription(
            channel=f"console:c{i}",
            surface="console",
            workspace="",
            timezone=rng.choice(ZONES),
            post_time=dt.time(rng.choice([7, 8, 9, 10, 12, 18]), rng.choice([0, 30])),
            heads_up_days=rng.choice([(), (), (7,), (7, 1)]),
            subscribed_by="bench",
            subscribed_at=dt.datetime(2027, 1, 1, tzinfo=UTC),
        )
        for i in range(count)
    ]


class NullPoster:
    async def post(self, channel: str, message: Message) -> str:
        return channel


def bench_due(index: AnniversaryIndex, subs: list[Subscription]) -> None:
    # Every 5 minutes across the UTC day: what 288 sweeps would each compute.
    moments = [dt.datetime(2027, 3, 3, tzinfo=UTC) + dt.timedelta(minutes=5 * k) for k in range(288)]
    times, found = [], 0
    for moment in moments:
        start = time.perf_counter()
        found = max(found, len(due_reminders(index, subs, moment)))
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"due reminders for {len(subs):,} channels: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms per sweep (288 sweeps over {DAY}; up to {found:,} due at once)"
    )


async def bench_sweep(index: AnniversaryIndex) -> None:
    subs = subscriptions(SWEPT, seed=11)
    with tempfile.TemporaryDirectory() as folder:
        store = await open_store(f"sqlite+aiosqlite:///{folder}/bench.db")
        try:
            for sub in subs:
                await store.put_subscription(sub)
            end_of_day = dt.datetime(2027, 3, 3, 23, 0, tzinfo=UTC)
            start = time.perf_counter()
            report = await sweep(store, index, {"console": NullPoster()}, end_of_day)
            first = time.perf_counter() - start
            start = time.perf_counter()
            again = await sweep(store, index, {"console": NullPoster()}, end_of_day)
            settled = time.perf_counter() - start
        finally:
            await store.close()
    posted = len(report.posted)
    print(
        f"SQLite sweep, {SWEPT:,} channels: {posted:,} posts claimed and recorded in {first * 1000:.0f} ms "
        f"({first / max(posted, 1) * 1000:.2f} ms each); the repeat sweep skipped {again.due:,} settled "
        f"in {settled * 1000:.0f} ms"
    )


def main() -> None:
    book = load_book(ROOT / "facts.yaml")
    start = time.perf_counter()
    index = AnniversaryIndex.of(book)
    built = (time.perf_counter() - start) * 1000
    print(f"anniversary index for {len(book.events)} events: {built:.2f} ms")
    bench_due(index, subscriptions(CHANNELS))
    asyncio.run(bench_sweep(index))


if __name__ == "__main__":
    main()
