"""Small helpers shared by the areas' test books."""

from __future__ import annotations

from bot.facts.model import Event, FactBook, Figure, PartialDate, Source, Term


def src(
    publisher: str,
    quote: str,
    day: str = "2023-04-06",
    url: str = "https://example.org/a",
    *,
    weak: bool = False,
) -> Source:
    """A source whose title is made from its publisher; tests care about the other fields."""
    return Source(publisher, f"{publisher} report", url, PartialDate.parse(day), quote, weak)


def small_figure(id: str, title: str, value: int, counts: str, **extra: object) -> Figure:
    """A figure for a book built for one rule: dated, stated and sourced unless ``extra`` says."""
    fields: dict[str, object] = {
        "as_of": PartialDate.parse("2023-04-06"),
        "statement": f"{title}: {value}.",
        "sources": (src("Example", f"{value} in the report", url=f"https://example.org/{id}"),),
    }
    fields.update(extra)
    return Figure(id=id, title=title, value=value, counts=counts, **fields)  # type: ignore[arg-type]


def small_book(*facts: Figure | Event, vocabulary: tuple[Term, ...] = ()) -> FactBook:
    return FactBook(
        title="Test book",
        description="Built for one rule.",
        figures=tuple(f for f in facts if isinstance(f, Figure)),
        events=tuple(f for f in facts if isinstance(f, Event)),
        version="test",
        vocabulary=vocabulary,
    )
