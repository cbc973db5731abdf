"""Drawing a chart spec with matplotlib (Agg for PNG, its SVG backend for SVG).

This is the only module that imports matplotlib, and nothing imports it until a chart is drawn
(``bot.charts`` loads it inside its functions), so answering without a chart costs no import.

Made for chat on a phone: a 5-inch-wide card at 200 dpi (1,000 px) that chat clients show about
360 px wide, so no text is smaller than about 10 px on screen; an opaque white card with a grey
border, which reads the same on dark and light themes (a transparent image would lose its text
on one of them). Every text is laid out by measured wrapping, and the card grows to fit it, so a
long label or definition never runs off the edge.

pyplot is never used: each drawing is its own ``Figure``, and a lock keeps drawings (and the
process-wide rc settings they use) one at a time, whatever thread calls.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape as xml_escape

import matplotlib

matplotlib.use("Agg")  # never an interactive backend, whatever the environment asks for

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from bot.charts.spec import (
    Breakdown,
    Chart,
    DefinitionChange,
    History,
    Point,
    alt_text,
    capital,
    middle,
    short_date,
)
from bot.facts.model import PartialDate

Format = Literal["png", "svg"]

WIDTH = 5.0  # inches
DPI = 200
MARGIN = 0.28  # inches, left and right
INK = "#1a202c"
MUTED = "#4a5568"
GRID = "#e2e8f0"
LINE = "#1d4e89"
OTHER_LINE = "#8a3b7a"  # plum: the other measure's series, apart from navy and from the amber marker
WEAK_FILL = "#ffffff"
WEAK_BAR = "#dbe5f1"  # a pale fill under the hatching: distinct, yet still reads as a bar
CHANGE = "#b7791f"  # amber: a definition change
BORDER = "#cbd5e0"
TITLE_PT, SUBTITLE_PT, VALUE_PT, TICK_PT, NOTE_PT = 16.5, 11.5, 13.5, 11.0, 11.0
LEADING = 1.32

STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "text.parse_math": False,  # a curator's "$5" or a hostile "$\\frac" is text, never mathtext
    "text.usetex": False,
    "svg.fonttype": "none",  # SVG text stays text: searchable, readable by screen readers, inlinable
    "svg.hashsalt": "figurebot",  # stable ids, so the same book draws the same SVG
    "axes.unicode_minus": False,
}

_LOCK = threading.Lock()
_MEASURE = RendererAgg(10, 10, 72)  # type: ignore[no-untyped-call] # at 72 dpi one pixel is one point


def draw(chart: Chart, fmt: Format = "png") -> bytes:
    """The chart as PNG or SVG bytes."""
    with _LOCK, matplotlib.rc_context(STYLE), warnings.catch_warnings():
        # A label in a script DejaVu lacks draws boxes; that is no reason to fill the log.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing")
        figure = _history(chart) if isinstance(chart, History) else _breakdown(chart)
        return _save(figure, fmt, alt_text(chart))


def _save(figure: Figure, fmt: Format, alt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "png":
        FigureCanvasAgg(figure).print_png(buffer, metadata={"Software": None})  # type: ignore[no-untyped-call]
        return buffer.getvalue()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _titled_svg(buffer.getvalue().decode("utf-8"), alt).encode("utf-8")


def _titled_svg(svg: str, alt: str) -> str:
    """Only the ``<svg>`` element (ready to inline in a page), announced as one image with its
    alt text as ``<title>``, which browsers show and screen readers read."""
    start = svg.index("<svg")
    svg = svg[start:]
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace("<svg ", '<svg role="img" ', 1)
    return f"{head}\n <title>{xml_escape(alt)}</title>{svg[head_end:]}"


# ---- text layout ----------------------------------------------------------------------------


def _width(text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` in inches."""
    prop = FontProperties(family="DejaVu Sans", size=size, weight=weight)
    width, _, _ = _MEASURE.get_text_width_height_descent(text, prop, ismath=False)  # type: ignore[no-untyped-call]
    return float(width) / 72


