"""The reload policy on its own: swap on a valid change, keep the book on a broken one, and an
edit made before the watch is in place is still picked up."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.reload import BookReloader
from bot.core.shelf import Shelf
from bot.facts.loader import BookError, load_book
from tests.facts.test_unreadable_yaml import CASES as UNREADABLE

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
    async with watching(reloader):
        for _ in range(100):
            if shelf.book.get("officers_with_criminal_convictions").title.endswith("(early)"):
                break
            await asyncio.sleep(0.1)
        assert shelf.book.get("officers_with_criminal_convictions").title.endswith("(early)")


@contextlib.asynccontextmanager
async def watching(reloader: BookReloader) -> AsyncIterator[asyncio.Task[None]]:
    """The reloader's watch running for the block, then stopped."""
    stop = asyncio.Event()
    watcher = asyncio.create_task(reloader.watch(stop))
    try:
        yield watcher
    finally:
        stop.set()
        await asyncio.wait_for(watcher, 10)


def retitled(facts: Path, suffix: str) -> str:
    return facts.read_text(encoding="utf-8").replace(TITLE, TITLE + suffix, 1)


async def until(check: Callable[[], bool], timeout: float = 20.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    assert check(), "timed out waiting"


def title(shelf: Shelf) -> str:
    return shelf.book.get("officers_with_criminal_convictions").title


@pytest.mark.asyncio
async def test_a_failing_callback_and_a_nested_file_do_not_end_the_watch(
    facts: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The scheduler's rebuild hitting a database that is away, then a file nested too deeply:
    each is logged and told, and the next edit is still loaded."""
    shelf = Shelf(load_book(facts))
    troubles: list[str] = []
    errors: list[BookError] = []

    async def on_swap(book: object) -> None:
        raise ConnectionRefusedError(111, "Connect call failed")

    async def on_trouble(text: str) -> None:
        troubles.append(text)

    async def on_error(error: BookError) -> None:
        errors.append(error)

    reloader = BookReloader(shelf, facts, on_swap=on_swap, on_error=on_error, on_trouble=on_trouble)
    async with watching(reloader) as watcher:
        await asyncio.sleep(0.5)
        facts.write_text(retitled(facts, " (first edit)"), encoding="utf-8")
        await until(lambda: bool(troubles))
        assert title(shelf).endswith("(first edit)")
        assert troubles == [
            f"book {shelf.book.version} is in use, but updating after it failed: "
            "ConnectionRefusedError: [Errno 111] Connect call failed"
        ]
        good = facts.read_text(encoding="utf-8")
        facts.write_bytes(UNREADABLE["deep"][0])
        await until(lambda: bool(errors))
        assert "nested too deeply" in str(errors[0])
        facts.write_text(good.replace(" (first edit)", " (second edit)"), encoding="utf-8")
        await until(lambda: title(shelf).endswith("(second edit)"))
        assert not watcher.done()
    assert "Traceback" not in caplog.text


@pytest.mark.asyncio
async def test_a_failing_watcher_is_reported_and_starts_again(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import watchfiles

    shelf = Shelf(load_book(facts))
    troubles: list[str] = []

    async def on_trouble(text: str) -> None:
        troubles.append(text)

    real_awatch = watchfiles.awatch
    calls = 0

    def flaky_awatch(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError(28, "inotify watch limit reached")
        return real_awatch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watchfiles, "awatch", flaky_awatch)
    monkeypatch.setattr("bot.app.reload.RESTART_SECONDS", 0.1)
    reloader = BookReloader(shelf, facts, on_trouble=on_trouble)
    async with watching(reloader):
        await until(lambda: calls >= 2)
        await asyncio.sleep(0.5)
        facts.write_text(retitled(facts, " (after)"), encoding="utf-8")
        await until(lambda: title(shelf).endswith("(after)"))
    assert troubles == [
        f"watching {facts} failed: OSError: [Errno 28] inotify watch limit reached; watching again"
    ]


@pytest.mark.asyncio
async def test_other_files_in_the_folder_wake_nothing(facts: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A log written next to the facts file must not make watchfiles log a change (each such
    line, written to that log, was the next change: an endless loop)."""
    caplog.set_level(logging.INFO)
    shelf = Shelf(load_book(facts))
    reloader = BookReloader(shelf, facts)
    async with watching(reloader):
        await asyncio.sleep(0.5)
        log_file = facts.parent / "figurebot.log"
        for i in range(10):
            with log_file.open("a", encoding="utf-8") as out:
                out.write(f"line {i}\n")
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.6)
    assert not [r for r in caplog.records if r.name.startswith("watchfiles") and "change" in r.getMessage()]


@pytest.mark.asyncio
async def test_atomic_renames_and_configmap_symlink_swaps_are_reloaded(tmp_path: Path) -> None:
    """Editors and `git checkout` replace the file by a rename; Kubernetes ConfigMap mounts swap
    a `..data` symlink to a new folder (and delete the old one), every time the map changes."""
    original = (ROOT / "facts.yaml").read_text(encoding="utf-8")
    mount = tmp_path / "mount"
    mount.mkdir()

    def publish(version: int, text: str) -> None:
        folder = mount / f"..2027_03_03_{version}"
        folder.mkdir()
        (folder / "facts.yaml").write_text(text, encoding="utf-8")
        (mount / "..data_tmp").symlink_to(folder.name)
        os.replace(mount / "..data_tmp", mount / "..data")
        for old in mount.glob("..2027_*"):
            if old != folder:
                shutil.rmtree(old)

    publish(1, original)
    (mount / "facts.yaml").symlink_to("..data/facts.yaml")
    facts = mount / "facts.yaml"
    shelf = Shelf(load_book(facts))
    async with watching(BookReloader(shelf, facts)):
        await asyncio.sleep(0.5)
        # Twice: the second swap is the one a watch of the old target misses. The edits are words,
        # since a number in a title must stand in a quote.
        for version, word in ((2, "blue"), (3, "green")):
            publish(version, original.replace(TITLE, f"{TITLE} (map {word})", 1))
            await until(lambda w=word: title(shelf).endswith(f"(map {w})"))  # type: ignore[misc]

    plain = tmp_path / "plain" / "facts.yaml"
    plain.parent.mkdir()
    plain.write_text(original, encoding="utf-8")
    async with watching(BookReloader(shelf, plain)):
        await asyncio.sleep(0.5)
        staged = plain.with_name(".facts.yaml.tmp")
        staged.write_text(original.replace(TITLE, f"{TITLE} (renamed)", 1), encoding="utf-8")
        os.replace(staged, plain)
        await until(lambda: title(shelf).endswith("(renamed)"))


def test_a_file_over_the_size_limit_is_refused_unread(facts: Path) -> None:
    size = facts.stat().st_size
    with pytest.raises(BookError) as refused:
        load_book(facts, max_bytes=size // 2)
    assert str(refused.value) == (
        f"{facts}:1:1: the file is too large ({size / 1e6:.1f} MB); the limit is {size // 2 / 1e6:.1f} MB"
    )
    assert load_book(facts, max_bytes=size).version == load_book(facts).version


def test_the_default_limit_is_ten_megabytes(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.write(b"# " + b"x" * 10_000_000 + b"\n")
    with pytest.raises(BookError, match=r"too large \(10\.0 MB\); the limit is 10\.0 MB"):
        load_book(big)


@pytest.mark.asyncio
async def test_reload_applies_the_limit_and_builds_the_index_off_the_event_loop(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.core.shelf

    built_on: list[bool] = []
    real = bot.core.shelf.Resolver

    def resolver(book: object) -> object:
        built_on.append(threading.current_thread() is threading.main_thread())
        return real(book)  # type: ignore[arg-type]

    monkeypatch.setattr(bot.core.shelf, "Resolver", resolver)
    shelf = Shelf(load_book(facts))
    errors: list[BookError] = []

    async def on_error(error: BookError) -> None:
        errors.append(error)

    small = BookReloader(shelf, facts, max_bytes=1000, on_error=on_error)
    facts.write_text(retitled(facts, " (big)"), encoding="utf-8")
    assert await small.reload() is False
    assert "the file is too large" in str(errors[0])
    assert await BookReloader(shelf, facts).reload() is True
    assert built_on == [True, False]  # the first at start-up, the reload's in a worker thread


@pytest.mark.asyncio
async def test_a_link_to_a_file_elsewhere_edited_in_place_is_seen_while_the_folder_is_busy(
    tmp_path: Path,
) -> None:
    """Events come only from the link's folder; the stat check beside them follows the link, and
    keeps running while other files in the folder change all the time."""
    elsewhere = tmp_path / "book" / "facts.yaml"
    elsewhere.parent.mkdir()
    shutil.copy(ROOT / "facts.yaml", elsewhere)
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "facts.yaml").symlink_to(elsewhere)
    shelf = Shelf(load_book(deploy / "facts.yaml"))
    busy = True

    async def chatter() -> None:
        while busy:
            with (deploy / "figurebot.log").open("a", encoding="utf-8") as out:
                out.write("a line\n")
            await asyncio.sleep(0.1)

    writer = asyncio.create_task(chatter())
    try:
        async with watching(BookReloader(shelf, deploy / "facts.yaml")):
            await asyncio.sleep(0.5)
            elsewhere.write_text(retitled(elsewhere, " (in place)"), encoding="utf-8")
            await until(lambda: title(shelf).endswith("(in place)"))
    finally:
        busy = False
        await writer
