"""The resolver against the curated facts.yaml: the phrasing tables, and each kind of question the
issue names (parts, earlier values, dates, everyday words, number words, typos, intent).

The tables' accuracy is printed by bench/bench_resolver.py; here it is held to floors, so a change
that makes the resolver worse fails, and the book's vocabulary is checked to do its job."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.core.resolve import Ambiguous, Answer, NotFound, NoValueAt, Resolver, Scored
from bot.facts.loader import load_book
from bot.facts.model import FactBook, Figure
from tests.core.case_format import Expected, alternatives, verdict
from tests.core.heldout_cases import HELD_OUT
from tests.core.resolver_cases import CASES, NEW_CASES, UNRELATED
from tests.core.resolver_heldout2 import HELD_OUT_2

ROOT = Path(__file__).resolve().parents[2]
TUNING: list[tuple[str, str | None]] = [*CASES, *NEW_CASES, *((u, None) for u in UNRELATED)]


@pytest.fixture(scope="module")
def book() -> FactBook:
    return load_book(ROOT / "facts.yaml")


@pytest.fixture(scope="module")
def resolver(book: FactBook) -> Resolver:
    return Resolver(book)


def _accuracy(resolver: Resolver, table: list[tuple[str, str | None]]) -> tuple[float, int]:
    verdicts = [verdict(resolver.resolve(q), e) for q, e in table]
    return verdicts.count("right") / len(table), verdicts.count("confident wrong")


def test_the_tables_are_large_and_distinct() -> None:
    new = [*NEW_CASES, *HELD_OUT]
    assert len(new) >= 150
    assert sum(e is None for _, e in new) >= 30
    assert len(HELD_OUT_2) >= 120
    assert sum(e is None for _, e in HELD_OUT_2) >= 25
    queries = [q for q, _ in [*TUNING, *HELD_OUT, *HELD_OUT_2]]
    assert len(set(queries)) == len(queries), "a phrasing is in two tables or twice in one"


@pytest.mark.parametrize(("query", "expect"), [*TUNING, *HELD_OUT, *HELD_OUT_2])
def test_every_expectation_names_something_in_the_book(
    book: FactBook, query: str, expect: str | None
) -> None:
    for option in alternatives(expect):
        assert option.exists_in(book), f"{query!r}: {option} is not in facts.yaml"


def test_tuning_table_floor(resolver: Resolver) -> None:
    accuracy, wrong = _accuracy(resolver, TUNING)
    assert accuracy >= 0.85
    assert wrong == 0  # unsure is choices, never another number


def test_held_out_floor(resolver: Resolver) -> None:
    # A floor against regressions only; the held-out figures themselves are reported by the bench
    # (its confident wrong answers too: they are counted there, not fixed case by case).
    accuracy, _ = _accuracy(resolver, HELD_OUT)
    assert accuracy >= 0.67


def test_blind_held_out_floor(resolver: Resolver) -> None:
    # Only a floor well below its first score (151/223, 67.7%, before the resolver changes it was
    # written to measure), so that the table stays blind: its cases are never fixed one by one.
    accuracy, _ = _accuracy(resolver, HELD_OUT_2)
    assert accuracy >= 0.55


@pytest.mark.parametrize("query", [*UNRELATED, *(q for q, e in NEW_CASES if e is None)])
def test_text_the_book_cannot_answer_gets_no_answer(resolver: Resolver, query: str) -> None:
    assert not isinstance(resolver.resolve(query), Answer)


@pytest.mark.parametrize("word", ["sacked", "review", "police", "backlog", "dismissals", "carrick", "casey"])
def test_one_vague_word_offers_choices_not_an_answer(resolver: Resolver, word: str) -> None:
    outcome = resolver.resolve(word)
    assert isinstance(outcome, Ambiguous)
    assert len(outcome.candidates) >= 2


def _assert(outcome: object, expect: str) -> None:
    assert Expected.parse(expect).met_by(outcome), outcome  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        # a line of a breakdown, answered first
        ("officers with records for drink driving", "officers_with_criminal_records#drink driving"),
        ("gross incompetence hearings per month", "hearings_planned_per_month#gross incompetence"),
        # a year or a month picks the value as of then; "first" the earliest
        ("suspended officers march 2022", "suspended_officers@2022-03-31"),
        ("restricted officers june 2023", "restricted_officers@2023-06-20"),
        ("dismissals 2022", "dismissals_calendar_year@2022"),
        ("first count of suspended officers", "suspended_officers@2022-03-31"),
        ("latest count of suspended officers", "suspended_officers"),
    ],
)
def test_parts_and_earlier_values(resolver: Resolver, query: str, expect: str) -> None:
    _assert(resolver.resolve(query), expect)


def test_a_time_the_book_has_no_value_for_is_said_not_answered(resolver: Resolver) -> None:
    outcome = resolver.resolve("suspended officers in 2019")
    assert isinstance(outcome, NoValueAt)
    assert outcome.fact.id == "suspended_officers" and outcome.asked == "2019"


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("how many plod are on desk duty", "restricted_officers"),  # vocabulary, two entries
        ("how many cops got the sack for gross misconduct", "gross_misconduct_dismissals_year_to_sept2023"),
        ("when did the met boss quit", "dick_resigns"),
        ("officer with eleven misconduct cases", "casey_interim_officer_11_cases"),  # number words
        ("suspened oficers", "suspended_officers"),  # two typos
        ("no. of suspended officers pls", "suspended_officers"),  # chat shorthand
        ("when was couzens nicked", "couzens_arrested"),  # "when" wants the event
        ("how long do misconduct cases take", "casey_interim_average_days_to_finalise"),  # "how long": time
        ("panorama charing cross documentary", "panorama_charing_cross"),  # a documentary is a broadcast
    ],
)
def test_everyday_words(resolver: Resolver, query: str, expect: str) -> None:
    _assert(resolver.resolve(query), expect)


def test_vocabulary_comes_from_the_book_not_the_code(book: FactBook) -> None:
    without = Resolver(dataclasses.replace(book, vocabulary=()))
    assert not isinstance(without.resolve("how many plod are on desk duty"), Answer)


def test_a_book_without_aliases_still_answers_most_of_the_table(book: FactBook) -> None:
    bare = dataclasses.replace(
        book,
        figures=tuple(dataclasses.replace(f, aliases=()) for f in book.figures),
        events=tuple(dataclasses.replace(e, aliases=()) for e in book.events),
    )
    accuracy, wrong = _accuracy(Resolver(bare), TUNING)
    assert accuracy >= 0.65
    assert wrong == 0


def test_nonsense_is_not_found(resolver: Resolver) -> None:
    assert resolver.resolve("asdfgh") == NotFound()
    assert resolver.resolve("") == NotFound()


def test_autocomplete_prefix_finds_convictions_first(resolver: Resolver) -> None:
    facts = resolver.suggest("conv")
    assert facts, "no suggestions for 'conv'"
    assert isinstance(facts[0], Figure) and "convict" in (facts[0].title + facts[0].counts).lower()
    assert len(resolver.suggest("", limit=25)) == 25


def test_a_did_you_mean_expectation_wants_choices_that_offer_a_listed_fact(book: FactBook) -> None:
    listed, other = book.figures[0], book.figures[1]
    expect = f"?{listed.id}|{book.figures[2].id}"
    assert verdict(Ambiguous((Scored(other, 0.5), Scored(listed, 0.4))), expect) == "right"
    assert verdict(NotFound((Scored(listed, 0.3),)), expect) == "right"
    assert verdict(Ambiguous((Scored(other, 0.5),)), expect) == "declined"
    assert verdict(Answer(listed, 0.9), expect) == "confident wrong"  # one meaning of several, picked
