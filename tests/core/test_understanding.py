"""How a question's words are read: the book's vocabulary, light verbs, and the other general
mechanisms of understanding, each on a small book built for it (the tables measure what they buy)."""

from __future__ import annotations

import dataclasses

from bot.core.index import W_VALUE, Index
from bot.core.resolve import Answer, Resolver
from bot.facts.model import Event, PartialDate, Term
from tests.kit import small_book, small_figure, src

REOPENED = small_figure(
    "cases_reopened",
    "Cases reopened for new lines of enquiry",
    689,
    "previously completed cases re-opened for new or missed lines of enquiry",
)
INQUIRY = small_figure(
    "inquiry_witnesses", "Witnesses heard by the public inquiry", 40, "witnesses the inquiry heard"
)


def test_a_phrase_said_word_for_word_keeps_each_own_word_in_its_place() -> None:
    # "lines of inquiry" for the book's "lines of enquiry": the book also uses "inquiry" (a public
    # inquiry), so it stays an alternative, but for "enquiry", not for "lines".
    book = small_book(REOPENED, INQUIRY, vocabulary=(Term("lines of enquiry", ("lines of inquiry",)),))
    index = Index(book)
    assert index.said_to_book(["lines", "of", "inquiry"]) == [("line",), ("enquiri", "inquiri")]


FINALISE = small_figure(
    "days_to_finalise",
    "Average time to finalise a misconduct allegation",
    400,
    "days, on average, to finalise a misconduct allegation",
    display="400 days",
)
HEARINGS = small_figure(
    "misconduct_hearings", "Misconduct hearings in 2023", 163, "officers who faced misconduct hearings"
)


def test_a_light_verb_asks_for_nothing_of_its_own() -> None:
    # "take", "make", "go", "come" name no subject: "how long does a case take" is about the time.
    book = small_book(FINALISE, HEARINGS, vocabulary=(Term("time", ("how long",)),))
    outcome = Resolver(book).resolve("how long does a misconduct allegation take to finalise")
    assert isinstance(outcome, Answer) and outcome.fact.id == "days_to_finalise"


def _event(id: str, day: str, title: str, summary: str) -> Event:
    return Event(
        id=id,
        date=PartialDate.parse(day),
        title=title,
        summary=summary,
        sources=(src("Example", "reported", day, url=f"https://example.org/{id}"),),
        remind=False,
    )


FINAL_REPORT = _event(
    "casey_final_report",
    "2023-03-21",
    "Casey final report: the Met institutionally racist",
    "Baroness Casey's final report found institutional racism, misogyny and homophobia in the Met.",
)
REVIEW_PUBLISHED = _event(
    "vetting_review_published",
    "2026-01-08",
    "Met vetting review published",
    "The Met published a review of how its officers and staff were vetted.",
)


def test_when_the_verb_says_only_that_it_happened_it_costs_the_event_nothing() -> None:
    # "published" is not in the Casey event's words, and need not be: "when" asks for its date.
    resolver = Resolver(small_book(FINAL_REPORT, REVIEW_PUBLISHED, HEARINGS))
    outcome = resolver.resolve("when was the casey final report published")
    assert isinstance(outcome, Answer) and outcome.fact.id == "casey_final_report"
    # Where an event has the verb, it is still evidence for it.
    outcome = resolver.resolve("when was the vetting review published")
    assert isinstance(outcome, Answer) and outcome.fact.id == "vetting_review_published"


def test_a_value_is_found_by_its_digits_however_the_book_words_it() -> None:
    # Stored as 0.8, shown as "four in five": "4 in 5 cases" finds it by the numbers it shows.
    share = small_figure(
        "more_work_share",
        "Share of inquiries needing more work",
        0,
        "share of inquiries",
        display="four in five",
    )
    index = Index(small_book(dataclasses.replace(share, value=0.8), HEARINGS))
    assert index.postings["4"] == {0: W_VALUE} and index.postings["5"] == {0: W_VALUE}


def test_one_swapped_or_wrong_letter_in_a_short_word_is_corrected_when_one_word_is_that_near() -> None:
    sacked = small_figure("officers_sacked", "Police officers sacked", 100, "police officers sacked")
    backed = small_figure("plans_backed", "Reform plans backed by the board", 3, "reform plans backed")
    index = Index(small_book(sacked, backed))
    assert index.corrected("polcie") == "police"  # two letters swapped
    assert index.corrected("polise") == "police"  # one wrong
    assert index.corrected("packed") == "packed"  # as near "sacked" as "backed": left alone
