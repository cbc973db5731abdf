"""The book's ``vocabulary:`` section, question-shaped aliases, and the one name fold."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.facts.loader import BookError, parse_book
from bot.facts.model import Term
from bot.facts.names import fold

GOOD = (Path(__file__).parent / "fixtures" / "good.yaml").read_text(encoding="utf-8")


def test_vocabulary_is_read_in_order() -> None:
    book = parse_book(GOOD + "\nvocabulary:\n  officers: [cops, Plod]\n  criminal record: [form]\n")
    assert book.vocabulary == (Term("officers", ("cops", "Plod")), Term("criminal record", ("form",)))


def test_a_book_without_vocabulary_has_none() -> None:
    assert parse_book(GOOD).vocabulary == ()


def test_vocabulary_must_be_a_mapping() -> None:
    with pytest.raises(BookError) as caught:
        parse_book(GOOD + "\nvocabulary: [cops]\n")
    assert "vocabulary: expected a mapping of book words to lists, got a list" in str(caught.value)


def test_a_word_for_itself_is_refused() -> None:
    with pytest.raises(BookError) as caught:
        parse_book(GOOD + "\nvocabulary:\n  officers: [Officers]\n")
    assert "'Officers' is listed as a word for itself" in str(caught.value)


def test_a_circle_of_two_entries_is_refused() -> None:
    with pytest.raises(BookError) as caught:
        parse_book(GOOD + "\nvocabulary:\n  officers: [serving]\n  serving: [officers]\n")
    problems = [p.message for p in caught.value.problems]
    assert len(problems) == 2
    assert all("is itself a vocabulary entry" in m for m in problems)


def test_question_aliases_warn_unless_marked() -> None:
    text = GOOD.replace(
        "aliases: [criminal records, Officers With  Convictions]",
        "aliases: [criminal records, how many officers have records, {question: how many have a record}, "
        "'records?']",
    )
    book = parse_book(text, "book.yaml")
    assert book.figures[0].aliases == (
        "criminal records",
        "how many officers have records",
        "how many have a record",
        "records?",
    )
    warnings = [str(w) for w in book.warnings if "alias" in w.message]
    assert warnings == [
        "book.yaml:14:33: figures[0].aliases[1]: warning: alias 'how many officers have records' is a "
        "whole question; aliases are names people use. Remove it, or write it as {question: ...} if "
        "the question really is its name",
        "book.yaml:14:101: figures[0].aliases[3]: warning: alias 'records?' is a whole question; aliases "
        "are names people use. Remove it, or write it as {question: ...} if the question really is its name",
    ]


def test_names_that_fold_alike_clash_in_check() -> None:
    # The resolver drops punctuation, so the loader must too: "criminal-records" on an event would
    # otherwise pass check and then answer for the figure.
    text = GOOD.replace("aliases: [everard abduction]", "aliases: [everard abduction, Criminal-Records]")
    with pytest.raises(BookError) as caught:
        parse_book(text)
    assert "alias 'Criminal-Records' is already an alias of figures[0]" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Met’s  CRIMINAL-records (1,131)", "met criminal records 1131"),
        ("Casey's report", "casey report"),
        ("Café   Rowley", "cafe rowley"),
        ("1,2,3", "1 2 3"),
        ("12,3456", "12 3456"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
