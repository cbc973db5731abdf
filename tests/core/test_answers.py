"""The core's messages: exact fields for each outcome, and the plain-text rendering."""

from __future__ import annotations

import pytest

from bot.core.context import Context
from bot.core.message import Choice, Kind, Line
from bot.core.render_text import render
from bot.core.router import Router

CTX = Context(surface="test", channel="test:1")


async def ask(router: Router, text: str):  # type: ignore[no-untyped-def]
    return await router.handle(text, CTX)


@pytest.mark.asyncio
async def test_figure_answer_has_value_sentence_as_of_revisions_and_sources(router: Router) -> None:
    msg = await ask(router, "figure convictions")
    assert msg.kind is Kind.ANSWER
    assert msg.ref == "officers_with_criminal_records"
    assert msg.title == "Met officers with criminal records"
    assert msg.value_line == "322"
    assert msg.sentence == "At the end of 2025, 322 serving Met officers had a criminal record."
    assert msg.as_of == "As of December 2025"
    assert msg.revisions == (
        Line(
            "6 April 2023",
            "161 — convictions only · Metropolitan Police. "
            "Breakdown: serious traffic offences 76; dishonesty or violence 49",
        ),
    )
    assert [s.url for s in msg.sources] == ["https://example.org/322"]
    assert msg.sources[0].quote == "322 officers have a criminal record"
    assert msg.sources[0].published == "10 January 2026"
    assert msg.link == "https://example.org/322"
    assert msg.note and "cautions" in msg.note
    assert not msg.private


@pytest.mark.asyncio
async def test_qualifier_is_part_of_the_value_line(router: Router) -> None:
    msg = await ask(router, "figure 300 cases review")
    assert msg.value_line == "around 300"


@pytest.mark.asyncio
async def test_bare_words_are_a_figure_query(router: Router) -> None:
    msg = await ask(router, "suspended officers")
    assert msg.kind is Kind.ANSWER and msg.ref == "suspended_officers"


@pytest.mark.asyncio
async def test_event_answer_has_date_and_no_value(router: Router) -> None:
    msg = await ask(router, "figure everard abduction")
    assert msg.kind is Kind.ANSWER
    assert msg.value_line is None
    assert msg.as_of == "3 March 2021"
    assert msg.sources[0].publisher == "BBC News"


@pytest.mark.asyncio
async def test_unrelated_text_is_not_answered(router: Router) -> None:
    msg = await ask(router, "figure weather in london")
    assert msg.kind is Kind.NOT_FOUND
    assert msg.value_line is None
    assert msg.private
    assert msg.sentence is not None and "weather in london" in msg.sentence
    assert msg.choices == ()  # nothing about London is offered just for sharing a word


@pytest.mark.asyncio
async def test_did_you_mean_never_shows_a_number(router: Router) -> None:
    msg = await ask(router, "figure officers")
    assert msg.kind is Kind.CHOICES, msg
    assert msg.value_line is None and not msg.parts and not msg.sources
    assert msg.private
    assert all(isinstance(c, Choice) and c.ref for c in msg.choices)
    assert {c.ref for c in msg.choices} >= {"officers_with_criminal_records", "suspended_officers"}


@pytest.mark.asyncio
async def test_source_lists_every_quote_including_earlier_values(router: Router) -> None:
    msg = await ask(router, "source officers_with_criminal_records")
    assert msg.kind is Kind.SOURCES
    assert [s.url for s in msg.sources] == ["https://example.org/322", "https://example.org/161"]


@pytest.mark.asyncio
async def test_timeline_by_year_and_newest_first(router: Router) -> None:
    msg = await ask(router, "timeline")
    assert [i.ref for i in msg.items] == ["standards_letter", "everard_abducted"]
    msg = await ask(router, "timeline 2021")
    assert [i.ref for i in msg.items] == ["everard_abducted"]
    msg = await ask(router, "timeline 1999")
    assert msg.kind is Kind.NOT_FOUND and msg.sentence == "The book has events from 2021 to 2023."


@pytest.mark.asyncio
async def test_timeline_by_words(router: Router) -> None:
    msg = await ask(router, "timeline everard")
    assert [i.ref for i in msg.items] == ["everard_abducted"]


@pytest.mark.asyncio
async def test_help_lists_commands_from_the_registry(router: Router) -> None:
    msg = await ask(router, "help")
    usages = [i.title for i in msg.items]
    for usage in ("figure <question>", "figures", "timeline [year | words]", "source <id>", "help"):
        assert usage in usages


@pytest.mark.asyncio
async def test_figures_lists_topics_with_examples(router: Router) -> None:
    msg = await ask(router, "figures")
    assert msg.kind is Kind.TOPICS
    assert msg.items[0].title in {"vetting", "discipline"}
    assert "3 figures and 2 dated events" in (msg.sentence or "")


@pytest.mark.asyncio
async def test_plain_text_rendering_of_an_answer(router: Router) -> None:
    text = render(await ask(router, "figure convictions"))
    assert text.splitlines()[:3] == [
        "322 — Met officers with criminal records",
        "At the end of 2025, 322 serving Met officers had a criminal record.",
        "As of December 2025",
    ]
    assert (
        "Earlier values:\n"
        "  • 6 April 2023: 161 — convictions only · Metropolitan Police. Breakdown: serious\n"
        "    traffic offences 76; dishonesty or violence 49\n"
    ) in text
    assert "  • Daily Example, 10 January 2026: Daily Example report\n    https://example.org/322" in text
    assert "“322 officers have a criminal record”" in text


@pytest.mark.asyncio
async def test_fallback_text_is_one_line_with_value_and_source(router: Router) -> None:
    msg = await ask(router, "figure convictions")
    assert msg.fallback == (
        "322: Met officers with criminal records — At the end of 2025, 322 serving Met officers had a "
        "criminal record. — Source: Daily Example, 10 January 2026 https://example.org/322"
    )
