"""The command router: one line of text in, one ``Message`` out, the same on every surface.

Commands are declared with ``@command`` next to their handler (name, usage, a one-line summary,
whether they change channel settings), in the manner of Sopel's handler metadata; the router,
help text and the platforms' slash-command descriptions are all generated from that table.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.core.answers import moderators_only
from bot.core.context import Context, Subscriptions, UpdateSubscriptions
from bot.core.message import Message
from bot.core.pages import SiteLinks
from bot.core.shelf import Shelf
from bot.core.text_safety import clean_query


@dataclass(frozen=True)
class ReminderDefaults:
    timezone: str = "Europe/London"
    post_time: dt.time = dt.time(9, 0)
    heads_up_days: tuple[int, ...] = ()


@dataclass(frozen=True)
class Env:
    """What a handler may use. Built per request; cheap."""

    ctx: Context
    shelf: Shelf
    subscriptions: Subscriptions | None
    defaults: ReminderDefaults
    today: dt.date
    updates: UpdateSubscriptions | None = None


Handler = Callable[[str, Env], Awaitable[Message]]
#: Called after every command with (context, command name, message, seconds taken): logs and metrics.
Observer = Callable[[Context, str, Message, float], None]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    usage: str
    summary: str
    #: Changes channel settings, so the surface's ``can_manage`` is required: always (True), or
    #: for some arguments only (a predicate over them: `remind on` manages, `remind status` not).
    manages: bool | Callable[[str], bool] = False
    aliases: tuple[str, ...] = ()

    def manages_with(self, args: str) -> bool:
        return self.manages(args) if callable(self.manages) else self.manages


_REGISTRY: dict[str, Command] = {}


def command(
    name: str,
    *,
    usage: str,
    summary: str,
    manages: bool | Callable[[str], bool] = False,
    aliases: tuple[str, ...] = (),
) -> Callable[[Handler], Handler]:
    """Register a handler under ``name`` (and ``aliases``)."""

    def register(handler: Handler) -> Handler:
        cmd = Command(name, handler, usage, summary, manages, aliases)
        for key in (name, *aliases):
            if key in _REGISTRY and _REGISTRY[key].handler is not handler:
                raise ValueError(f"command {key!r} is registered twice")
            _REGISTRY[key] = cmd
        return handler

    return register


def commands() -> list[Command]:
    """Every registered command once, in registration order."""
    _load_command_modules()
    seen: dict[str, Command] = {}
    for cmd in _REGISTRY.values():
        seen.setdefault(cmd.name, cmd)
    return list(seen.values())


def _load_command_modules() -> None:
    # Importing registers; kept here so that importing the router alone has no side effects
    # on the registry order beyond these modules.
    from bot.core import check_command, figure_commands, remind_commands, update_commands  # noqa: F401


def resolve_command(text: str) -> tuple[Command, str]:
    """The command a line runs and its arguments; unknown first words mean a figure query."""
    _load_command_modules()
    name, args = split_command(clean_query(text))
    cmd = _REGISTRY.get(name)
    if cmd is None:
        return _REGISTRY["figure"], clean_query(text)
    return cmd, args


def needs_manage(text: str) -> bool:
    """Whether running ``text`` needs moderator rights, so a surface asks the platform (an API
    call on Slack) only for the lines that need it."""
    cmd, args = resolve_command(text)
    return cmd.manages_with(args)


def split_command(text: str) -> tuple[str, str]:
    """``"timeline 2023"`` -> ``("timeline", "2023")``; a leading ``/`` or ``!`` is tolerated."""
    text = text.strip().lstrip("/!").strip()
    head, _, rest = text.partition(" ")
    return head.lower(), rest.strip()


@dataclass
class Router:
    shelf: Shelf
    subscriptions: Subscriptions | None = None
    defaults: ReminderDefaults = field(default_factory=ReminderDefaults)
    clock: Callable[[], dt.date] = dt.date.today
    observer: Observer | None = None
    links: SiteLinks | None = None  # the book's website, when `[site] base_url` is set
    updates: UpdateSubscriptions | None = None

    async def handle(self, text: str, ctx: Context) -> Message:
        """Run one command line. Unknown first words are treated as a figure query, so
        ``convictions`` works as well as ``figure convictions``."""
        started = time.perf_counter()
        name, message = await self._dispatch(text, ctx)
        if self.links is not None:
            message = self.links.attach(message)
        if self.observer is not None:
            self.observer(ctx, name, message, time.perf_counter() - started)
        return message

    async def _dispatch(self, text: str, ctx: Context) -> tuple[str, Message]:
        cmd, args = resolve_command(text)
        if cmd.manages_with(args) and not ctx.can_manage:
            return cmd.name, moderators_only(cmd.name)
        env = Env(ctx, self.shelf, self.subscriptions, self.defaults, self.clock(), self.updates)
        return cmd.name, await cmd.handler(args, env)
