"""Charts for a running bot: drawn off the event loop, one at a time, and cached per book version.

A surface asks ``for_answer(message)``: a figure answer gets the figure's first chart (its history
when it has earlier values, else its breakdown), anything else gets None without drawing, so
answering without a chart never imports the drawing library. Drawings are kept per (book version,
figure, kind, format) in a small LRU; a reload gives a new version, so a changed figure is drawn
afresh and an old drawing is never shown for a new book. Concurrent asks for the same chart share
one drawing.

Drawing runs on one worker thread: matplotlib's settings are process-wide, so drawings take turns
(``draw`` also holds a lock), and a 200 ms drawing never blocks the loop's other replies.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from bot.charts import Drawing, draw_chart, parse_kind
from bot.charts.spec import ChartKind, chart_in
from bot.core.message import Kind, Message
from bot.core.shelf import Shelf
from bot.facts.model import FactBook, Figure

log = logging.getLogger(__name__)

CACHE_SIZE = 64  # drawings kept; a PNG is 60-180 KB, so at most about 10 MB

Key = tuple[str, str, str, str]


class Charts:
    def __init__(self, shelf: Shelf, *, cache_size: int = CACHE_SIZE) -> None:
        self.shelf = shelf
        self.cache_size = cache_size
        self._cache: OrderedDict[Key, Drawing | None] = OrderedDict()
        self._pending: dict[Key, asyncio.Future[Drawing | None]] = {}
        self._executor: ThreadPoolExecutor | None = None
        self.drawn = 0  # drawings made (not served from the cache): for tests and metrics

    async def for_answer(self, message: Message, fmt: str = "png") -> Drawing | None:
        """The chart to show with ``message``: only a figure answer has one."""
        if message.kind is not Kind.ANSWER or not message.ref:
            return None
        book = self.shelf.book
        figure = book.get(message.ref)
        if not isinstance(figure, Figure) or chart_in(book, figure) is None:
            return None
        return await self.draw(book, figure.id, None, fmt)

    async def draw(
        self, book: FactBook, fact_id: str, kind: ChartKind | str | None = None, fmt: str = "png"
    ) -> Drawing | None:
        """The chart drawn off the loop, or from the cache. Never raises for a bad drawing: a
        chart is an extra, so a failure is logged and the answer goes out without it."""
        wanted = parse_kind(kind)
        key = (_version(book), fact_id, wanted.value if wanted else "", fmt)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        task = self._pending.get(key)
        if task is None:
            # A task of its own, so an asker that gives up (a cancelled reply) does not cancel
            # the drawing that others wait for, or that the next ask will find in the cache.
            task = self._pending[key] = asyncio.ensure_future(self._draw(key, book, fact_id, wanted, fmt))
        return await asyncio.shield(task)

    async def _draw(
        self, key: Key, book: FactBook, fact_id: str, kind: ChartKind | None, fmt: str
    ) -> Drawing | None:
        try:
            drawing = await asyncio.get_running_loop().run_in_executor(
                self._worker(), draw_chart, book, fact_id, kind, fmt
            )
            self.drawn += 1
        except Exception:
            log.exception("charts: could not draw %s (%s)", fact_id, kind.value if kind else "first kind")
            drawing = None
        finally:
            del self._pending[key]
        self._cache[key] = drawing
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return drawing

    def _worker(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")
        return self._executor

    def close(self) -> None:
        """Stop the drawing thread without waiting: a drawing under way finishes on its own."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


def _version(book: FactBook) -> str:
    # A loaded book has a content hash; one built in code (tests) is told apart by identity.
    return book.version or f"object-{id(book)}"
