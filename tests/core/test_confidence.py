"""When the resolver may be sure: each rule of a confident answer, on a small book built for it.

A wrong number is the worst answer a figure bot can give, so each rule here turns a guess into
choices (or a plain "no value for then"); the tables in resolver_cases.py measure what that costs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.resolve import Ambiguous, Answer, NotFound, NoValueAt, Resolver
from bot.facts.loader import load_book
from bot.facts.model import Event, Figure, Part, PartialDate, Revision
from tests.kit import small_book, small_figure

ROOT = Path(__file__).resolve().parents[2]


SENTENCE = small_figure(
    "smith_sentence",
    "Prison sentence of former officer John Smith",
    24,
    "years' imprisonment for former officer John Smith (13 counts against three girls)",
    display="24 years",
)
SUSPENDED = small_figure(
    "suspended_officers",
    "Suspended officers",
    201,
    "officers suspended from duty",
    as_of=PartialDate.parse("2023-09-18"),
    revisions=(Revision(value=69, as_of=PartialDate.parse("2022-09-20"), sources=SENTENCE.sources),),
)
CONVICTED = small_figure(
    "convicted_while_serving",
    "Officers convicted while serving",
    104,
    "officers convicted of crimes while serving",
    parts=(Part("traffic offences", 32), Part("theft", 4)),
)
HOTLINE = small_figure(
    "hotline_reports_per_week",
    "Weekly reports to the integrity hotline",
    14,
    "reports per week to the internal integrity hotline",
    parts=(Part("previous weekly average", 6),),
)
LEAVERS = small_figure(
    "leavers",
    "Officers and staff who left",
    1400,
    "officers and staff who left after misconduct proceedings",
    parts=(Part("officers", 1100), Part("staff", 300)),
)
CHECKS_DONE = small_figure(
    "database_checks_completed",
    "Completed checks of officers against the national database",
    10000,
    "officers whose check against the national database is completed",
)
CHECKS_PLANNED = small_figure(
    "database_checks_planned",
    "Planned checks of officers against the national database",
    50000,
    "officers whose check against the national database is planned",
)


def _resolve(query: str, *facts: Figure | Event) -> object:
    return Resolver(small_book(*facts)).resolve(query)


def test_a_count_of_something_else_is_not_an_answer_to_how_many() -> None:
    # The figure's words hold "girls" only in the brackets that qualify what it counts: years.
    assert not isinstance(_resolve("how many girls did john smith abuse", SENTENCE, SUSPENDED), Answer)
    outcome = _resolve("john smith prison sentence", SENTENCE, SUSPENDED)
    assert isinstance(outcome, Answer) and outcome.fact.id == "smith_sentence"


def test_a_share_is_not_answered_with_a_count() -> None:
    assert isinstance(_resolve("how many officers are suspended", SUSPENDED, SENTENCE), Answer)
    assert not isinstance(_resolve("what percentage of officers are suspended", SUSPENDED, SENTENCE), Answer)


def test_a_count_per_period_needs_that_period() -> None:
    assert not isinstance(_resolve("officers suspended per month", SUSPENDED, SENTENCE), Answer)
    outcome = _resolve("hotline reports per week", HOTLINE, SUSPENDED)
    assert isinstance(outcome, Answer) and outcome.part is None


def test_a_month_before_the_first_value_of_its_year_has_no_value() -> None:
    # The September 2022 value was not known in March 2022.
    outcome = _resolve("suspended officers in march 2022", SUSPENDED, SENTENCE)
    assert isinstance(outcome, NoValueAt) and outcome.asked == "March 2022"
    outcome = _resolve("suspended officers in october 2022", SUSPENDED, SENTENCE)
    assert isinstance(outcome, Answer) and outcome.revision is not None and outcome.revision.value == 69


def test_a_line_needs_what_sets_it_apart_to_be_asked() -> None:
    # "offences" alone does not ask for "traffic offences" (and, as only that line has the word,
    # the headline is not sure either); "traffic" does.
    outcome = _resolve("officers convicted of offences while serving", CONVICTED, SUSPENDED)
    assert not (isinstance(outcome, Answer) and outcome.part is not None)
    outcome = _resolve("officers convicted while serving", CONVICTED, SUSPENDED)
    assert isinstance(outcome, Answer) and outcome.part is None
    outcome = _resolve("officers convicted of traffic offences while serving", CONVICTED, SUSPENDED)
    assert (
        isinstance(outcome, Answer) and outcome.part is not None and outcome.part.label == "traffic offences"
    )


def test_before_picks_the_line_named_as_the_earlier_value() -> None:
    outcome = _resolve("hotline reports a week before", HOTLINE, SUSPENDED)
    assert isinstance(outcome, Answer) and outcome.part is not None
    assert outcome.part.label == "previous weekly average"


def test_a_question_using_a_whole_line_label_is_not_sure_of_the_headline() -> None:
    # "officers who left" may mean the line "officers" (1,100) or the headline (1,400): ask.
    assert not isinstance(_resolve("officers who left", LEAVERS, SUSPENDED), Answer)
    outcome = _resolve("officers and staff who left", LEAVERS, SUSPENDED)
    assert isinstance(outcome, Answer) and outcome.part is None


def test_how_many_x_picks_the_line_that_counts_x() -> None:
    outcome = _resolve("how many officers left", LEAVERS, SUSPENDED)
    assert isinstance(outcome, Answer) and outcome.part is not None and outcome.part.label == "officers"


def test_a_rival_as_good_on_every_kind_of_evidence_means_choices() -> None:
    # Both explain "officers checked against the national database" fully; neither is named more.
    outcome = _resolve("officers checked against national database", CHECKS_DONE, CHECKS_PLANNED)
    assert isinstance(outcome, Ambiguous)
    assert {s.fact.id for s in outcome.candidates} >= {"database_checks_completed", "database_checks_planned"}
    outcome = _resolve("completed database checks of officers", CHECKS_DONE, CHECKS_PLANNED)
    assert isinstance(outcome, Answer) and outcome.fact.id == "database_checks_completed"


MORE_WORK = small_figure(
    "onyx_more_work",
    "Onyx inquiries needing more work",
    80,
    "percent of the re-examined inquiries that needed more work",
    statement="Four in five of the past cases re-examined by Onyx needed more work.",
    display="80%",
)
FLAGGED = small_figure(
    "past_cases_flagged",
    "Past cases flagged by Onyx",
    1633,
    "past cases of alleged abuse flagged by Onyx for review",
)


def test_a_did_you_mean_with_one_choice_alone_is_answered() -> None:
    # "past cases" is in the statement, not the headline: alone, the one choice is the answer ...
    outcome = _resolve("onyx past cases needing more work", MORE_WORK, SUSPENDED, SENTENCE)
    assert isinstance(outcome, Answer) and outcome.fact.id == "onyx_more_work"
    # ... but with another fact near it, the asker chooses.
    outcome = _resolve("onyx past cases needing more work", MORE_WORK, FLAGGED, SUSPENDED)
    assert isinstance(outcome, Ambiguous)
    assert {s.fact.id for s in outcome.candidates} == {"onyx_more_work", "past_cases_flagged"}


def test_intent_tells_an_event_from_a_figure_on_the_same_thing() -> None:
    sentenced = Event(
        id="smith_sentenced",
        date=PartialDate.parse("2022-08-19"),
        title="Former officer John Smith sentenced to prison",
        summary="John Smith was sentenced to 24 years in prison.",
        sources=SENTENCE.sources,
        remind=False,
    )
    resolver = Resolver(small_book(SENTENCE, sentenced, SUSPENDED))
    when = resolver.resolve("when was john smith sentenced")
    assert isinstance(when, Answer) and when.fact.id == "smith_sentenced"
    length = resolver.resolve("how many years was john smith sentenced to")
    assert isinstance(length, Answer) and length.fact.id == "smith_sentence"


@pytest.mark.parametrize(
    "query",
    [
        "how many vetting reviews from the national pnd check",  # the book lost that breakdown
        "how many girls did anthony smith abuse",  # his sentence counts years, not girls
        "what percentage of met officers are suspended",
        "how many officers are dismissed each week",
    ],
)
def test_the_real_book_declines_rather_than_show_another_number(query: str) -> None:
    outcome = Resolver(load_book(ROOT / "facts.yaml")).resolve(query)
    assert isinstance(outcome, Ambiguous | NotFound | NoValueAt), outcome
