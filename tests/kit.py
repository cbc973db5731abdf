"""Small helpers shared by the areas' test books."""

from __future__ import annotations

from bot.facts.model import PartialDate, Source


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
