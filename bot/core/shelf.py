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

    @classmethod
    def build(cls, book: FactBook) -> Edition:
        """Index ``book``: CPU work a running bot does in a worker thread (see ``BookReloader``)."""
        return cls(book, Resolver(book))


class Shelf:
    def __init__(self, book: FactBook, edition: Edition | None = None) -> None:
        self.current = edition if edition is not None and edition.book is book else Edition.build(book)

    @property
    def book(self) -> FactBook:
        return self.current.book

    def swap(self, book: FactBook) -> Edition:
        """Build the index for ``book`` and make it current; returns the new edition."""
        return self.install(Edition.build(book))

    def install(self, edition: Edition) -> Edition:
        """Make an edition built elsewhere (in a worker thread) current."""
        self.current = edition  # one reference assignment: atomic for every reader
        return edition
