"""The README's demo books stay true to facts.yaml: the same figure, without and with September."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.facts.loader import load_book
from bot.facts.model import Figure

REPO = Path(__file__).resolve().parents[2]


def figure(path: Path) -> Figure:
    found = load_book(path).get("suspended_officers")
    assert isinstance(found, Figure)
    return found


def test_the_september_demo_is_the_book_s_figure() -> None:
    book, demo = figure(REPO / "facts.yaml"), figure(REPO / "docs" / "examples" / "suspended-2023-09.yaml")
    assert demo == dataclasses.replace(book, related=())  # a one-figure book cannot cross-refer


def test_the_april_demo_is_the_book_s_figure_before_september() -> None:
    book = figure(REPO / "facts.yaml")
    demo = figure(REPO / "docs" / "examples" / "suspended-2023-04.yaml")
    [april] = [r for r in book.revisions if r.as_of.iso == "2023-04-06"]
    assert (demo.value, demo.as_of, demo.sources, demo.note) == (
        april.value,
        april.as_of,
        april.sources,
        april.note,
    )
    assert demo.revisions == tuple(r for r in book.revisions if r is not april)
    assert (demo.title, demo.counts, demo.aliases) == (book.title, book.counts, book.aliases)
