"""The curated facts.yaml at the repository root loads cleanly and is big enough to be useful."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.facts.loader import BookError, load_book
from bot.facts.model import Precision
from bot.facts.quotes import quote_contains


def test_facts_yaml_loads_cleanly(repo_root: Path) -> None:
    path = repo_root / "facts.yaml"
    if not path.exists():
        pytest.skip("no facts.yaml at the repository root yet")
    try:
        book = load_book(path)
    except BookError as error:  # show every problem, not just that it failed
        pytest.fail(f"facts.yaml has problems:\n{error}")
    assert book.value_count >= 70
    assert len(book.events) >= 45
    # What the loader promises, checked again on the real data.
    for figure in book.figures:
        assert all(quote_contains(s.quote, figure.value, figure.spelled) for s in figure.sources)
        assert [r.as_of for r in figure.revisions] == sorted(r.as_of for r in figure.revisions)
    assert all(e.date.precision is Precision.DAY for e in book.events if e.remind)