def wrap(text: str, width: float, size: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap to ``width`` inches, measured in the font; over-long words are split."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):  # not at a no-break space: "Nov 2024" stays on one line
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if _width(candidate, size, weight) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while _width(current, size, weight) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and _width(current[:cut], size, weight) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines or [""]


def _line_height(size: float) -> float:
    return size * LEADING / 72


@dataclass
class _Card:
    """A figure built top-down in inches: blocks are stacked, then the height is fixed."""

    figure: Figure
    placed: list[Callable[[float], None]]
    top: float = 0.22  # inches used so far, from the top edge

    def text(
        self,
        text: str,
        size: float,
        *,
        color: str = INK,
        weight: str = "normal",
        style: str = "normal",
        indent: float = 0.0,
        gid: str | None = None,
    ) -> None:
        if not text:
            return
        usable = WIDTH - 2 * MARGIN - indent
        for line in wrap(text, usable, size, weight):
            y = self.top

            def place(height: float, line: str = line, y: float = y) -> None:
                artist = self.figure.text(
                    MARGIN + indent,
                    height - y,
                    line,
                    fontsize=size,
                    color=color,
                    weight=weight,
                    style=style,
                    va="top",
                    ha="left",
                    transform=self.figure.dpi_scale_trans,
                )
                if gid:
                    artist.set_gid(gid)

            self.placed.append(place)
            self.top += _line_height(size)

    def symbol_row(self, text: str, symbol: Callable[[float, float], None], *, color: str = MUTED) -> None:
        """A legend row: a small drawn symbol, then wrapped text beside it."""
        y = self.top
        self.placed.append(lambda height: symbol(MARGIN + 0.14, height - y - _line_height(NOTE_PT) / 2))
        self.text(text, NOTE_PT, color=color, indent=0.38)

    def space(self, inches: float) -> None:
        self.top += inches

    def finish(self) -> Figure:
        height = self.top + 0.2
        self.figure.set_size_inches(WIDTH, height)
        for place in self.placed:
            place(height)
        return self.figure


def _card() -> _Card:
    figure = Figure(figsize=(WIDTH, 4), dpi=DPI, facecolor="white", edgecolor=BORDER, linewidth=2.5)
    return _Card(figure, [])


def _header(card: _Card, title: str, subtitle: str) -> None:
    card.text(title, TITLE_PT, weight="bold")
    card.space(0.04)
    card.text(subtitle, SUBTITLE_PT, color=MUTED)
    card.space(0.12)


def _axes_block(card: _Card, height: float, left_pad: float, bottom_pad: float) -> Callable[[float], Axes]:
    """Reserve ``height`` inches for axes (and padding below them for tick labels); the returned
    function makes the axes once the card's height is known."""
    y = card.top
    card.space(height + bottom_pad)

    def make(total: float) -> Axes:
        left = MARGIN + left_pad
        width = WIDTH - left - MARGIN
        bottom = total - y - height
        return card.figure.add_axes((left / WIDTH, bottom / total, width / WIDTH, height / total))

    return make


def _line_symbol(card: _Card, **style: Any) -> Callable[[float, float], None]:
    def symbol(x: float, y: float) -> None:
        card.figure.add_artist(
            Line2D([x - 0.13, x + 0.13], [y, y], transform=card.figure.dpi_scale_trans, **style)
        )

    return symbol


def _marker_symbol(card: _Card, **style: Any) -> Callable[[float, float], None]:
    def symbol(x: float, y: float) -> None:
        card.figure.add_artist(
            Line2D([x], [y], transform=card.figure.dpi_scale_trans, linestyle="none", **style)
        )

    return symbol


def _patch_symbol(card: _Card, **style: Any) -> Callable[[float, float], None]:
    def symbol(x: float, y: float) -> None:
        card.figure.add_artist(
            Rectangle((x - 0.12, y - 0.07), 0.24, 0.14, transform=card.figure.dpi_scale_trans, **style)
        )

    return symbol


def _series_symbol(card: _Card, look: _Look) -> Callable[[float, float], None]:
    """A legend symbol for a series: a stretch of its line with its marker on it."""
    line = _line_symbol(card, color=look.color, linewidth=2.2, linestyle=look.linestyle)
    marker = _marker_symbol(
        card, marker=look.marker, markersize=7.5, markerfacecolor=look.color, markeredgecolor=look.color
    )

    def symbol(x: float, y: float) -> None:
        line(x, y)
        marker(x, y)

    return symbol


# ---- history ----------------------------------------------------------------------------------

PLOT_HEIGHT = 2.25
WEAK_NOTE = "Hollow: only a copy of the source was found, not the publisher's own page"
EVEN_NOTE = "Dates are evenly spaced, not to scale"


@dataclass(frozen=True)
class _Look:
    """How one series is drawn: the figure's own in navy circles on a solid line, its other
    measure in plum squares on a dashed one, so the two differ in shape and line as well as in
    colour (and so in greyscale and for colour-blind readers)."""

    color: str
    marker: str
    linestyle: Any
    size: float  # marker size, points: a square looks bigger than a circle of the same size


LOOKS = (_Look(LINE, "o", "solid", 9.0), _Look(OTHER_LINE, "s", (0, (4, 2)), 8.0))


@dataclass(frozen=True)
class _Axis:
    """Where the points sit across: ``xs`` one per point; ``ticks`` one per distinct date (two
    series' values of the same date share it), with that date."""

    xs: list[float]
    ticks: list[float]
    dates: list[PartialDate]
    to_scale: bool


def _positions(chart: History) -> _Axis:
    """Days on a time axis, or 0, 1, 2... when the dates cannot be placed in the book's order (a
    bare year beside a date in that year) or would crowd each other."""
    dates = list(dict.fromkeys(p.as_of for p in chart.points))
    days = [float((middle(d) - dt.date(1970, 1, 1)).days) for d in dates]
    span = days[-1] - days[0]
    ordered = all(b > a for a, b in itertools.pairwise(days))
    to_scale = ordered and span > 0 and min(b - a for a, b in itertools.pairwise(days)) >= span * 0.12
    ticks = days if to_scale else [float(i) for i in range(len(dates))]
    at = dict(zip(dates, ticks, strict=True))
    return _Axis([at[p.as_of] for p in chart.points], ticks, dates, to_scale)


def _history(chart: History) -> Figure:
    card = _card()
    if chart.linked:
        # The legend heads the chart: what each line counts, before any value is read.
        card.text(chart.title, TITLE_PT, weight="bold")
        card.space(0.08)
        for series, look in zip(chart.series, LOOKS, strict=False):
            card.symbol_row(capital(series.counts), _series_symbol(card, look), color=INK)
            card.space(0.03)
        card.space(0.09)
    else:
        _header(card, chart.title, chart.subtitle)
    axis = _positions(chart)
    labels = [short_date(d) for d in axis.dates]
    two_line = len(labels) > 3 or any(_width(t, TICK_PT) > 1.1 for t in labels)
    tick_labels = [t.replace(" ", "\n", t.count(" ") - 1) if two_line and " " in t else t for t in labels]
    lines = max(t.count("\n") + 1 for t in tick_labels)
    ys = [p.value for p in chart.points]
    integer = all(v == int(v) for v in ys)
    top = max(ys)
    tick_room = max(_width(_axis_number(v, integer), TICK_PT) for v in (0.0, top)) + 0.12
    make_axes = _axes_block(card, PLOT_HEIGHT, tick_room, 0.1 + lines * _line_height(TICK_PT))

    card.space(0.06)
    for change in chart.changes:
        card.symbol_row(
            _change_note(chart, change),
            _line_symbol(card, color=CHANGE, linewidth=2.0, linestyle=(0, (3, 2))),
        )
        card.space(0.04)
    weak = [p for p in chart.points if p.weak]
    if weak:
        look = LOOKS[weak[0].series]
        card.symbol_row(
            WEAK_NOTE,
            _marker_symbol(
                card,
                marker=look.marker,
                markersize=look.size - 1,
                markerfacecolor=WEAK_FILL,
                markeredgecolor=look.color,
                markeredgewidth=2,
            ),
        )
        card.space(0.04)
    if not axis.to_scale:
        card.text(EVEN_NOTE, NOTE_PT, color=MUTED)
    card.space(0.04)
    if chart.linked:
        for series, look in zip(chart.series, LOOKS, strict=False):
            card.symbol_row(series.sources, _series_symbol(card, look))
            card.space(0.02)
    else:
        card.text(chart.sources, NOTE_PT, color=MUTED, gid="sources")

    figure = card.finish()
    axes = make_axes(figure.get_size_inches()[1])
    _plot_history(axes, chart, axis, ys, tick_labels, integer)
    return figure


def _change_note(chart: History, change: DefinitionChange) -> str:
    """The legend line of a definition marker. Between the two series the legend above already
    says what each counts, so the line says why they are not joined."""
    before, after = chart.points[change.index], chart.points[change.later]
    until, since = (short_date(p.as_of).replace(" ", "\u00a0") for p in (before, after))
    if before.series != after.series:
        return (
            f"Definition changes between {until} and {since}: "
            "the two lines count different things, so they are not joined."
        )
    old, new = distinct_ends(change.before, change.after)
    return f"Definition changes. Until {until}: “{old}”. From {since}: “{new}”."


def distinct_ends(before: str, after: str) -> tuple[str, str]:
    """The two definitions without the words they start with in common, so the legend shows what
    changed: "…criminal convictions (convictions only)" and "…cautions or convictions"."""
    a, b = before.split(), after.split()
    same = 0
    while same < min(len(a), len(b)) - 1 and a[same].casefold() == b[same].casefold():
        same += 1
    if same < 2:  # one shared word ("Met …") is no noise worth cutting
        return before, after
    return "…" + " ".join(a[same:]), "…" + " ".join(b[same:])


def _axis_number(value: float, integer: bool) -> str:
    return f"{value:,.0f}" if integer else f"{value:,.1f}"


def _plot_history(
    axes: Axes, chart: History, axis: _Axis, ys: list[float], ticks: list[str], integer: bool
) -> None:
    xs = axis.xs
    low, high = min(0.0, min(ys)), max(ys)
    axes.set_ylim(low, high + (high - low) * 0.32 or 1)
    # Room at both ends for half of the widest value label (a label may also be put beside its
    # point, but the ends must not force it off the card).
    span = axis.ticks[-1] - axis.ticks[0] or 1.0
    inches = axes.get_position().width * WIDTH
    half = max(_width(p.label, VALUE_PT, "bold") for p in chart.points) / 2 + 0.08
    share = min(max(half / inches, 0.1), 0.3)
    pad = span * share / (1 - 2 * share)
    axes.set_xlim(axis.ticks[0] - pad, axis.ticks[-1] + pad)
    # Each series is its own line, broken at each definition change within it: values that count
    # different things are not joined as if they were one series.
    breaks = {c.index for c in chart.changes}
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for series, look in enumerate(LOOKS):
        runs: list[list[int]] = [[]]
        for i in (i for i, p in enumerate(chart.points) if p.series == series):
            if runs[-1] and runs[-1][-1] in breaks:
                runs.append([])
            runs[-1].append(i)
        for run in runs:
            if not run:
                continue
            axes.plot(
                [xs[i] for i in run],
                [ys[i] for i in run],
                color=look.color,
                linewidth=2.6,
                linestyle=look.linestyle,
                zorder=2,
            )
            segments += [((xs[a], ys[a]), (xs[b], ys[b])) for a, b in itertools.pairwise(run)]
    for x, y, point in zip(xs, ys, chart.points, strict=True):
        look = LOOKS[point.series]
        marker = axes.plot(
            [x],
            [y],
            marker=look.marker,
            markersize=look.size,
            markerfacecolor=WEAK_FILL if point.weak else look.color,
            markeredgecolor=look.color,
            markeredgewidth=2.2,
            linestyle="none",
            zorder=3,
        )[0]
        gid = "weak-value" if point.weak else "value"
        marker.set_gid(f"other-{gid}" if point.series else gid)
    notes = []
    for change in chart.changes:
        x = (xs[change.index] + xs[change.later]) / 2
        axes.axvline(x, color=CHANGE, linewidth=2.0, linestyle=(0, (3, 2)), zorder=1).set_gid(
            "definition-change"
        )
        segments.append(((x, low), (x, axes.get_ylim()[1])))
        note = axes.text(
            x,
            1.0,
            "definition\nchanges",
            transform=axes.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=9.5,
            color=CHANGE,
            linespacing=1.1,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
            zorder=4,
        )
        note.set_gid("definition-change-label")
        notes.append(note)
    _label_points(axes, chart, xs, ys, segments, notes)
    axes.set_xticks(axis.ticks, ticks, fontsize=TICK_PT, color=INK, linespacing=1.15)
    axes.tick_params(axis="x", length=4, color=BORDER)
    if all("\n" not in t for t in ticks):
        # Baseline alignment, so "6 Apr 2023" (with a descender) sits level with "Nov 2024".
        axes.tick_params(axis="x", pad=4 + TICK_PT * 0.78)
        for label in axes.get_xticklabels():
            label.set_verticalalignment("baseline")
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=integer))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _axis_number(v, integer)))
    axes.tick_params(axis="y", labelsize=TICK_PT, colors=MUTED, length=0)
    axes.grid(axis="y", color=GRID, linewidth=1.0)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(BORDER)
    axes.set_facecolor("white")


