"""The facts model: frozen, typed records that every other layer reads.

Nothing here does I/O or imports a platform library; the loader builds these from YAML.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from bot.facts.problems import Problem

_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Precision(Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or only the year (sources are often vague).

    Ordering compares (year, month, day) with missing parts as 0, so "2023" sorts before "2023-01-05".
    """

    year: int
    month: int = 0
    day: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month == 0 and self.day != 0:
            raise ValueError("a day needs a month")
        if self.month and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{_MONTHS[self.month]} {self.year} has no day {self.day}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a readable reason."""
        pieces = text.strip().split("-")
        if not 1 <= len(pieces) <= 3 or not all(p.isdigit() for p in pieces):
            raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
        if len(pieces[0]) != 4 or any(len(p) != 2 for p in pieces[1:]):
            raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
        numbers = [int(p) for p in pieces] + [0, 0]
        return cls(numbers[0], numbers[1], numbers[2])

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.day:
            return Precision.DAY
        return Precision.MONTH if self.month else Precision.YEAR

    def as_date(self) -> dt.date:
        """The first day the partial date can mean (1 January for a bare year)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def display(self) -> str:
        """British newsroom style: 6 April 2023, April 2023, 2023."""
        if self.day:
            return f"{self.day} {_MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{_MONTHS[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso


Number = int | Decimal  # bot.facts.quotes spells the same alias, to avoid an import cycle


def version_of(data: bytes) -> str:
    """A book's version: a short hash of the file's bytes, shown in metrics and logs."""
    return hashlib.sha256(data).hexdigest()[:12]


