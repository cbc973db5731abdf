"""The seam to the chart work: a figure's history as inline SVG when ``bot.charts`` can draw it.

The site is built whether or not charts exist. ``bot.charts`` (its own issue) offers a function
of (book, fact id, kind) returning SVG text; when the package, or that function, is missing, or
it declines a figure (one value only), the page simply has no chart.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from bot.facts.model import FactBook

Draw = Callable[[FactBook, str], str | None]
#: The function in ``bot.charts`` that returns SVG text for (book, fact id, kind).
CHART_FUNCTION = "chart_svg"
_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)


def history_drawer() -> Draw | None:
    """A function drawing a figure's history as SVG, or None where the chart work is absent."""
    try:
        module = importlib.import_module("bot.charts")
    except ImportError:
        return None
    draw = getattr(module, CHART_FUNCTION, None)
    if not callable(draw):
        return None

    def history(book: FactBook, fact_id: str) -> str | None:
        svg = draw(book, fact_id, "history")
        return inline(svg) if isinstance(svg, str) and "<svg" in svg else None

    return history


def inline(svg: str) -> str:
    """SVG text made fit to sit inside HTML: no XML declaration, doctype or comments before it."""
    return _PROLOGUE.sub("", svg, count=1).strip()