# Where a value label may sit around its point (offset in points, alignment), in order of preference.
_SPOTS = (
    (0, 9, "center", "bottom"),
    (-7, 6, "right", "bottom"),
    (7, 6, "left", "bottom"),
    (0, -11, "center", "top"),
    (10, 0, "left", "center"),
    (-10, 0, "right", "center"),
    (7, -8, "left", "top"),
    (-7, -8, "right", "top"),
)


def _label_points(
    axes: Axes,
    chart: History,
    xs: list[float],
    ys: list[float],
    segments: list[tuple[tuple[float, float], tuple[float, float]]],
    notes: list[Text],
) -> None:
    """Label each point with its value, in the first spot around it that stays inside the plot
    and clears the line, the definition markers, the other points and the labels placed so far."""
    renderer = FigureCanvasAgg(axes.figure).get_renderer()  # type: ignore[arg-type, no-untyped-call]
    to_px = axes.transData.transform
    paths = [Path(to_px([a, b])) for a, b in segments]
    plot = axes.get_window_extent(renderer)
    # Inside the plot's height, and across the card's width less its margins.
    area = Bbox.from_extents(MARGIN * DPI, plot.y0, (WIDTH - MARGIN) * DPI, plot.y1)
    dot = 8 * DPI / 72  # a marker's size in pixels
    taken = [n.get_window_extent(renderer) for n in notes]
    taken += [
        Bbox.from_bounds(px - dot / 2, py - dot / 2, dot, dot)
        for px, py in to_px(list(zip(xs, ys, strict=True)))
    ]
    for x, y, point in zip(xs, ys, chart.points, strict=True):
        for spot in _SPOTS:
            label = _value_label(axes, point, x, y, spot)
            box = label.get_window_extent(renderer)
            inside = area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1
            crossed = any(path.intersects_bbox(box, filled=False) for path in paths)
            if inside and not crossed and not any(box.overlaps(other) for other in taken):
                break
            label.remove()
        else:  # nowhere is clear: above the point, as most charts do
            label = _value_label(axes, point, x, y, _SPOTS[0])
            box = label.get_window_extent(renderer)
        taken.append(box)