def format_number(value: Number) -> str:
    """1131 -> '1,131'; Decimal('2.5') -> '2.5'. Never scientific notation."""
    if isinstance(value, int):
        return f"{value:,}"
    text = format(value, ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    url: str
    published: PartialDate
    quote: str
    weak: bool = False  # a mirror, rewrite or aggregator summary, not the original publisher's page
    copy: str | None = None  # what a weak source is, as answers say it: "a copy of the Daily Mail report"
    published_inferred: bool = False  # the page prints no date; the date was worked out elsewhere

    @property
    def published_text(self) -> str:
        """ "6 April 2023", or "6 April 2023 (date inferred)" when the page itself shows no date."""
        shown = self.published.display
        return f"{shown} (date inferred)" if self.published_inferred else shown


def copy_mark(publisher: str, weak: bool) -> str:
    """ " (copy)" after the name of a source that is a copy, once: a dossier name that already says
    so ("Daily Mail (copy on a mirror site)") is not marked twice."""
    return " (copy)" if weak and "copy" not in publisher.casefold() else ""


def copy_caveat(sources: tuple[Source, ...]) -> str | None:
    """What a reader must be told when a value rests on copies alone, or None when it does not:
    "only a copy of the Daily Mail report was found"."""
    if not sources or not all(s.weak for s in sources):
        return None
    kinds = list(dict.fromkeys(s.copy or f"a copy ({s.publisher})" for s in sources))
    if len(kinds) == 1:
        return f"only {kinds[0]} was found"
    return f"only {', '.join(kinds[:-1])} and {kinds[-1]} were found"


@dataclass(frozen=True)
class Part:
    """One line of a breakdown. ``value`` stays a string where the source gives "20%" or similar."""

    label: str
    value: Number | str
    computed: str | None = None  # how the curator worked the value out: "76 of 161"

    @property
    def display_value(self) -> str:
        shown = self.value if isinstance(self.value, str) else format_number(self.value)
        return f"{shown}, computed: {self.computed}" if self.computed else shown


@dataclass(frozen=True)
class Revision:
    """An earlier (or differently defined) value of the same measure, with its own sources."""

    value: Number
    as_of: PartialDate
    sources: tuple[Source, ...]
    counts: str | None = None
    parts: tuple[Part, ...] = ()
    note: str | None = None
    qualifier: str | None = None
    display: str | None = None  # how the value reads: "26%", "one in 200", "17 years 225 days"
    computed: str | None = None  # how the curator worked the value out, when no source states it

    @property
    def value_text(self) -> str:
        return _value_text(self.value, self.qualifier, self.display, self.computed)

    @property
    def copy_caveat(self) -> str | None:
        return _caveat(self.sources, self.value, (), self.computed)

    @property
    def value_line(self) -> str:
        caveat = self.copy_caveat
        return f"{self.value_text} · {caveat}" if caveat else self.value_text


def _stating(
    sources: tuple[Source, ...], value: Number, spelled: tuple[str, ...], computed: str | None
) -> tuple[Source, ...]:
    """The sources a value rests on: those whose quote states it (all of them for a computed value;
    the others back its breakdown or its statement)."""
    if computed:
        return sources
    # The number reader is imported here, not at the top: an answer whose sources are no copies
    # never needs it (see ``_caveat``), and ``figurebot ask`` starts faster without it.
    from bot.facts.quotes import quote_contains

    return tuple(s for s in sources if quote_contains(s.quote, value, spelled)) or sources


def _caveat(
    sources: tuple[Source, ...], value: Number, spelled: tuple[str, ...], computed: str | None
) -> str | None:
    """The copy caveat of a value: none when no source is a copy, without reading any quote."""
    if not any(s.weak for s in sources):
        return None
    return copy_caveat(_stating(sources, value, spelled, computed))


def _value_text(value: Number, qualifier: str | None, display: str | None, computed: str | None) -> str:
    number = display or format_number(value)
    text = f"{qualifier} {number}" if qualifier else number
    return f"{text}, computed: {computed}" if computed else text


@dataclass(frozen=True)
class MeasureLink:
    """Another figure counting the same thing another way (convictions only, or convictions and
    cautions), shown beside a figure's value so a reader never takes one measure for the other."""

    id: str
    title: str
    counts: str
    value_line: str
    as_of: PartialDate

    @property
    def text(self) -> str:
        return f"{self.value_line} — {self.counts}, as of {self.as_of.display}"


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    value: Number
    counts: str
    as_of: PartialDate
    statement: str
    sources: tuple[Source, ...]
    qualifier: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    spelled: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    revisions: tuple[Revision, ...] = ()  # oldest first, as the loader sorts them
    note: str | None = None
    related: tuple[str, ...] = ()
    display: str | None = None  # how the value reads: "26%", "one in 200", "17 years 225 days"
    computed: str | None = None  # how the curator worked the value out, when no source states it
    other_measure: MeasureLink | None = None  # the loader fills it in from the other figure

    kind = "figure"

    @property
    def value_text(self) -> str:
        """The number as a reader sees it, with its qualifier and unit: "around 300", "26%"."""
        return _value_text(self.value, self.qualifier, self.display, self.computed)

    @property
    def copy_caveat(self) -> str | None:
        """Set when the latest value rests on mirror or rewrite copies alone."""
        return _caveat(self.sources, self.value, self.spelled, self.computed)

    @property
    def value_line(self) -> str:
        """The value with its caveat, as every surface and the export show it:
        "322 · only a copy of the Daily Mail report was found"."""
        caveat = self.copy_caveat
        return f"{self.value_text} · {caveat}" if caveat else self.value_text

    @property
    def date(self) -> PartialDate:
        return self.as_of


@dataclass(frozen=True)
class Event:
    id: str
    date: PartialDate
    title: str
    summary: str
    sources: tuple[Source, ...]
    remind: bool = False
    anniversary: str | None = None  # wording after "N years ago today: "
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None
    related: tuple[str, ...] = ()

    kind = "event"

    @property
    def anniversary_text(self) -> str:
        return self.anniversary or self.title


Fact = Figure | Event


@dataclass(frozen=True)
class Term:
    """One entry of the book's ``vocabulary``: a word or phrase the book itself uses, and what
    people type for it ("officers": cops, plod; "dismissed": sacked, binned, struck off)."""

    word: str
    said: tuple[str, ...]


@dataclass(frozen=True)
class FactBook:
    """The whole validated book. ``version`` is a short content hash, shown in metrics and logs."""

    title: str
    description: str
    figures: tuple[Figure, ...]
    events: tuple[Event, ...]
    version: str = ""
    path: str = ""
    vocabulary: tuple[Term, ...] = ()
    warnings: tuple[Problem, ...] = field(default=(), compare=False)  # not defects: `check` lists them
    _by_id: dict[str, Fact] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # A frozen dataclass can still fill its own private index once, at construction.
        index: dict[str, Fact] = {f.id: f for f in self.figures}
        index.update({e.id: e for e in self.events})
        object.__setattr__(self, "_by_id", index)

    def get(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (*self.figures, *self.events)

    def events_by_date(self, *, newest_first: bool = True) -> tuple[Event, ...]:
        return tuple(sorted(self.events, key=lambda e: (e.date, e.id), reverse=newest_first))

    @property
    def source_count(self) -> int:
        """Distinct source URLs across figures, revisions and events."""
        urls = {s.url for fact in self.facts for s in fact.sources}
        urls |= {s.url for f in self.figures for r in f.revisions for s in r.sources}
        return len(urls)

    @property
    def value_count(self) -> int:
        """Figure values, counting earlier values of a measure."""
        return sum(1 + len(f.revisions) for f in self.figures)
