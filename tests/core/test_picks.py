"""Taps on choices and buttons as the core sees them, and the console's numbered choices."""

from __future__ import annotations

import dataclasses
import io

import pytest

from bot.core import picks
from bot.core.context import Context
from bot.core.message import Action, Kind
from bot.core.render_text import render
from bot.core.router import Router
from bot.facts.model import FactBook
from bot.surfaces.console import ConsoleSurface

CTX = Context("console", "console:main", user="tester")


@pytest.mark.parametrize(
    ("value", "pick"),
    [
        ("figure:officers_with_criminal_records", picks.Pick("figure", "officers_with_criminal_records")),
        ("source:standards_letter", picks.Pick("source", "standards_letter")),
        ("figure:0", picks.Pick("figure", "0")),
        ("none", picks.NONE_OF_THESE),
    ],
)
def test_values_we_store_parse_back(value: str, pick: picks.Pick) -> None:
    assert picks.parse(value) == pick
    assert pick.value == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "figure:",
        "figure",
        "figure:_hidden",
        "figure:Casey",
        "figure:casey report",
        "figure:casey\n",
        "figure:casey;remind on",
        "remind:on",
        "timeline:2023",
        "none:x",
        "NONE",
        "<!channel>",
        "figure:" + "a" * (picks.MAX_REF + 1),  # longer than a Discord custom id can carry
        None,
        42,
        ["figure:x"],
    ],
)
def test_anything_else_is_refused(value: object) -> None:
    assert picks.parse(value) is None


def test_every_fact_of_the_book_can_be_carried(book: FactBook) -> None:
    for fact in book.facts:
        pick = picks.Pick("figure", fact.id)
        assert picks.parse(pick.value) == pick
        assert pick.line == f"figure {fact.id}"


@pytest.mark.asyncio
async def test_a_tapped_choice_is_the_typed_answer(router: Router) -> None:
    vague = await router.handle("met", CTX)
    assert vague.kind is Kind.CHOICES and len(vague.choices) >= 2
    for choice in vague.choices:
        pick = picks.of_choice(choice)
        assert pick is not None
        tapped = await picks.answer(router, pick, CTX, choice.title)
        typed = await router.handle(f"figure {choice.ref}", CTX)
        assert tapped == typed
        assert (tapped.kind, tapped.ref) == (Kind.ANSWER, choice.ref)


@pytest.mark.asyncio
async def test_all_sources_is_offered_where_the_answer_shows_less(router: Router) -> None:
    # A figure with an earlier value gets the button; one with a single source and no history not.
    revised = await router.handle("figure officers_with_criminal_records", CTX)
    assert revised.actions == (Action("All sources", "source", "officers_with_criminal_records"),)
    single = await router.handle("figure suspended_officers", CTX)
    assert single.actions == ()
    pick = picks.of_action(revised.actions[0])
    assert pick is not None
    tapped = await picks.answer(router, pick, CTX, "All sources")
    assert tapped == await router.handle("source officers_with_criminal_records", CTX)
    assert tapped.kind is Kind.SOURCES


@pytest.mark.asyncio
async def test_a_renamed_fact_is_gone_and_offered_under_its_new_id(router: Router, book: FactBook) -> None:
    renamed = dataclasses.replace(book.figures[1], id="officers_suspended")
    router.shelf.swap(dataclasses.replace(book, figures=(book.figures[0], renamed, *book.figures[2:])))
    message = await picks.answer(router, picks.Pick("figure", "suspended_officers"), CTX, renamed.title)
    assert message.title == "That fact is no longer in the book"
    assert message.kind is Kind.CHOICES and message.private
    assert [c.ref for c in message.choices] == ["officers_suspended"]
    assert message.value_line is None  # choices never show a number


@pytest.mark.asyncio
async def test_a_removed_fact_with_nothing_close_says_so(router: Router, book: FactBook) -> None:
    router.shelf.swap(dataclasses.replace(book, figures=book.figures[:1], events=()))
    message = await picks.answer(
        router, picks.Pick("figure", "everard_abducted"), CTX, "Sarah Everard abducted <!channel>"
    )
    assert (message.kind, message.title) == (Kind.NOT_FOUND, "That fact is no longer in the book")
    assert message.choices == ()
    assert message.echo == "Sarah Everard abducted <!channel>"  # surfaces escape what they echo


@pytest.mark.asyncio
async def test_none_of_these_runs_nothing(router: Router) -> None:
    message = await picks.answer(router, picks.NONE_OF_THESE, CTX)
    assert (message.kind, message.title, message.private) == (Kind.STATUS, "None of these", True)


async def _console(router: Router, typed: str) -> str:
    out = io.StringIO()
    console = ConsoleSurface(router, input_stream=io.StringIO(typed), stream=out)
    await console.repl()
    return out.getvalue()


@pytest.mark.asyncio
async def test_the_console_picks_a_choice_by_number(router: Router) -> None:
    vague = await router.handle("met", CTX)
    second = vague.choices[1]
    shown = await _console(router, "met\n2\n")
    assert f"Type a number (1–{len(vague.choices)}) to pick one." in shown
    # The answer to "2" is the answer to typing its id, and it comes last.
    typed = await router.handle(f"figure {second.ref}", CTX)
    assert shown.endswith(render(typed) + "\n")


@pytest.mark.asyncio
async def test_the_console_keeps_choices_open_after_a_wrong_number(router: Router) -> None:
    vague = await router.handle("met", CTX)
    count = len(vague.choices)
    shown = await _console(router, f"met\n{count + 1}\n0\n1\n")
    assert f"There is no choice {count + 1}\nType a number from 1 to {count} to pick" in shown
    assert "There is no choice 0" in shown
    first = await router.handle(f"figure {vague.choices[0].ref}", CTX)
    assert shown.endswith(render(first) + "\n")


@pytest.mark.asyncio
async def test_numbers_are_questions_when_no_choices_are_open(router: Router) -> None:
    plain = await _console(router, "2\n")
    after_answer = await _console(router, "figure suspended_officers\n1\n")
    assert render(await router.handle("2", CTX)) in plain
    assert render(await router.handle("1", CTX)) in after_answer
    assert "There is no choice" not in plain + after_answer
