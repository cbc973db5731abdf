"""Charts: the time to draw each chart of the real book, and the memory each drawing takes.

For every chart (each figure's history and breakdown): the median time to draw it as PNG and as
SVG, and the peak of the memory the drawing allocates through Python (tracemalloc: figure,
text, numpy arrays; not the Agg pixel buffer, which is C++). Then, in fresh processes, what a
process pays for its first chart: importing the plotting library, the first drawing, and the
resident memory before and at its peak (VmRSS and VmHWM, Linux), which does include the pixel
buffer. And a cache hit. Prints figures; asserts nothing.
Run: .venv/bin/python bench/bench_charts.py [PATH]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.charts import draw_chart  # noqa: E402
from bot.charts.service import Charts  # noqa: E402
from bot.charts.spec import kinds, other_measure  # noqa: E402
from bot.core.shelf import Shelf  # noqa: E402
from bot.facts.loader import load_book  # noqa: E402

RUNS = 3
FRESH = """
import json, re, sys, time
from pathlib import Path
def memory():
    status = Path("/proc/self/status").read_text()
    return {k: int(v) for k, v in re.findall(r"^(VmRSS|VmHWM):\\s+(\\d+)", status, re.M)}
from bot.charts import draw_chart
from bot.facts.loader import load_book
book = load_book(sys.argv[1])
before = memory()
start = time.perf_counter()
import bot.charts.draw
imported = time.perf_counter()
draw_chart(book, sys.argv[2], sys.argv[3], "png")
drawn = time.perf_counter()
print(json.dumps({"import_ms": (imported - start) * 1000, "draw_ms": (drawn - imported) * 1000,
                  "before": before, "after": memory()}))
"""


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def heap_peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def fresh(path: Path, fact_id: str, kind: str) -> dict[str, Any] | None:
    """The first chart of a new process; None where /proc is missing (not Linux)."""
    if not Path("/proc/self/status").exists():
        return None
    out = subprocess.run(
        [sys.executable, "-c", FRESH, str(path), fact_id, kind], cwd=ROOT, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


async def cache_hit_us(path: Path, fact_id: str) -> float:
    book = load_book(path)
    charts = Charts(Shelf(book))
    await charts.draw(book, fact_id)
    start = time.perf_counter()
    for _ in range(1000):
        await charts.draw(book, fact_id)
    charts.close()
    return (time.perf_counter() - start) * 1000  # 1000 hits in ms = µs per hit


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "facts.yaml"
    book = load_book(path)
    charts = [(f.id, k.value) for f in book.figures for k in kinds(f, other_measure(book, f))]
    if not charts:
        print("the book has no charts; nothing to measure")
        return 0
    draw_chart(book, charts[0][0], charts[0][1], "png")  # import and fonts, once
    print(f"{len(charts)} charts in {path.name}; times are the median of {RUNS} drawings")
    print(f"{'chart':<58} {'png ms':>7} {'svg ms':>7} {'heap MB':>8}")
    pngs, svgs, heaps = [], [], []
    for fact_id, kind in charts:
        pngs.append(median_ms(lambda f=fact_id, k=kind: draw_chart(book, f, k, "png")))
        svgs.append(median_ms(lambda f=fact_id, k=kind: draw_chart(book, f, k, "svg")))
        heaps.append(heap_peak_mb(lambda f=fact_id, k=kind: draw_chart(book, f, k, "png")))
        print(f"{fact_id + ' ' + kind:<58} {pngs[-1]:7.0f} {svgs[-1]:7.0f} {heaps[-1]:8.1f}")
    print(
        f"PNG: median {statistics.median(pngs):.0f} ms, max {max(pngs):.0f} ms; "
        f"SVG: median {statistics.median(svgs):.0f} ms, max {max(svgs):.0f} ms; "
        f"heap peak: median {statistics.median(heaps):.1f} MB, max {max(heaps):.1f} MB"
    )
    # The first chart of a fresh process, for the chart that allocates most and the first one.
    biggest = charts[max(range(len(charts)), key=lambda i: heaps[i])]
    for fact_id, kind in dict.fromkeys([charts[0], biggest]):
        runs = [r for r in (fresh(path, fact_id, kind) for _ in range(3)) if r]
        if not runs:
            print("first chart of a process: needs /proc (Linux) to measure memory")
            break
        rss = statistics.median(r["before"]["VmRSS"] for r in runs) / 1024
        peak = statistics.median(r["after"]["VmHWM"] for r in runs) / 1024
        print(
            f"first chart of a process ({fact_id} {kind}, median of {len(runs)}): importing the plotting "
            f"library {statistics.median(r['import_ms'] for r in runs):.0f} ms, drawing "
            f"{statistics.median(r['draw_ms'] for r in runs):.0f} ms; resident memory {rss:.0f} MB with the "
            f"book loaded, peak {peak:.0f} MB after drawing"
        )
    print(f"cache hit: {asyncio.run(cache_hit_us(path, charts[0][0])):.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
