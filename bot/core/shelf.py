"""The current book and its search index, swapped together in one assignment.

A reload builds the new index completely before the swap, so a request never sees a new book
with an old index (or half of either). Readers take ``shelf.current`` once per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.resolve import Resolver
from bot.facts.model import FactBook


@dataclass(frozen=True)
class Edition:
    book: FactBook
    resolver: Resolver


class Shelf:
    def __init__(self, book: FactBook) -> None:
        self.current = Edition(book, Resolver(book))

    @property
    def book(self) -> FactBook:
        return self.current.book

    def swap(self, book: FactBook) -> Edition:
        """Build the index for ``book`` and make it current; returns the new edition."""
        return self.put(edition_of(book))

    def put(self, edition: Edition) -> Edition:
        """Make a ready edition current (built elsewhere, e.g. off the event loop)."""
        self.current = edition  # one reference assignment: atomic for every reader
        return edition


def edition_of(book: FactBook) -> Edition:
    """A book with its search index built: CPU work a caller may run in a thread."""
    return Edition(book, Resolver(book))
