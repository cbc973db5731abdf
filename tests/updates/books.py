"""Small books for the updates tests: one figure whose value moves, one event, and edits of them."""

from __future__ import annotations

import dataclasses

from bot.facts.model import Event, FactBook, Figure, Number, PartialDate, Revision, Source
from tests.kit import src


def suspended(
    value: Number = 201,
    as_of: str = "2023-09-18",
    *,
    earlier: tuple[Revision, ...] = (),
    sources: tuple[Source, ...] | None = None,
    **changes: object,
) -> Figure:
    number = f"{value:,}" if isinstance(value, int) else str(value)
    figure = Figure(
        id="suspended_officers",
        title="Suspended Met officers",
        value=value,
        counts="Met officers suspended",
        as_of=PartialDate.parse(as_of),
        statement=f"{number} Met officers were suspended.",
        sources=sources
        or (
            src("Weekly Copy", f"a copy says {number} were suspended", as_of[:10], weak=True),
            src(
                "The Times",
                f"Cundy said {number} officers were suspended",
                as_of[:10],
                "https://example.org/t",
            ),
        ),
        aliases=("suspended officers",),
        revisions=earlier,
    )
    return dataclasses.replace(figure, **changes)  # type: ignore[arg-type]


def earlier(value: int, as_of: str) -> Revision:
    return Revision(value, PartialDate.parse(as_of), (src("Archive", f"{value} were suspended", as_of[:10]),))


CASEY = Event(
    id="casey_report",
    date=PartialDate(2023, 3, 21),
    title="Casey review published",
    summary="Baroness Casey's review found the Met institutionally racist, misogynist and homophobic.",
    sources=(src("BBC News", "institutionally racist", "2023-03-21", "https://example.org/casey"),),
    remind=True,
)


def dismissals(value: int = 100) -> Figure:
    return Figure(
        id="dismissals",
        title="Met officers dismissed",
        value=value,
        counts="officers dismissed",
        as_of=PartialDate(2024, 3),
        statement=f"{value} officers were dismissed.",
        sources=(src("BBC News", f"{value} officers were dismissed", "2024-03-02", "https://example.org/d"),),
    )


def book(*figures: Figure, events: tuple[Event, ...] = (CASEY,), version: str = "") -> FactBook:
    return FactBook(
        "Test book", "For tests.", tuple(figures), events, version=version or _version(figures, events)
    )


def _version(figures: tuple[Figure, ...], events: tuple[Event, ...]) -> str:
    return str(abs(hash((figures, events))))[:12]
