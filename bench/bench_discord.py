"""Discord surface: interactions handled per second and time to the callback, through the real
discord.py client and the local fake gateway (tests/discord/fake_discord.py).

Each sample is measured at the fake: from sending INTERACTION_CREATE on the websocket to receiving
the POST to the interaction's callback URL, so it includes JSON over the socket, discord.py's
dispatch, the core, the embed and the HTTP callback. Prints figures; asserts nothing.

Run: .venv/bin/python bench/bench_discord.py [--book PATH|small] [-n 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.message import Kind, Message, SourceRef  # noqa: E402
from bot.core.router import Router  # noqa: E402
from bot.core.shelf import Shelf  # noqa: E402
from bot.facts.model import FactBook  # noqa: E402
from bot.surfaces.discord.adapter import DiscordSurface  # noqa: E402
from bot.surfaces.discord.embeds import render  # noqa: E402
from bot.surfaces.discord.settings import DiscordSettings  # noqa: E402
from tests.discord.conftest import small_book  # noqa: E402
from tests.discord.fake_discord import FakeDiscord  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def load(path: str | None) -> FactBook:
    if path == "small":
        return small_book()
    from bot.facts.loader import load_book

    return load_book(Path(path or Path(__file__).resolve().parent.parent / "facts.yaml"))


def queries(book: FactBook) -> list[str]:
    words = [f.title for f in book.facts] + [a for f in book.facts for a in f.aliases]
    return [*words, "officers", "how many were sacked", "zzz nothing", "@everyone " * 50]


async def timed(fake: FakeDiscord, payload: dict[str, object]) -> float:
    started = time.perf_counter()
    await fake.interact(payload, timeout=30)
    return time.perf_counter() - started


async def main(book_path: str | None, count: int, concurrency: int) -> None:
    logging.basicConfig(level=logging.ERROR)
    book = load(book_path)
    texts = queries(book)
    async with FakeDiscord() as fake:
        env = {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_URL": fake.api_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        surface = DiscordSurface(
            Router(shelf=Shelf(book)), DiscordSettings.from_sources({"guild_ready_timeout": 0}, env)
        )
        await surface.start()
        try:
            for text in texts[:20]:  # warm up caches and connections
                await timed(fake, fake.slash("figure", {"query": text}))

            print(f"book: {book.title!r}, {len(book.figures)} figures, {len(book.events)} events")
            for label, make in (
                ("/figure", lambda i: fake.slash("figure", {"query": texts[i % len(texts)]})),
                (
                    "autocomplete",
                    lambda i: fake.autocomplete("figure", {"query": texts[i % len(texts)][:4]}, "query"),
                ),
            ):
                samples = [await timed(fake, make(i)) for i in range(count)]
                print(
                    f"{label:13} sequential, n={count}: p50 {percentile(samples, 0.5) * 1e3:.2f} ms, "
                    f"p99 {percentile(samples, 0.99) * 1e3:.2f} ms, max {max(samples) * 1e3:.2f} ms"
                )

            gate = asyncio.Semaphore(concurrency)

            async def one(i: int) -> float:
                async with gate:
                    return await timed(fake, fake.slash("figure", {"query": texts[i % len(texts)]}))

            started = time.perf_counter()
            samples = await asyncio.gather(*(one(i) for i in range(count)))
            elapsed = time.perf_counter() - started
            print(
                f"/figure       {concurrency} in flight, n={count}: {count / elapsed:,.0f} interactions/s, "
                f"p99 to callback {percentile(list(samples), 0.99) * 1e3:.2f} ms"
            )
        finally:
            await surface.stop()

    message = Message(
        Kind.ANSWER,
        "Officers with criminal convictions",
        value_line="322",
        sentence="At the end of 2025, 322 serving Met officers had a criminal record.",
        as_of="As of December 2025",
        sources=tuple(
            SourceRef("Met", "T", "https://example.org/", "6 April 2023", "322 officers") for _ in range(3)
        ),
        link="https://example.org/",
    )
    rounds = 5000
    started = time.perf_counter()
    for _ in range(rounds):
        render(message)
    per = (time.perf_counter() - started) / rounds
    print(f"render(Message) -> embed: {per * 1e6:.1f} µs each (mean of {rounds})")


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    cli.add_argument("--book", help="a facts file, or 'small' for the test book (default: facts.yaml)")
    cli.add_argument("-n", type=int, default=2000, help="interactions per measurement")
    cli.add_argument("--concurrency", type=int, default=50)
    args = cli.parse_args()
    asyncio.run(main(args.book, args.n, args.concurrency))