def _value_label(axes: Axes, point: Point, x: float, y: float, spot: tuple[int, int, str, str]) -> Text:
    dx, dy, ha, va = spot
    label = axes.annotate(
        point.label,
        (x, y),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=VALUE_PT,
        weight="bold",
        style="italic" if point.weak else "normal",
        color=MUTED if point.weak else LOOKS[point.series].color,
        annotation_clip=False,
        zorder=5,
    )
    label.set_gid("value-label")
    return label


# ---- breakdown --------------------------------------------------------------------------------

BAR_HEIGHT = 0.24
ROW_GAP = 0.12
WEAK_BARS_NOTE = "Hatched: only a copy of the source was found, not the publisher's own page"


def _breakdown(chart: Breakdown) -> Figure:
    card = _card()
    _header(card, chart.title, chart.subtitle)
    usable = WIDTH - 2 * MARGIN
    rows = [wrap(b.label, usable, NOTE_PT + 0.5) for b in chart.bars]
    label_h = _line_height(NOTE_PT + 0.5)
    height = sum(len(r) * label_h + BAR_HEIGHT + ROW_GAP for r in rows)
    make_axes = _axes_block(card, height, 0.0, 0.0)
    card.space(0.08)
    for other in chart.others:
        card.text(f"Also given: {other}", NOTE_PT, color=MUTED)
    if not chart.adds_up:
        card.text(f"The parts do not add up to {chart.total_label}.", NOTE_PT, color=MUTED)
    if chart.weak:
        card.space(0.04)
        card.symbol_row(
            WEAK_BARS_NOTE,
            _patch_symbol(card, facecolor=WEAK_BAR, edgecolor=LINE, hatch="////", linewidth=1.4),
        )
    card.space(0.04)
    card.text(chart.sources, NOTE_PT, color=MUTED, gid="sources")

    figure = card.finish()
    axes = make_axes(figure.get_size_inches()[1])
    _plot_bars(axes, chart, rows, label_h, height)
    return figure


