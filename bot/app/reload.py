"""Live reload of the facts file: on change (or SIGHUP) load it, swap on success, keep the old
book and report precisely on failure. Nothing that goes wrong here ends the watch: it is logged,
the admin channel is told, and the next change is loaded as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.core.shelf import Edition, Shelf
from bot.facts.loader import MAX_BYTES, BookError, Problem, load_book
from bot.facts.model import FactBook

log = logging.getLogger("figurebot.reload")

POLL_SECONDS = 2.0  # the interval of the stat check that runs beside the file events
RESTART_SECONDS = 2.0  # pause before watching again after the watcher itself failed

Stat = tuple[int, int, int, int]  # device, inode, mtime, size of the file the path leads to


class BookReloader:
    """Owns the reload policy; the watcher and SIGHUP both call ``reload()``, which never raises.

    ``on_error`` hears of a file that could not be loaded; ``on_trouble`` of anything else that
    failed around a reload (a callback, the watcher), as one line of text.
    """

    def __init__(
        self,
        shelf: Shelf,
        path: Path,
        *,
        max_bytes: int = MAX_BYTES,
        on_swap: Callable[[FactBook], Awaitable[None]] | None = None,
        on_error: Callable[[BookError], Awaitable[None]] | None = None,
        on_trouble: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self.shelf = shelf
        self.path = path
        self.max_bytes = max_bytes
        self.on_swap = on_swap
        self.on_error = on_error
        self.on_trouble = on_trouble
        self._lock = asyncio.Lock()
        self._last_error: str | None = None

    async def reload(self) -> bool:
        """True when a new book is in use; False when unchanged or rejected."""
        async with self._lock:
            try:
                book = await asyncio.to_thread(self._load)
            except BookError as exc:
                await self._rejected(exc)
                return False
            self._last_error = None
            if book.version == self.shelf.book.version:
                return False
            old = self.shelf.book.version
            # Indexing is CPU work too: build the new edition in a thread, then swap in one step,
            # so no reply waits for it.
            edition = await asyncio.to_thread(Edition.build, book)
            self.shelf.install(edition)
            log.info(
                "facts reloaded: book %s -> %s (%d figures, %d events)",
                old,
                book.version,
                len(book.figures),
                len(book.events),
            )
            if self.on_swap is not None:
                try:
                    await self.on_swap(book)
                except Exception as exc:
                    text = f"book {book.version} is in use, but updating after it failed: {_one(exc)}"
                    await self._trouble(text)
            return True

    def _load(self) -> FactBook:
        """The loader reports every problem of a file as ``BookError``; anything else it raises
        (out of memory, a bug) is reported the same way rather than ending the caller."""
        try:
            return load_book(self.path, self.max_bytes)
        except BookError:
            raise
        except Exception as exc:
            raise BookError([Problem(str(self.path), 1, 1, "", f"could not be loaded: {_one(exc)}")]) from exc

    async def _rejected(self, exc: BookError) -> None:
        text = str(exc)
        if text == self._last_error:  # say it once per distinct breakage, not per save
            return
        self._last_error = text
        version = self.shelf.book.version
        log.error("facts reload rejected; still serving book %s. Problems:\n%s", version, text)
        if self.on_error is not None:
            try:
                await self.on_error(exc)
            except Exception as error:
                log.error("facts reload: reporting the problems failed: %s", _one(error))

    async def _trouble(self, text: str) -> None:
        log.error("facts reload: %s", text)
        if self.on_trouble is not None:
            try:
                await self.on_trouble(text)
            except Exception as error:
                log.error("facts reload: reporting the trouble failed: %s", _one(error))

    async def watch(self, stop: asyncio.Event) -> None:
        """Watch the file until ``stop`` is set; a failure of the watcher itself is reported and
        the watch starts again."""
        said = ""
        while not stop.is_set():
            try:
                await self._watch(stop)
            except Exception as exc:
                text = f"watching {self.path} failed: {_one(exc)}; watching again"
                if text != said:  # a watch that keeps failing the same way is reported once
                    said = text
                    await self._trouble(text)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), RESTART_SECONDS)

    async def _watch(self, stop: asyncio.Event) -> None:
        """Events come from the file's folder (editors and git replace files rather than write in
        place), filtered to the names that lead to the file: its own, and the first step of a
        symlink within the folder (a Kubernetes ConfigMap swaps ``..data``). Other files in the
        folder, such as a log written there, wake nothing.

        Every couple of seconds, whatever the folder is doing, the file the path leads to is
        compared too (its inode, size and time, following links afresh each time): that catches
        an edit made before the watch was in place, a symlink to a file elsewhere edited in place,
        and file systems that send no events. ``reload`` swaps only when the content changed.
        """
        from watchfiles import awatch

        folder = self.path.absolute().parent
        names = _names_leading_to(self.path)
        seen: list[Stat | None] = [None]  # None: the first look compares with the loaded book

        def wanted(_change: object, changed: str) -> bool:
            return Path(changed).name in names

        async def look(changed: bool) -> None:
            stat = _stat(self.path)
            if changed or stat != seen[0]:
                seen[0] = stat
                names.update(_names_leading_to(self.path))
                await self.reload()

        async def poll() -> None:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), POLL_SECONDS)
                await look(changed=False)

        poller = asyncio.create_task(poll())
        try:
            async for _changes in awatch(
                folder, watch_filter=wanted, stop_event=stop, debounce=300, recursive=False
            ):
                await look(changed=True)
        finally:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)


def _names_leading_to(path: Path) -> set[str]:
    """The file's own name, and the first part of each symlink target on the way that lies in the
    same folder (``facts.yaml -> ..data/facts.yaml`` gives ``..data``)."""
    names = {path.name}
    current = path.absolute()
    for _ in range(10):  # a symlink chain, not a loop
        try:
            target = Path(os.readlink(current))
        except OSError:
            break
        if not target.is_absolute():
            names.add(target.parts[0])
            current = current.parent / target
        else:
            current = target
    return names


def _stat(path: Path) -> Stat | None:
    try:
        info = path.stat()  # follows links: the file the path leads to now
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size


def _one(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
