"""A running bot with charts on loads the plotting library only when an answer has a chart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import asyncio, sys, tempfile
from pathlib import Path
from bot.charts.service import Charts
from bot.charts.spec import kinds
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.loader import load_book
from bot.surfaces.console import ConsoleSurface

PLOTTING = ("matplotlib", "numpy", "PIL")

async def main():
    book = load_book(sys.argv[1])
    shelf = Shelf(book)
    charts = Charts(shelf)
    console = ConsoleSurface(Router(shelf=shelf), charts=charts, charts_dir=Path(tempfile.mkdtemp()))
    plain = next(f.id for f in book.figures if not kinds(f))
    charted = next(f.id for f in book.figures if kinds(f))
    for line in ("timeline", "help", f"figure {plain}", f"source {charted}", "zzzz qqqq"):
        reply = await console.reply(line)
        assert "Chart:" not in reply, line
    print("BEFORE", sorted(m for m in PLOTTING if m in sys.modules))
    reply = await console.reply(f"figure {charted}")
    print("CHART", "Chart:" in reply, sorted(m for m in PLOTTING if m in sys.modules))
    charts.close()

asyncio.run(main())
"""


def test_answers_without_a_chart_import_no_plotting_module() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "facts.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "BEFORE []" in out
    assert "CHART True ['PIL', 'matplotlib', 'numpy']" in out
