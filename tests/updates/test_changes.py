"""Change detection and wording, as pure functions of the recorded states and a new book."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from bot.core.message import Kind
from bot.facts.model import FactBook, PartialDate
from bot.updates.changes import (
    ChangeKind,
    FactState,
    Found,
    Known,
    Update,
    canonical,
    detect,
    settle,
    states_of,
)
from bot.updates.wording import DIGEST_SHOWN, headline, update_message
from tests.kit import src

from .books import CASEY, book, dismissals, earlier, suspended

BEFORE = book(suspended(201, "2023-09-18", earlier=(earlier(69, "2022-09"),)))


def recorded(*books: FactBook) -> Known:
    """What the store holds after recording ``books`` in turn (states only ever added)."""
    latest: dict[str, FactState] = {}
    seen: dict[str, set[str]] = {}
    for each in books:
        for state in states_of(each):
            if state.state not in seen.setdefault(state.fact_id, set()):
                seen[state.fact_id].add(state.state)
                latest[state.fact_id] = state
    return Known(latest=latest, seen={k: frozenset(v) for k, v in seen.items()})


def news(found: list[Found]) -> list[tuple[str, ChangeKind | None]]:
    return [(f.state.key, f.change) for f in found]


def test_the_first_book_is_recorded_without_news() -> None:
    found = detect(BEFORE, Known())
    assert news(found) == [
        ("suspended_officers/201@2023-09-18", None),
        ("casey_report/2023-03-21", None),
    ]


def test_the_same_book_again_finds_nothing() -> None:
    assert detect(BEFORE, recorded(BEFORE)) == []


def test_a_new_latest_value_is_news_and_says_what_it_replaces() -> None:
    after = book(suspended(202, "2023-10-02", earlier=(earlier(69, "2022-09"), earlier(201, "2023-09-18"))))
    [found] = detect(after, recorded(BEFORE))
    assert found.change is ChangeKind.NEW_VALUE
    assert found.was is not None and found.was.value == "201"
    update = Update(ChangeKind.NEW_VALUE, found.state, found.was)
    assert headline(update) == "Suspended Met officers: 202 now (was 201, 18 September 2023)"


def test_a_new_latest_value_is_news_even_if_the_old_one_was_dropped() -> None:
    [found] = detect(book(suspended(202, "2023-10-02")), recorded(BEFORE))
    assert found.change is ChangeKind.NEW_VALUE


def test_a_different_value_for_the_same_date_is_a_correction() -> None:
    [found] = detect(book(suspended(183, "2023-09-18")), recorded(BEFORE))
    assert found.change is ChangeKind.CORRECTION
    text = headline(Update(ChangeKind.CORRECTION, found.state, found.was))
    assert text == "Corrected: Suspended Met officers: 183 for 18 September 2023; the book said 201"


def test_a_value_moved_to_an_earlier_date_is_a_correction_naming_both_dates() -> None:
    [found] = detect(book(suspended(144, "2023-04-06")), recorded(BEFORE))
    assert found.change is ChangeKind.CORRECTION
    assert headline(Update(ChangeKind.CORRECTION, found.state, found.was)) == (
        "Corrected: Suspended Met officers: 144 for 6 April 2023; the book said 201 for 18 September 2023"
    )


def test_new_figures_and_events_are_news() -> None:
    new_event = dataclasses.replace(
        CASEY, id="rowley_appointed", date=PartialDate(2022, 9, 12), title="Rowley"
    )
    after = book(*BEFORE.figures, dismissals(), events=(CASEY, new_event))
    found = detect(after, recorded(BEFORE))
    assert news(found) == [
        ("dismissals/100@2024-03", ChangeKind.NEW_FIGURE),
        ("rowley_appointed/2022-09-12", ChangeKind.NEW_EVENT),
    ]
    assert headline(Update(ChangeKind.NEW_FIGURE, found[0].state, None)) == (
        "New figure: Met officers dismissed: 100 (March 2024)"
    )
    assert headline(Update(ChangeKind.NEW_EVENT, found[1].state, None)) == (
        "New in the timeline: Rowley (12 September 2022)"
    )


def test_wording_sources_aliases_and_earlier_values_are_not_news() -> None:
    [fig] = BEFORE.figures
    edited = dataclasses.replace(
        fig,
        title="Met officers suspended",
        statement="A different sentence about 201 suspended officers.",
        aliases=("suspensions",),
        sources=(src("The Guardian", "201 officers are suspended", "2023-09-19"),),
        revisions=(earlier(69, "2022-09"), earlier(144, "2023-04-06")),
        note="A new note.",
    )
    casey = dataclasses.replace(CASEY, title="The Casey review", summary="Reworded.")
    assert detect(book(edited, events=(casey,)), recorded(BEFORE)) == []


def test_a_figure_re_dated_with_the_same_value_is_kept_but_not_news() -> None:
    [found] = detect(book(suspended(201, "2023-09-19")), recorded(BEFORE))
    assert (found.state.state, found.change) == ("201@2023-09-19", None)


def test_an_event_re_dated_is_kept_but_not_news() -> None:
    moved = dataclasses.replace(CASEY, date=PartialDate(2023, 3, 20))
    [found] = detect(book(*BEFORE.figures, events=(moved,)), recorded(BEFORE))
    assert (found.state.key, found.change) == ("casey_report/2023-03-20", None)


def test_a_revert_and_a_re_apply_find_nothing() -> None:
    after = book(suspended(202, "2023-10-02"))
    known = recorded(BEFORE, after)  # 202 was announced
    assert detect(BEFORE, known) == []  # back to 201: seen before, not a "correction"
    assert detect(after, known) == []  # and 202 again: already announced


def test_numbers_have_one_spelling() -> None:
    assert canonical(Decimal("2.50")) == canonical(Decimal("2.5")) == "2.5"
    assert canonical(Decimal("202.0")) == canonical(202) == "202"
    assert canonical(Decimal("2E+2")) == "200"
    assert detect(book(suspended(Decimal("201.0"), "2023-09-18")), recorded(BEFORE)) == []


def test_the_post_cites_an_original_source_that_quotes_the_new_value() -> None:
    after = book(suspended(202, "2023-10-02"))
    [found] = detect(after, recorded(BEFORE))
    message = update_message([Update(ChangeKind.NEW_VALUE, found.state, found.was)])
    assert message.kind is Kind.UPDATE
    assert message.sentence == "202 Met officers were suspended."
    assert message.as_of == "As of 2 October 2023"
    [source] = message.sources
    assert (source.publisher, source.quote) == ("The Times", "Cundy said 202 officers were suspended")
    assert message.link == "https://example.org/t"
    assert message.footer == "Ask `figure suspended_officers` for the full history."


def test_a_page_link_is_used_where_the_site_has_one() -> None:
    [found] = detect(book(suspended(202, "2023-10-02")), recorded(BEFORE))
    update = Update(ChangeKind.NEW_VALUE, found.state, found.was)
    message = update_message([update], page_url=lambda fact_id: f"https://figures.example/{fact_id}/")
    assert message.link == "https://figures.example/suspended_officers/"
    assert message.footer == "Full history and sources: https://figures.example/suspended_officers/"


def test_several_changes_are_one_digest_with_the_rest_counted() -> None:
    figures = [dataclasses.replace(dismissals(100 + i), id=f"fig_{i}", title=f"Figure {i}") for i in range(8)]
    found = detect(book(*BEFORE.figures, *figures), recorded(BEFORE))
    updates = [Update(f.change, f.state, f.was) for f in found if f.change]
    message = update_message(updates)
    assert message.title == "The facts book changed: 8 updates"
    assert len(message.items) == DIGEST_SHOWN
    assert message.items[0].title == "New figure: Figure 0: 100 (March 2024)"
    assert message.items[0].text == "100 officers were dismissed. (BBC News, 2 March 2024)"
    assert message.items[0].url == "https://example.org/d"
    assert message.footer == "…and 3 more. Ask `figure <id>` for any of them, with every source."


def test_pending_changes_of_one_fact_settle_into_the_latest_against_the_first() -> None:
    first = detect(book(suspended(202, "2023-10-02")), recorded(BEFORE))[0]
    second = detect(book(suspended(203, "2023-10-02")), recorded(BEFORE, book(suspended(202, "2023-10-02"))))[
        0
    ]
    assert second.change is ChangeKind.CORRECTION
    [one] = settle(
        [
            Update(ChangeKind.NEW_VALUE, first.state, first.was),
            Update(ChangeKind.CORRECTION, second.state, second.was),
        ]
    )
    assert headline(one) == "Suspended Met officers: 203 now (was 201, 18 September 2023)"
