"""Live reload of the facts file: on change (or SIGHUP) load it, swap on success, keep the old
book and report precisely on failure.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.core.shelf import Edition, Shelf
from bot.facts.loader import BookError, load_book
from bot.facts.model import FactBook

log = logging.getLogger("figurebot.reload")

POLL_MS = 2000  # the stat check's interval when no file events arrive


class BookReloader:
    """Owns the reload policy; the watcher and SIGHUP both call ``reload()``."""

    def __init__(
        self,
        shelf: Shelf,
        path: Path,
        *,
        on_swap: Callable[[FactBook], Awaitable[None]] | None = None,
        on_error: Callable[[BookError], Awaitable[None]] | None = None,
    ) -> None:
        self.shelf = shelf
        self.path = path
        self.on_swap = on_swap
        self.on_error = on_error
        self._lock = asyncio.Lock()
        self._last_error: str | None = None

    async def reload(self) -> bool:
        """True when a new book is in use; False when unchanged or rejected."""
        async with self._lock:
            try:
                # Parsing is CPU work on a small file; a thread keeps the loop answering meanwhile.
                book = await asyncio.to_thread(load_book, self.path)
            except BookError as exc:
                text = str(exc)
                if text != self._last_error:  # say it once per distinct breakage, not per save
                    self._last_error = text
                    log.error(
                        "facts reload rejected; still serving book %s. Problems:\n%s",
                        self.shelf.book.version,
                        text,
                    )
                    if self.on_error is not None:
                        await self.on_error(exc)
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
                await self.on_swap(book)
            return True

    async def watch(self, stop: asyncio.Event) -> None:
        """Watch the file's folder (editors and git replace files rather than write in place).

        Every couple of seconds without events the file's size and modification time are
        compared too: that catches an edit made before the watch was in place (during start-up)
        and file systems that send no events. ``reload`` swaps only when the content changed.
        """
        from watchfiles import awatch

        target = self.path.resolve()
        seen: tuple[int, int] | None = None
        async for changes in awatch(
            target.parent,
            stop_event=stop,
            debounce=300,
            recursive=False,
            rust_timeout=POLL_MS,
            yield_on_timeout=True,
        ):
            touched = any(Path(changed).resolve() == target for _, changed in changes)
            stat = _stat(target)
            if touched or stat != seen:
                seen = stat
                await self.reload()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
