"""What a chart shows, decided from the book alone: no drawing library is imported here.

Two kinds. *History*: every value of a figure (earlier values and the latest) at its as-of date,
with a marker wherever the book says consecutive values count different things (their ``counts``
differ, e.g. "convictions only" then "cautions or convictions"). A figure linked to another by
``other_measure`` (the book's way of modelling a change of definition: two figures, one per
definition) is drawn with that figure's values as a second series, so the history that the change
of definition split in two is told whole, and honestly: each series says what it counts, and the
marker stands between them. *Breakdown*: the parts of the latest value that has any, as
horizontal bars in the book's order (curators put a subset such as "of those 49: ..." right
after its parent, which sorting by size would tear apart).

A value whose sources are all copies (``weak``) is flagged, so the drawing can show it apart and
say so. A figure with one value, no other measure and fewer than two countable parts has no chart.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from bot.core.text_safety import clean_query
from bot.facts.model import FactBook, Figure, Part, PartialDate, Precision, Source, copy_mark

LABEL_MAX = 120  # characters of a curated label drawn in a chart; a runaway label is cut
ALT_MAX = 1000  # Slack's alt_txt and Discord's attachment description both stop near here
SHORT_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ChartKind(Enum):
    HISTORY = "history"
    BREAKDOWN = "breakdown"


@dataclass(frozen=True)
class Point:
    """One value of a figure in a history."""

    as_of: PartialDate
    value: float
    label: str  # how the value reads: "322", "around 100", "17 years 225 days"
    counts: str  # what this value counts (its definition)
    weak: bool  # every source of this value is a copy
    series: int = 0  # index in ``History.series``: 0 the figure's own values, 1 its other measure's


@dataclass(frozen=True)
class Series:
    """One figure's values in a history: the chart's own figure, or the other measure drawn
    beside it."""

    figure_id: str
    title: str
    counts: str  # what the series counts, as its legend entry says (its latest value's definition)
    sources: str  # "Sources: Evening Standard; Daily Mail (copy)": the first source of each value


@dataclass(frozen=True)
class DefinitionChange:
    """The definition differs between ``points[index]`` and ``points[later]``: consecutive values
    of one series, or the last value of one series and the first of the other, where the two
    measures follow each other in time."""

    index: int
    before: str
    after: str
    later: int


@dataclass(frozen=True)
class History:
    figure_id: str
    title: str
    subtitle: str
    points: tuple[Point, ...]  # oldest first: each series in the book's order, merged by date
    changes: tuple[DefinitionChange, ...]
    sources: str  # "Sources: Evening Standard; Daily Mail (copy)": every series' publishers
    series: tuple[Series, ...] = ()  # the figure's own first, then its other measure if drawn

    kind = ChartKind.HISTORY

    @property
    def linked(self) -> bool:
        """Two figures' values are drawn: the figure's and its other measure's."""
        return len(self.series) > 1


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the part's value as the book gives it


@dataclass(frozen=True)
class Breakdown:
    figure_id: str
    title: str
    subtitle: str
    bars: tuple[Bar, ...]
    others: tuple[str, ...]  # parts that are not counts ("share of all: 20%"), listed under the bars
    total_label: str  # the value the parts break down: "322"
    adds_up: bool  # the bars sum to that value
    weak: bool  # that value rests only on copies
    sources: str

    kind = ChartKind.BREAKDOWN


Chart = History | Breakdown


def tidy(text: str, limit: int = LABEL_MAX) -> str:
    """Curated text as a chart shows it: one line, no control characters, cut with an ellipsis."""
    cleaned = clean_query(text, limit * 2)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def only_copies(sources: tuple[Source, ...]) -> bool:
    return bool(sources) and all(s.weak for s in sources)


