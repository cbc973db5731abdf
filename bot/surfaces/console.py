"""The console: a local chat with the same commands, needing no tokens (after Errbot's text backend).

Typed lines go through the same ``Router`` as Slack and Discord; reminders for ``console:NAME``
channels are printed here too, so ``make run`` shows the whole product on one terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import itertools
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.core import picks
from bot.core.context import Context
from bot.core.message import Choice, Kind, Message
from bot.core.render_text import render
from bot.core.router import Router
from bot.surfaces.base import Surface

if TYPE_CHECKING:
    from bot.charts.service import Charts

log = logging.getLogger(__name__)

BANNER = "figurebot console — type `help` for the commands, `quit` or Ctrl-D to leave."
QUIT_WORDS = frozenset({"quit", "exit", ":q"})
_CHOICE_NUMBER = re.compile(r"\d{1,2}")  # "2" picks a choice; "2023" is still a question


def _enable_history() -> None:
    # readline gives line editing and history when a person is typing; it is absent on some builds.
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401


def _typed_lines(prompt: str, answered: threading.Event) -> Iterator[str]:
    """A person at a terminal: ``input`` gives line editing and history (readline). On a
    terminal it reads through readline, outside the interpreter's stdin object, so a read still
    waiting at exit is harmless (tests/app covers SIGTERM at a prompt). The next prompt waits
    until the previous line has been answered, so it never lands in front of the answer."""
    while True:
        answered.wait()
        answered.clear()
        try:
            yield input(prompt)
        except (EOFError, OSError, ValueError):
            return


def _piped_lines(fd: int) -> Iterator[str]:
    """A pipe (tests, a supervisor): raw ``os.read`` holds no lock of the interpreter's stdin
    object, so a read still waiting when the process exits cannot abort its shutdown."""
    pending = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            if pending:
                yield pending.decode("utf-8", "replace")
            return
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            yield raw.decode("utf-8", "replace")


def _write_file(path: Path, data: bytes) -> None:
    # Written aside and renamed, so an image viewer never opens half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    partial.replace(path)


class ConsoleSurface(Surface):
    name = "console"

    def __init__(
        self,
        router: Router | None = None,
        *,
        stream: TextIO | None = None,
        input_stream: TextIO | None = None,
        channel: str = "main",
        prompt: str = "figurebot> ",
        charts: Charts | None = None,
        charts_dir: Path = Path("data") / "charts",
    ) -> None:
        self.router = router
        self.charts = charts
        self.charts_dir = charts_dir
        self.stream = stream or sys.stdout
        self.input_stream = input_stream
        self.channel = channel
        self.prompt = prompt
        self._task: asyncio.Task[None] | None = None
        self._answered = threading.Event()  # the last typed line has its answer on screen
        self._answered.set()
        self._refs = itertools.count(1)
        self._choices: tuple[Choice, ...] = ()  # the last answer's numbered choices, if any
        self.closed = asyncio.Event()

    def context(self) -> Context:
        # Whoever sits at the console runs the bot, so they may change its reminders.
        return Context(
            surface=self.name,
            channel=f"{self.name}:{self.channel}",
            user=getpass.getuser(),
            can_manage=True,
            workspace="",
        )

    async def reply(self, line: str) -> str:
        """Handle one typed line and return the rendered answer. Right after a did-you-mean, a
        number picks that choice; any other line is a new question."""
        assert self.router is not None, "a console without a router can only post"
        line = line.strip()
        if self._choices and _CHOICE_NUMBER.fullmatch(line):
            number = int(line)
            if not 1 <= number <= len(self._choices):  # the choices stay open for another try
                return render(picks.out_of_range(number, len(self._choices)))
            choice = self._choices[number - 1]
            pick = picks.Pick("figure", choice.ref)
            message = await picks.answer(self.router, pick, self.context(), choice.title)
        else:
            message = await self.router.handle(line, self.context())
        self._choices = message.choices
        text = render(message)
        if message.choices:
            count = len(message.choices)
            text += "\nType 1 to pick it." if count == 1 else f"\nType a number (1–{count}) to pick one."
        path = await self._chart(message)
        return f"{text}\nChart: {path}" if path else text

    async def _chart(self, message: Message) -> Path | None:
        """A terminal shows no pictures: the figure's chart is written as a PNG, and its path shown."""
        if self.charts is None:
            return None
        drawing = await self.charts.for_answer(message)
        if drawing is None:
            return None
        path = self.charts_dir / drawing.filename
        try:
            await asyncio.to_thread(_write_file, path, drawing.data)
        except OSError as exc:
            log.warning("console: could not write the chart %s: %s", path, exc)
            return None
        return path

    def _start_reader(self) -> asyncio.Queue[str | None]:
        """Read lines on a daemon thread. A blocking read must not live in the loop's default
        executor: at shutdown ``asyncio.run`` joins those threads, and one waiting for a line
        that never comes would hold SIGTERM hostage."""
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str | None] = asyncio.Queue()

        def deliver(line: str | None) -> bool:
            try:
                loop.call_soon_threadsafe(lines.put_nowait, line)
            except RuntimeError:  # the loop has closed: nobody is listening any more
                return False
            return line is not None

        def read() -> None:
            if self.input_stream is not None:
                source: Iterator[str] = iter(self.input_stream.readline, "")
            elif sys.stdin.isatty():
                source = _typed_lines(self.prompt, self._answered)
            else:
                source = _piped_lines(sys.stdin.fileno())
            for line in source:
                if not deliver(line):
                    return
            deliver(None)

        threading.Thread(target=read, name="console-input", daemon=True).start()
        return lines

    async def repl(self) -> None:
        """Read lines until EOF or `quit`; each answer is printed before the next prompt."""
        if self.input_stream is None and sys.stdin.isatty():
            _enable_history()
        self._print(BANNER)
        lines = self._start_reader()
        try:
            while True:
                line = await lines.get()
                if line is None or line.strip().lower() in QUIT_WORDS:
                    break
                if line.strip():
                    self._print(await self.reply(line))
                self._answered.set()
        finally:
            self.closed.set()

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    async def start(self) -> None:
        if self.router is not None and self._task is None:
            self._task = asyncio.create_task(self.repl(), name="console-repl")

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.closed.set()

    async def post(self, channel: str, message: Message) -> str:
        what = {Kind.REMINDER: "reminder", Kind.UPDATE: "update"}.get(message.kind, "notice")
        self._print(f"\n[{what} → console:{channel}]\n{render(message)}\n")
        return f"console:{channel}:{next(self._refs)}"
