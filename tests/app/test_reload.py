"""The reload policy on its own: swap on a valid change, keep the book on a broken one, and an
edit made before the watch is in place is still picked up."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.app.reload import BookReloader
from bot.core.shelf import Shelf
from bot.facts.loader import BookError, load_book

ROOT = Path(__file__).resolve().parents[2]
TITLE = "title: Met officers with criminal convictions"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    shutil.copy(ROOT / "facts.yaml", path)
    return path


@pytest.mark.asyncio
async def test_reload_swaps_a_valid_edit_and_keeps_the_book_on_a_broken_one(facts: Path) -> None:
    shelf = Shelf(load_book(facts))
    swapped, errors = [], []

    async def on_swap(book: object) -> None:
        swapped.append(book)

    async def on_error(error: BookError) -> None:
        errors.append(error)

    reloader = BookReloader(shelf, facts, on_swap=on_swap, on_error=on_error)
    assert await reloader.reload() is False  # unchanged: nothing to do
    facts.write_text(facts.read_text(encoding="utf-8").replace(TITLE, TITLE + " (new)", 1), encoding="utf-8")
    assert await reloader.reload() is True
    good = shelf.book
    assert (
        good.get("officers_with_criminal_convictions").title == "Met officers with criminal convictions (new)"
    )

    facts.write_text("book: [\n", encoding="utf-8")
    assert await reloader.reload() is False
    assert await reloader.reload() is False
    assert shelf.book is good
    assert len(errors) == 1  # told once per distinct breakage
    assert len(swapped) == 1


@pytest.mark.asyncio
async def test_an_edit_made_before_watching_starts_is_picked_up(facts: Path) -> None:
    shelf = Shelf(load_book(facts))
    reloader = BookReloader(shelf, facts)
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(TITLE, TITLE + " (early)", 1), encoding="utf-8"
    )
    stop = asyncio.Event()
    watcher = asyncio.create_task(reloader.watch(stop))
    try:
        for _ in range(100):
            if shelf.book.get("officers_with_criminal_convictions").title.endswith("(early)"):
                break
            await asyncio.sleep(0.1)
        assert shelf.book.get("officers_with_criminal_convictions").title.endswith("(early)")
    finally:
        stop.set()
        await asyncio.wait_for(watcher, 10)
