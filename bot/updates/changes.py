"""What changed in the book since it was last announced: pure functions, no store, no platform.

A fact's *state* is what an update is about: for a figure its latest value and as-of date
(``202@2023-09-18``), for an event its date. Everything else (titles, statements, sources,
aliases, notes, earlier values) is wording and never makes an update on its own.

The store remembers every state it has recorded per fact (``Known.seen``) and the last one
(``Known.latest``, the announced snapshot). A state recorded once is never news again: a reload
of the same file, a revert followed by a re-apply, or a replica still running the older file
all find their states already seen, so nothing is posted twice and a rollback never posts a
bogus "correction".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from bot.core.answers import source_ref
from bot.core.message import SourceRef
from bot.facts.model import Event, FactBook, Figure, Number, PartialDate, Source


class ChangeKind(Enum):
    NEW_FIGURE = "new_figure"  # an id the store has never recorded
    NEW_VALUE = "new_value"  # a later as-of with a different value
    CORRECTION = "correction"  # a different value for the same (or an earlier) as-of
    NEW_EVENT = "new_event"


@dataclass(frozen=True)
class FactState:
    """A fact as it stood in one book: its state key and what a post about it shows."""

    fact_id: str
    kind: str  # "figure" | "event"
    value: str | None  # canonical number, "202" or "2.5" (figures only)
    as_of: str  # ISO partial date: the figure's as-of, the event's date
    title: str
    value_text: str | None = None  # how the value reads: "202", "around 300", "26%"
    statement: str = ""  # the figure's statement or the event's summary
    source: SourceRef | None = None  # one whose quote holds the value

    @property
    def state(self) -> str:
        return f"{self.value}@{self.as_of}" if self.kind == "figure" else self.as_of

    @property
    def key(self) -> str:
        """The ledger's name for this state: ``suspended_officers/202@2023-09-18``."""
        return f"{self.fact_id}/{self.state}"

    @property
    def date(self) -> PartialDate:
        return PartialDate.parse(self.as_of)


@dataclass(frozen=True)
class Known:
    """What the store has recorded: every state per fact, and the last one recorded."""

    latest: Mapping[str, FactState] = field(default_factory=dict)
    seen: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.latest


@dataclass(frozen=True)
class Found:
    """A state the store has not recorded. ``change`` None: recorded without a post (the first
    pass over a store, or an edit that is not news, such as a figure's date alone moving)."""

    state: FactState
    change: ChangeKind | None
    was: FactState | None


def canonical(value: Number) -> str:
    """One spelling per number, so 2.50 and 2.5 (or 202 and 202.0) are the same state."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _cited(sources: Iterable[Source]) -> SourceRef | None:
    """The first original source, else the first copy. The loader has checked that every one of
    a figure's own sources quotes its value, so any of them quotes the new value."""
    listed = list(sources)
    found = next((s for s in listed if not s.weak), listed[0] if listed else None)
    return source_ref(found) if found is not None else None


def figure_state(fig: Figure) -> FactState:
    return FactState(
        fact_id=fig.id,
        kind="figure",
        value=canonical(fig.value),
        as_of=fig.as_of.iso,
        title=fig.title,
        value_text=fig.value_text,
        statement=fig.statement,
        source=_cited(fig.sources),
    )


def event_state(event: Event) -> FactState:
    return FactState(
        fact_id=event.id,
        kind="event",
        value=None,
        as_of=event.date.iso,
        title=event.title,
        statement=event.summary,
        source=_cited(event.sources),
    )


def states_of(book: FactBook) -> list[FactState]:
    """Every fact's current state, figures first, in book order."""
    return [*(figure_state(f) for f in book.figures), *(event_state(e) for e in book.events)]


def classify(was: FactState | None, new: FactState) -> ChangeKind | None:
    """What moving from ``was`` to ``new`` means to a reader; None when it is not news."""
    if was is None or was.kind != new.kind:
        return ChangeKind.NEW_FIGURE if new.kind == "figure" else ChangeKind.NEW_EVENT
    if new.kind == "event" or was.value == new.value:
        # An event's date corrected, or a figure re-dated with the same value: kept, not posted.
        return None
    if new.date > was.date:
        return ChangeKind.NEW_VALUE
    return ChangeKind.CORRECTION


def detect(book: FactBook, known: Known) -> list[Found]:
    """The states of ``book`` the store has not recorded, each with what it means.

    Against a store that has recorded nothing, everything is found but nothing is news: the
    first pass records the book silently, so a channel never gets the whole book as a backlog.
    """
    first = known.empty
    found: list[Found] = []
    for state in states_of(book):
        if state.state in known.seen.get(state.fact_id, frozenset()):
            continue
        was = known.latest.get(state.fact_id)
        found.append(Found(state, None if first else classify(was, state), was))
    return found


@dataclass(frozen=True)
class Update:
    """One change as a channel will read it."""

    kind: ChangeKind
    state: FactState
    was: FactState | None


def settle(changes: Iterable[Update]) -> list[Update]:
    """Several pending changes of one fact (a retried post, changes detected while a channel's
    platform was away) become one: the newest state against the oldest "was", as the reader
    last heard it. Order follows each fact's first change."""
    by_fact: dict[str, list[Update]] = {}
    for change in changes:
        by_fact.setdefault(change.state.fact_id, []).append(change)
    settled = []
    for group in by_fact.values():
        first, last = group[0], group[-1]
        kind = classify(first.was, last.state) if len(group) > 1 else first.kind
        settled.append(Update(kind, last.state, first.was) if kind else last)
    return settled
