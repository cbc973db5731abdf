"""What a chart shows, decided from the book alone: no drawing library is imported here.

Two kinds. *History*: every value of a figure (earlier values and the latest) at its as-of date,
with a marker wherever the book says consecutive values count different things (their ``counts``
differ, e.g. "convictions only" then "cautions or convictions"). *Breakdown*: the parts of the
latest value that has any, as horizontal bars in the book's order (curators put a subset such as
"of those 49: ..." right after its parent, which sorting by size would tear apart).

A value whose sources are all copies (``weak``) is flagged, so the drawing can show it apart and
say so. A figure with one value and fewer than two countable parts has no chart.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from bot.core.text_safety import clean_query
from bot.facts.model import Figure, Part, PartialDate, Precision, Source, copy_mark

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


@dataclass(frozen=True)
class DefinitionChange:
    """The definition differs between ``points[index]`` and ``points[index + 1]``."""

    index: int
    before: str
    after: str


@dataclass(frozen=True)
class History:
    figure_id: str
    title: str
    subtitle: str
    points: tuple[Point, ...]  # oldest first, in the book's order
    changes: tuple[DefinitionChange, ...]
    sources: str  # "Sources: Evening Standard; Daily Mail (copy)"

    kind = ChartKind.HISTORY


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


def history(figure: Figure) -> History | None:
    """Every value of ``figure`` oldest first, or None when it has only one."""
    if not figure.revisions:
        return None
    points = [
        Point(
            r.as_of,
            float(r.value),
            tidy(r.value_text),
            tidy(r.counts or figure.counts),
            only_copies(r.sources),
        )
        for r in figure.revisions
    ]
    points.append(
        Point(
            figure.as_of,
            float(figure.value),
            tidy(figure.value_text),
            tidy(figure.counts),
            only_copies(figure.sources),
        )
    )
    changes = tuple(
        DefinitionChange(i, before.counts, after.counts)
        for i, (before, after) in enumerate(itertools.pairwise(points))
        if not _same_definition(before.counts, after.counts)
    )
    firsts = [r.sources[0] for r in figure.revisions if r.sources] + list(figure.sources[:1])
    return History(
        figure_id=figure.id,
        title=tidy(figure.title),
        subtitle=_subtitle(figure),
        points=tuple(points),
        changes=changes,
        sources=source_line(firsts),
    )


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


def kinds(figure: Figure) -> tuple[ChartKind, ...]:
    """The charts ``figure`` has; an answer shows the first."""
    found = []
    if history(figure) is not None:
        found.append(ChartKind.HISTORY)
    if breakdown(figure) is not None:
        found.append(ChartKind.BREAKDOWN)
    return tuple(found)


def chart(figure: Figure, kind: ChartKind | None = None) -> Chart | None:
    """The chart of ``kind`` (default: the history if the figure has one, else the breakdown)."""
    if kind is None:
        return history(figure) or breakdown(figure)
    return history(figure) if kind is ChartKind.HISTORY else breakdown(figure)


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
    counts = _capital(tidy(figure.counts, 2 * LABEL_MAX))
    return "" if _same_definition(counts, figure.title) else counts


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def alt_text(drawn: Chart) -> str:
    """The chart in words, for screen readers and for anyone whose client shows no image."""
    if isinstance(drawn, History):
        values = [f"{p.label} {_when(p.as_of)}" for p in drawn.points]
        words = [f"Line chart of {drawn.title} over time: {_listing(values)}."]
        for change in drawn.changes:
            before, after = drawn.points[change.index], drawn.points[change.index + 1]
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
    if drawn.sources:
        words.append(drawn.sources + ".")
    text = " ".join(words)
    return text if len(text) <= ALT_MAX else text[: ALT_MAX - 1].rstrip() + "…"
