"""Time to load and validate the real facts.yaml (median of N runs).

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_load.py [PATH]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.facts import strict_yaml  # noqa: E402
from bot.facts.loader import load_book  # noqa: E402
from bot.facts.numbers import numbers_in  # noqa: E402

RUNS = 30


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "facts.yaml"
    if not path.exists():
        print(f"no facts file at {path.name}; nothing to measure")
        return 0
    text = path.read_text(encoding="utf-8")
    book = load_book(path)
    print(
        f"{path.name}: {len(text.splitlines())} lines, {len(book.figures)} figures "
        f"({book.value_count} values), {len(book.events)} events"
    )
    fast = strict_yaml._FAST_LOADER.__name__
    compose_fast = median_ms(lambda: strict_yaml.compose(text, str(path)))
    compose_pure = median_ms(lambda: yaml.compose(text, Loader=yaml.SafeLoader), runs=5)
    load = median_ms(lambda: load_book(path))

    def cold_load() -> object:
        numbers_in.cache_clear()  # as a fresh process, or an edit that touched every quote, sees it
        return load_book(path)

    cold = median_ms(cold_load)
    print(f"compose ({fast}, used):           {compose_fast:7.2f} ms")
    print(f"compose (pure-Python SafeLoader): {compose_pure:7.2f} ms  (used only to word YAML errors)")
    print(
        f"load_book, read + compose + validate: {cold:7.2f} ms first time, "
        f"{load:7.2f} ms on a reload (median of {RUNS})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
