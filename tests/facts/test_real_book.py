"""The curated facts.yaml at the repository root loads cleanly, and no number it shows lacks a quote."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from bot.facts.loader import BookError, load_book
from bot.facts.model import Event, FactBook, Figure, Precision
from bot.facts.numbers import quoted_keys, shown_numbers
from bot.facts.quotes import quote_contains

# A declared computation: the number before "(computed: ...)" is the curator's and is shown as such.
_DECLARED = re.compile(r"[\d.,%]+\s*\(computed:([^()]*)\)")


@pytest.fixture
def book(repo_root: Path) -> FactBook:
    path = repo_root / "facts.yaml"
    if not path.exists():
        pytest.skip("no facts.yaml at the repository root yet")
    try:
        return load_book(path)
    except BookError as error:  # show every problem, not just that it failed
        pytest.fail(f"facts.yaml has problems:\n{error}")


def test_facts_yaml_loads_cleanly(book: FactBook) -> None:
    assert book.value_count >= 70
    assert len(book.events) >= 45
    # What the loader promises, checked again on the real data.
    for figure in book.figures:
        assert any(quote_contains(s.quote, figure.value, figure.spelled) for s in figure.sources)
        assert [r.as_of for r in figure.revisions] == sorted(r.as_of for r in figure.revisions)
    assert all(e.date.precision is Precision.DAY for e in book.events if e.remind)
    assert not [e.id for e in book.events if e.remind and all(s.weak for s in e.sources)]


def _shown(fact: Figure | Event) -> list[tuple[str, list[str]]]:
    """Each text an answer shows for ``fact``, with the quotes it may lean on, read from the model
    (not from the loader's walk over the YAML), so this is a second, independent count."""
    if isinstance(fact, Event):
        quotes = [s.quote for s in fact.sources]
        return [(t, quotes) for t in (fact.title, fact.summary, fact.anniversary or "", fact.note or "")]
    own = [s.quote for s in fact.sources]
    every = own + [s.quote for r in fact.revisions for s in r.sources]
    texts = [(t, every) for t in (fact.title, fact.counts, fact.statement, fact.note or "")]
    texts += [(fact.display or "", own), (fact.computed or "", own)]
    texts += [(f"{p.label} {p.computed or p.display_value}", own) for p in fact.parts]
    for rev in fact.revisions:
        mine = own + [s.quote for s in rev.sources]
        texts += [
            (t, mine) for t in (rev.display or "", rev.computed or "", rev.counts or "", rev.note or "")
        ]
        texts += [(f"{p.label} {p.computed or p.display_value}", mine) for p in rev.parts]
    return texts


def test_every_number_shown_stands_in_a_quote_of_its_own_fact(book: FactBook) -> None:
    unquoted = []
    shown = 0
    for fact in book.facts:
        for text, quotes in _shown(fact):
            keys = quoted_keys(quotes)
            if isinstance(fact, Figure) and any(quote_contains(q, fact.value, fact.spelled) for q in quotes):
                keys |= {("n", _fraction(fact.value))}
            for mention in shown_numbers(_DECLARED.sub(r"\1", text)):
                shown += 1
                if mention.key not in keys:
                    unquoted.append(f"{fact.id}: {mention.text!r} in {text[:60]!r}")
    print(f"numbers shown: {shown}; without a quote of their own fact: {len(unquoted)}")
    assert shown > 300
    assert unquoted == []


def _fraction(value: int | Decimal) -> Fraction:
    return Fraction(value)
