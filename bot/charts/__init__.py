"""Charts of a figure, drawn from the book alone: its history and its breakdown.

``spec`` decides what a chart shows (pure, no drawing library); ``draw`` draws it with matplotlib,
which is imported only inside these functions, so answering without a chart never loads it;
``service`` caches drawings per book version and draws them off the event loop.

For pages and scripts (the static site inlines the SVG)::

    svg = chart_svg(book, "officers_with_criminal_records", "history")   # None: no such chart
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.charts.spec import ChartKind, alt_text, chart_in, kinds, other_measure
from bot.facts.model import FactBook, Figure

__all__ = ["ChartKind", "Drawing", "chart_png", "chart_svg", "draw_chart", "kinds", "other_measure"]


@dataclass(frozen=True)
class Drawing:
    """A drawn chart: the image, how to name it, and the same content in words."""

    figure_id: str
    kind: ChartKind
    format: str  # "png" or "svg"
    data: bytes
    alt_text: str
    title: str

    @property
    def filename(self) -> str:
        return f"{self.figure_id}-{self.kind.value}.{self.format}"

    @property
    def mime(self) -> str:
        return "image/png" if self.format == "png" else "image/svg+xml"


def parse_kind(kind: ChartKind | str | None) -> ChartKind | None:
    """``"history"`` -> ``ChartKind.HISTORY``; None stays None (the figure's first chart)."""
    if kind is None or isinstance(kind, ChartKind):
        return kind
    return ChartKind(kind)


def draw_chart(
    book: FactBook, fact_id: str, kind: ChartKind | str | None = None, fmt: str = "png"
) -> Drawing | None:
    """Draw the chart of ``kind`` (default: the figure's first) for ``fact_id``, or None when the
    book has no such figure or the figure has no such chart. A history shows the figure's other
    measure beside it. Blocks while drawing."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be png or svg, not {fmt!r}")
    figure = book.get(fact_id)
    if not isinstance(figure, Figure):
        return None
    spec = chart_in(book, figure, parse_kind(kind))
    if spec is None:
        return None
    from bot.charts.draw import draw  # matplotlib loads here, and only here

    data = draw(spec, "png" if fmt == "png" else "svg")
    return Drawing(figure.id, spec.kind, fmt, data, alt_text(spec), spec.title)


def chart_svg(book: FactBook, fact_id: str, kind: ChartKind | str = ChartKind.HISTORY) -> str | None:
    """The ``<svg>`` element of a chart, ready to inline in a page (its alt text is its
    ``<title>``), or None when the figure has no such chart."""
    drawing = draw_chart(book, fact_id, kind, "svg")
    return drawing.data.decode("utf-8") if drawing else None


def chart_png(book: FactBook, fact_id: str, kind: ChartKind | str = ChartKind.HISTORY) -> bytes | None:
    drawing = draw_chart(book, fact_id, kind, "png")
    return drawing.data if drawing else None
