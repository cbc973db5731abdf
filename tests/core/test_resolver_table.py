"""The resolver against the curated facts.yaml: every phrasing lands on its fact, and text the
book cannot answer never gets a confident answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.resolve import Ambiguous, Answer, NotFound, Resolver
from bot.facts.loader import load_book
from tests.core.resolver_cases import CASES, UNRELATED

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_book(ROOT / "facts.yaml"))


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 80
    assert len({q for q, _ in CASES}) == len(CASES), "duplicate phrasings"


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q for q, _ in CASES])
def test_phrasing_lands_on_its_fact(resolver: Resolver, query: str, expected: str) -> None:
    assert resolver.book.get(expected) is not None, f"{expected} is not in facts.yaml"
    outcome = resolver.resolve(query)
    assert isinstance(outcome, Answer), f"{query!r}: {outcome}"
    assert outcome.fact.id == expected


@pytest.mark.parametrize("query", UNRELATED)
def test_unrelated_text_gets_no_answer(resolver: Resolver, query: str) -> None:
    assert not isinstance(resolver.resolve(query), Answer)


@pytest.mark.parametrize("word", ["sacked", "review", "police", "backlog", "dismissals", "carrick", "casey"])
def test_one_vague_word_offers_choices_not_an_answer(resolver: Resolver, word: str) -> None:
    outcome = resolver.resolve(word)
    assert isinstance(outcome, Ambiguous)
    assert len(outcome.candidates) >= 2


def test_typo_in_an_alias_is_forgiven(resolver: Resolver) -> None:
    # "convictions" names the convictions-only figure; cautions belong to the criminal-records one.
    outcome = resolver.resolve("convictoins")
    assert isinstance(outcome, Answer) and outcome.fact.id == "officers_with_criminal_convictions"


def test_nonsense_is_not_found(resolver: Resolver) -> None:
    assert resolver.resolve("asdfgh") == NotFound()
    assert resolver.resolve("") == NotFound()


def test_autocomplete_prefix_finds_convictions_first(resolver: Resolver) -> None:
    titles = [f.title for f in resolver.suggest("conv")]
    assert titles, "no suggestions for 'conv'"
    assert titles[0] == "Met officers with criminal convictions"
    assert len(resolver.suggest("", limit=25)) == 25
