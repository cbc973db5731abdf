"""Charts for a running bot: cached per (book version, figure, kind), drawn off the event loop,
one drawing shared by concurrent asks, and only for figure answers."""

from __future__ import annotations

import asyncio
import threading

import pytest

import bot.charts.service as service
from bot.charts import Drawing, draw_chart
from bot.charts.service import Charts
from bot.core.answers import answer
from bot.core.message import Kind, Message
from bot.core.shelf import Shelf

from .conftest import chart_book

pytestmark = pytest.mark.asyncio

RECORDS = "officers_with_criminal_records"


async def test_a_figure_answer_gets_its_first_chart_and_other_messages_get_none() -> None:
    book = chart_book()
    charts = Charts(Shelf(book))
    try:
        drawing = await charts.for_answer(answer(book.figures[0]))
        assert isinstance(drawing, Drawing)
        assert drawing.filename == f"{RECORDS}-history.png" and drawing.mime == "image/png"
        assert drawing.data.startswith(b"\x89PNG")
        assert drawing.alt_text.startswith("Line chart of Met officers with criminal records")
        headcount = book.get("headcount")
        casey = book.get("casey_report")
        assert headcount is not None and casey is not None
        assert await charts.for_answer(answer(headcount)) is None  # one value, no countable parts
        assert await charts.for_answer(answer(casey)) is None  # an event
        assert await charts.for_answer(Message(Kind.CHOICES, "Did you mean", ref=RECORDS)) is None
        assert charts.drawn == 1
    finally:
        charts.close()


async def test_drawings_are_cached_per_book_version_figure_and_kind() -> None:
    shelf = Shelf(chart_book("v1"))
    charts = Charts(shelf)
    try:
        first = await charts.draw(shelf.book, RECORDS)
        again = await charts.draw(shelf.book, RECORDS)
        assert first is again and charts.drawn == 1
        breakdown = await charts.draw(shelf.book, RECORDS, "breakdown")
        assert breakdown is not None and breakdown.kind.value == "breakdown" and charts.drawn == 2
        svg = await charts.draw(shelf.book, RECORDS, "history", "svg")
        assert svg is not None and svg.data.startswith(b"<svg") and charts.drawn == 3
        shelf.swap(chart_book("v2"))  # a reload: the same figure is drawn again from the new book
        renewed = await charts.draw(shelf.book, RECORDS)
        assert renewed is not first and charts.drawn == 4
    finally:
        charts.close()


async def test_the_cache_is_bounded() -> None:
    book = chart_book()
    charts = Charts(Shelf(book), cache_size=2)
    try:
        for kind in ("history", "breakdown", "history"):
            await charts.draw(book, RECORDS, kind, "svg")
        assert charts.drawn == 2
        await charts.draw(book, "suspended_officers", "history", "svg")  # the breakdown is oldest
        await charts.draw(book, RECORDS, "history", "svg")  # still kept: it was used last but one
        assert charts.drawn == 3
        await charts.draw(book, RECORDS, "breakdown", "svg")  # dropped, so drawn again
        assert charts.drawn == 4
    finally:
        charts.close()


async def test_drawing_runs_off_the_event_loop_and_concurrent_asks_share_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[int] = []
    release = threading.Event()

    def slow_draw(*args: object) -> Drawing | None:
        threads.append(threading.get_ident())
        release.wait(5)
        return draw_chart(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "draw_chart", slow_draw)
    book = chart_book()
    charts = Charts(Shelf(book))
    try:
        asks = [asyncio.ensure_future(charts.draw(book, RECORDS)) for _ in range(3)]
        while not threads:  # the loop keeps turning while the drawing is under way
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        release.set()
        results = await asyncio.gather(*asks)
        assert threads == [threads[0]] and threads[0] != threading.get_ident()
        assert results[0] is results[1] is results[2] and charts.drawn == 1
    finally:
        charts.close()


async def test_a_cancelled_ask_leaves_the_drawing_to_finish_for_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = chart_book()
    charts = Charts(Shelf(book))
    try:
        ask = asyncio.ensure_future(charts.draw(book, RECORDS))
        await asyncio.sleep(0)
        ask.cancel()
        drawing = await charts.draw(book, RECORDS)
        assert drawing is not None and charts.drawn == 1
    finally:
        charts.close()


async def test_a_failing_drawing_is_logged_and_gives_no_chart(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> Drawing | None:
        raise RuntimeError("font cache is on fire")

    monkeypatch.setattr(service, "draw_chart", broken)
    book = chart_book()
    charts = Charts(Shelf(book))
    try:
        assert await charts.draw(book, RECORDS) is None
        assert "could not draw officers_with_criminal_records" in caplog.text
    finally:
        charts.close()