def _plot_bars(axes: Axes, chart: Breakdown, rows: list[list[str]], label_h: float, height: float) -> None:
    widest = max(b.value for b in chart.bars) or 1.0
    # Room at the right of the longest bar for its value label.
    value_room = max(_width(b.shown, VALUE_PT - 1, "bold") for b in chart.bars) + 0.12
    plot_width = WIDTH - 2 * MARGIN
    xmax = widest * plot_width / max(plot_width - value_room, 0.5)
    axes.set_xlim(0, xmax)
    axes.set_ylim(height, 0)  # y in inches from the top of the block
    y = 0.0
    for bar, lines in zip(chart.bars, rows, strict=True):
        for line in lines:
            text = axes.text(0, y, line, fontsize=NOTE_PT + 0.5, color=INK, va="top", ha="left")
            text.set_gid("bar-label")
            y += label_h
        centre = y + BAR_HEIGHT / 2 + 0.02
        drawn = axes.barh(
            centre,
            bar.value,
            height=BAR_HEIGHT,
            color=WEAK_BAR if chart.weak else LINE,
            edgecolor=LINE,
            hatch="////" if chart.weak else None,
            linewidth=1.4 if chart.weak else 0,
        )
        for patch in drawn.patches:
            patch.set_gid("weak-bar" if chart.weak else "bar")
        value = axes.text(
            bar.value + xmax * 0.015,
            centre,
            bar.shown,
            fontsize=VALUE_PT - 1,
            weight="bold",
            color=LINE,
            va="center",
            ha="left",
        )
        value.set_gid("bar-value")
        y += BAR_HEIGHT + ROW_GAP
    axes.set_axis_off()
