"""Understanding, measured: resolver accuracy on the held-out and tuning tables (and with every
alias removed), confident wrong answers, the draft checker on the claims table, index build time,
resolve latency on the real and a 10,000-figure book, and the cold start of `figurebot ask`.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_resolver.py [--misses]
(--misses lists the tuning table's misses; the held-out tables are reported as numbers only: the
second, tests/core/resolver_heldout2.py, was written blind and its failures are never looked at).
"""

from __future__ import annotations

import dataclasses
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.number_check import judge, numbers_in  # noqa: E402
from bot.core.resolve import Resolver  # noqa: E402
from bot.facts.loader import load_book  # noqa: E402
from bot.facts.model import FactBook, Figure, PartialDate, Source  # noqa: E402
from tests.core.case_format import verdict  # noqa: E402
from tests.core.claims_cases import CLAIMS  # noqa: E402
from tests.core.heldout_cases import HELD_OUT  # noqa: E402
from tests.core.resolver_cases import CASES, NEW_CASES, UNRELATED  # noqa: E402
from tests.core.resolver_heldout2 import HELD_OUT_2  # noqa: E402


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


def _bare(book: FactBook) -> FactBook:
    """The book with every alias removed: what the resolver understands from the book's own words."""
    return dataclasses.replace(
        book,
        figures=tuple(dataclasses.replace(f, aliases=()) for f in book.figures),
        events=tuple(dataclasses.replace(e, aliases=()) for e in book.events),
    )


def score(resolver: Resolver, table: list[tuple[str, str | None]]) -> tuple[int, int, list[str]]:
    """(right, confident wrong, lines describing each miss)."""
    right = wrong = 0
    misses = []
    for query, expect in table:
        outcome = resolver.resolve(query)
        result = verdict(outcome, expect)
        right += result == "right"
        wrong += result == "confident wrong"
        if result != "right":
            misses.append(f"    {result}: {query!r} expected {expect}, got {type(outcome).__name__}")
    return right, wrong, misses


def line(name: str, right: int, wrong: int, total: int) -> str:
    return f"  {name:38} {right:3}/{total} right ({100 * right / total:5.1f}%), {wrong} confident wrong"


def claims(resolver: Resolver) -> None:
    right = matches = false_matches = 0
    for text, number, expected, fact in CLAIMS:
        (found,) = [f for f in numbers_in(text, 50) if f.text == number]
        result = judge(resolver, found)
        got = result.fact.id if result.fact is not None and result.outcome != "unknown" else None
        ok = result.outcome == expected and (got in fact.split("|") if fact else got is None)
        right += ok
        matches += result.outcome == "matches"
        false_matches += result.outcome == "matches" and not ok
    precision = 100 * (matches - false_matches) / matches if matches else 100.0
    print(
        f"draft checker, {len(CLAIMS)} claims: verdicts {right}/{len(CLAIMS)} right "
        f"({100 * right / len(CLAIMS):.1f}%); 'matches' precision {precision:.1f}% "
        f"({matches - false_matches}/{matches}, {false_matches} false)"
    )


def cold_start(rounds: int = 7) -> None:
    """`figurebot ask` as a fresh process (with its edition cache warm, then cold) against the
    interpreter importing only PyYAML and rapidfuzz."""

    def run(argv: list[str], env: dict[str, str]) -> float:
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=False, cwd=ROOT)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples) * 1000

    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "FIGUREBOT_DATA_DIR": data}
        base = run([sys.executable, "-c", "import yaml, rapidfuzz"], env)
        ask = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "ask"]
        ask += ["--facts", str(ROOT / "facts.yaml"), "suspended officers"]
        subprocess.run(ask, env=env, capture_output=True, check=False, cwd=ROOT)  # fills the cache
        warm = run(ask, env)
        cold = []
        for _ in range(3):
            for entry in Path(data, "cache").glob("*"):
                entry.unlink()
            start = time.perf_counter()
            subprocess.run(ask, env=env, capture_output=True, check=False, cwd=ROOT)
            cold.append(time.perf_counter() - start)
    print(
        f"cold start: `figurebot ask` {warm:.0f} ms with its cache ({warm / base:.1f}x), "
        f'{statistics.median(cold) * 1000:.0f} ms without; `python -c "import yaml, rapidfuzz"` {base:.0f} ms'
    )


def main() -> None:
    book = load_book(ROOT / "facts.yaml")
    builds = []
    for _ in range(5):
        start = time.perf_counter()
        resolver = Resolver(book)
        builds.append((time.perf_counter() - start) * 1000)
    build_ms = statistics.median(builds)

    tuning = [*CASES, *NEW_CASES, *((u, None) for u in UNRELATED)]
    whole = [*tuning, *HELD_OUT]
    bare = Resolver(_bare(book))
    print("resolver tables (right = the value asked for; confident wrong = a number shown that was not):")
    for name, table in [
        ("held-out (never tuned on)", HELD_OUT),
        ("blind held-out 2 (never looked into)", HELD_OUT_2),
        ("tuning", tuning),
        ("whole table", whole),
    ]:
        right, wrong, _ = score(resolver, table)
        print(line(name, right, wrong, len(table)))
    for name, table in [
        ("held-out, all aliases removed", HELD_OUT),
        ("blind held-out 2, all aliases removed", HELD_OUT_2),
        ("whole table, all aliases removed", whole),
    ]:
        right, wrong, _ = score(bare, table)
        print(line(name, right, wrong, len(table)))
    for name, table in [("questions the book cannot answer", whole), ("... in blind held-out 2", HELD_OUT_2)]:
        unanswerable = [(q, e) for q, e in table if e is None]
        right, wrong, _ = score(resolver, unanswerable)
        print(line(name, right, wrong, len(unanswerable)))
    if "--misses" in sys.argv:  # tuning misses only: the held-out table is not looked into
        print("tuning misses:")
        for miss in score(resolver, tuning)[2]:
            print(miss)

    claims(resolver)

    queries = [q for q, _ in whole]
    p50, p99 = latency(resolver, queries, rounds=10)
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
    p50, p99 = latency(big_resolver, queries, rounds=2)
    print(
        f"10,000-figure book: index {big_build:.0f} ms, {index_bytes / 2**20:.1f} MiB; "
        f"resolve p50 {p50:.0f} µs, p99 {p99:.0f} µs"
    )
    cold_start()


if __name__ == "__main__":
    main()
