"""The console: a local chat with the same commands, needing no tokens (after Errbot's text backend).

Typed lines go through the same ``Router`` as Slack and Discord; reminders for ``console:NAME``
channels are printed here too, so ``make run`` shows the whole product on one terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import itertools
import sys
from typing import TextIO

from bot.core.context import Context
from bot.core.message import Message
from bot.core.render_text import render
from bot.core.router import Router
from bot.surfaces.base import Surface

BANNER = "figurebot console — type `help` for the commands, `quit` or Ctrl-D to leave."
QUIT_WORDS = frozenset({"quit", "exit", ":q"})


def _enable_history() -> None:
    # readline gives line editing and history when a person is typing; it is absent on some builds.
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401


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
    ) -> None:
        self.router = router
        self.stream = stream or sys.stdout
        self.input_stream = input_stream
        self.channel = channel
        self.prompt = prompt
        self._task: asyncio.Task[None] | None = None
        self._refs = itertools.count(1)
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
        """Handle one typed line and return the rendered answer."""
        assert self.router is not None, "a console without a router can only post"
        message = await self.router.handle(line, self.context())
        return render(message)

    async def _read_line(self) -> str | None:
        if self.input_stream is not None:
            line = await asyncio.to_thread(self.input_stream.readline)
            return line if line else None
        try:
            return await asyncio.to_thread(input, self.prompt)
        except EOFError:
            return None

    async def repl(self) -> None:
        """Read lines until EOF or `quit`; each answer is printed before the next prompt."""
        if self.input_stream is None and sys.stdin.isatty():
            _enable_history()
        self._print(BANNER)
        try:
            while True:
                line = await self._read_line()
                if line is None or line.strip().lower() in QUIT_WORDS:
                    break
                if not line.strip():
                    continue
                self._print(await self.reply(line))
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
        self._print(f"\n[reminder → console:{channel}]\n{render(message)}\n")
        return f"console:{channel}:{next(self._refs)}"