def _same_definition(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


# ---- the two kinds ----------------------------------------------------------------------------


def history(figure: Figure, other: Figure | None = None) -> History | None:
    """Every value of ``figure`` oldest first, with the values of ``other`` (its other measure)
    as a second series when given; None when that makes only one value in all."""
    own = _points(figure, 0)
    theirs = _points(other, 1) if other is not None else []
    if len(own) + len(theirs) < 2:
        return None
    # Each series in the book's order, merged by date; on the same date the figure's own first.
    points = list(heapq.merge(own, theirs, key=lambda p: middle(p.as_of)))
    changes = [
        DefinitionChange(a, points[a].counts, points[b].counts, b)
        for series in (0, 1)
        for a, b in itertools.pairwise(i for i, p in enumerate(points) if p.series == series)
        if not _same_definition(points[a].counts, points[b].counts)
    ]
    # Between the two measures, one marker where one follows the other in time; measures that
    # overlap in time get none (no one moment separates them), and their legend tells them apart.
    crossings = [i for i, (a, b) in enumerate(itertools.pairwise(points)) if a.series != b.series]
    if len(crossings) == 1:
        i = crossings[0]
        if not _same_definition(points[i].counts, points[i + 1].counts):
            changes.append(DefinitionChange(i, points[i].counts, points[i + 1].counts, i + 1))
    series = [Series(figure.id, tidy(figure.title), tidy(figure.counts), source_line(_firsts(figure)))]
    if other is not None:
        series.append(Series(other.id, tidy(other.title), tidy(other.counts), source_line(_firsts(other))))
    return History(
        figure_id=figure.id,
        title=tidy(figure.title),
        subtitle=_subtitle(figure),
        points=tuple(points),
        changes=tuple(sorted(changes, key=lambda c: c.index)),
        sources=source_line(_firsts(figure) + (_firsts(other) if other is not None else [])),
        series=tuple(series),
    )


def _points(figure: Figure, series: int) -> list[Point]:
    """A figure's values, oldest first: its earlier values, then its latest."""
    values = [
        (r.as_of, r.value, r.value_text, r.counts or figure.counts, r.sources) for r in figure.revisions
    ]
    values.append((figure.as_of, figure.value, figure.value_text, figure.counts, figure.sources))
    return [
        Point(as_of, float(value), tidy(text), tidy(counts), only_copies(sources), series)
        for as_of, value, text, counts, sources in values
    ]


def _firsts(figure: Figure) -> list[Source]:
    """The first source of each value: the publisher a reader would check the value with."""
    return [r.sources[0] for r in figure.revisions if r.sources] + list(figure.sources[:1])


def other_measure(book: FactBook, figure: Figure) -> Figure | None:
    """The figure that ``figure`` names as its other measure, as ``book`` holds it."""
    if figure.other_measure is None:
        return None
    other = book.get(figure.other_measure.id)
    return other if isinstance(other, Figure) and other.id != figure.id else None


def breakdown(figure: Figure) -> Breakdown | None:
    """The parts of the latest value that has any, or None when fewer than two are counts."""
    holders = [(figure.value, figure.value_text, figure.as_of, figure.counts, figure.parts, figure.sources)]
    holders += [
        (r.value, r.value_text, r.as_of, r.counts or figure.counts, r.parts, r.sources)
        for r in reversed(figure.revisions)
    ]
    found = next((h for h in holders if h[4]), None)
    if found is None:
        return None
    value, value_text, as_of, counts, parts, sources = found
    bars = tuple(Bar(tidy(p.label), n, tidy(p.display_value)) for p in parts if (n := _count(p)) is not None)
    if len(bars) < 2:
        return None
    return Breakdown(
        figure_id=figure.id,
        title=tidy(figure.title),
        subtitle=tidy(f"Breakdown of {value_text} {counts}, as of {as_of.display}", 2 * LABEL_MAX),
        bars=bars,
        others=tuple(f"{tidy(p.label)}: {tidy(p.display_value)}" for p in parts if _count(p) is None),
        total_label=tidy(value_text),
        adds_up=sum(b.value for b in bars) == float(value),
        weak=only_copies(sources),
        sources=source_line(sources),
    )


def _count(part: Part) -> float | None:
    """A part drawn as a bar: a number, not a share or a phrase ("20%", "13 to 17")."""
    if isinstance(part.value, int | Decimal) and part.value >= 0:
        return float(part.value)
    return None


def kinds(figure: Figure, other: Figure | None = None) -> tuple[ChartKind, ...]:
    """The charts ``figure`` has (drawn with ``other``, its other measure); an answer shows the first."""
    found = []
    if history(figure, other) is not None:
        found.append(ChartKind.HISTORY)
    if breakdown(figure) is not None:
        found.append(ChartKind.BREAKDOWN)
    return tuple(found)


def chart(figure: Figure, kind: ChartKind | None = None, other: Figure | None = None) -> Chart | None:
    """The chart of ``kind`` (default: the history if the figure has one, else the breakdown);
    a history shows ``other``, the figure's other measure, beside it."""
    if kind is None:
        return history(figure, other) or breakdown(figure)
    return history(figure, other) if kind is ChartKind.HISTORY else breakdown(figure)


def chart_in(book: FactBook, figure: Figure, kind: ChartKind | None = None) -> Chart | None:
    """``chart`` with the figure's other measure as ``book`` holds it."""
    return chart(figure, kind, other_measure(book, figure))


def source_line(sources: list[Source] | tuple[Source, ...]) -> str:
    """ "Sources: Evening Standard; Daily Mail (copy)": each publisher once, copies marked."""
    names: list[str] = []
    for source in sources:
        name = tidy(source.publisher, 60) + copy_mark(source.publisher, source.weak)
        if name not in names:
            names.append(name)
    if not names:
        return ""
    return ("Source: " if len(names) == 1 else "Sources: ") + "; ".join(names)


# ---- dates and words --------------------------------------------------------------------------


def short_date(day: PartialDate) -> str:
    """Axis form: "6 Apr 2023", "Nov 2024", "2023"."""
    if day.precision is Precision.DAY:
        return f"{day.day} {SHORT_MONTHS[day.month]} {day.year}"
    if day.precision is Precision.MONTH:
        return f"{SHORT_MONTHS[day.month]} {day.year}"
    return str(day.year)


def middle(day: PartialDate) -> dt.date:
    """The middle of the span a partial date covers: a bare year sits in July, a month mid-month."""
    if day.precision is Precision.DAY:
        return day.as_date()
    if day.precision is Precision.MONTH:
        return dt.date(day.year, day.month, 15)
    return dt.date(day.year, 7, 2)


def _when(day: PartialDate) -> str:
    return f"on {day.display}" if day.precision is Precision.DAY else f"in {day.display}"


def _subtitle(figure: Figure) -> str:
    """What the figure counts, unless the title already says just that."""
    counts = capital(tidy(figure.counts, 2 * LABEL_MAX))
    return "" if _same_definition(counts, figure.title) else counts


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _series_in_words(drawn: History) -> list[str]:
    """Each series' values in words: one sentence for a figure alone, one per series (saying
    what it counts, and its sources) when its other measure is drawn too."""

    def values(series: int) -> str:
        return _listing([f"{p.label} {_when(p.as_of)}" for p in drawn.points if p.series == series])

    if not drawn.linked:
        return [f"Line chart of {drawn.title} over time: {values(0)}."]
    own, other = drawn.series[0], drawn.series[1]
    return [
        f"Line chart of {drawn.title} over time, with its other measure, {other.title}, as a second line.",
        f"{capital(own.counts)}: {values(0)}. {own.sources}.",
        f"{capital(other.counts)}: {values(1)}. {other.sources}.",
    ]


def alt_text(drawn: Chart) -> str:
    """The chart in words, for screen readers and for anyone whose client shows no image."""
    if isinstance(drawn, History):
        words = _series_in_words(drawn)
        for change in drawn.changes:
            before, after = drawn.points[change.index], drawn.points[change.later]
            words.append(
                f"The definition changes between {before.as_of.display} and {after.as_of.display}: "
                f"{change.before}, then {change.after}."
            )
        weak = [f"{p.label} ({p.as_of.display})" for p in drawn.points if p.weak]
        if weak:
            verb = "rests" if len(weak) == 1 else "rest"
            words.append(f"{_listing(weak)} {verb} only on a copy of the source.")
    else:
        parts = "; ".join(f"{b.label} {b.shown}" for b in drawn.bars)
        words = [f"Bar chart. {drawn.subtitle}: {parts}."]
        if drawn.others:
            words.append("Also: " + "; ".join(drawn.others) + ".")
        if not drawn.adds_up:
            words.append(f"The parts do not add up to {drawn.total_label}.")
        if drawn.weak:
            words.append("These figures rest only on a copy of the source.")
    if drawn.sources and not (isinstance(drawn, History) and drawn.linked):  # a series says its own
        words.append(drawn.sources + ".")
    text = " ".join(words)
    return text if len(text) <= ALT_MAX else text[: ALT_MAX - 1].rstrip() + "…"
