"""Resolver accuracy on the phrasing table, and resolve latency on the real and a 10,000-figure book.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_resolver.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.resolve import Answer, Resolver  # noqa: E402
from bot.facts.loader import load_book  # noqa: E402
from bot.facts.model import FactBook, Figure, PartialDate, Source  # noqa: E402
from tests.core.resolver_cases import CASES, UNRELATED  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def latency(resolver: Resolver, queries: list[str], rounds: int) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            resolver.resolve(q)
            samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples), percentile(samples, 0.99)


def synthetic_book(n: int, seed: int = 7) -> FactBook:
    rng = random.Random(seed)
    words = [
        "officer",
        "police",
        "vetting",
        "misconduct",
        "dismissal",
        "complaint",
        "review",
        "report",
        "force",
        "staff",
        "allegation",
        "hearing",
        "suspension",
        "conviction",
        "investigation",
        "case",
        "borough",
        "unit",
        "command",
        "training",
        "recruit",
        "budget",
        "arrest",
        "custody",
        "patrol",
    ]
    figures = []
    for i in range(n):
        title = " ".join(rng.sample(words, 3)) + f" {i}"
        value = rng.randint(1, 100_000)
        src = Source(
            "Example", "Example", f"https://example.org/{i}", PartialDate(2023, 1, 1), f"{value:,} cases"
        )
        figures.append(
            Figure(
                id=f"fig_{i}",
                title=title,
                value=value,
                counts=" ".join(rng.sample(words, 4)),
                as_of=PartialDate(rng.randint(2015, 2025), rng.randint(1, 12)),
                statement=" ".join(rng.sample(words, 8)) + ".",
                sources=(src,),
                aliases=(f"{title} alias",),
                tags=tuple(rng.sample(words, 2)),
            )
        )
    return FactBook("Synthetic", "generated", tuple(figures), ())


def main() -> None:
    book = load_book(ROOT / "facts.yaml")
    start = time.perf_counter()
    resolver = Resolver(book)
    build_ms = (time.perf_counter() - start) * 1000

    right = 0
    wrong: list[str] = []
    for query, expected in CASES:
        outcome = resolver.resolve(query)
        if isinstance(outcome, Answer) and outcome.fact.id == expected:
            right += 1
        else:
            wrong.append(f"  {query!r}: expected {expected}, got {outcome}")
    refused = sum(not isinstance(resolver.resolve(q), Answer) for q in UNRELATED)
    print(f"resolver table: {right}/{len(CASES)} phrasings answered right ({100 * right / len(CASES):.1f}%)")
    print(f"unrelated text: {refused}/{len(UNRELATED)} refused a confident answer")
    for line in wrong:
        print(line)

    queries = [q for q, _ in CASES] + UNRELATED
    p50, p99 = latency(resolver, queries, rounds=20)
    print(
        f"real book ({len(book.facts)} facts): index {build_ms:.1f} ms; "
        f"resolve p50 {p50:.0f} µs, p99 {p99:.0f} µs"
    )

    big = synthetic_book(10_000)
    start = time.perf_counter()
    big_resolver = Resolver(big)
    big_build = (time.perf_counter() - start) * 1000
    tracemalloc.start()  # a second build, traced: tracing slows it, so it is not the one timed
    Resolver(big)
    index_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    p50, p99 = latency(big_resolver, queries, rounds=3)
    print(
        f"10,000-figure book: index {big_build:.0f} ms, {index_bytes / 2**20:.1f} MiB; "
        f"resolve p50 {p50:.0f} µs, p99 {p99:.0f} µs"
    )


if __name__ == "__main__":
    main()
