"""The transport-only base every surface implements (after opsdroid's connectors).

A surface connects, turns platform input into ``Router.handle`` calls, renders ``Message`` in its
own form, and posts reminders for the scheduler. It holds no business logic.
"""

from __future__ import annotations

import abc
from collections.abc import Callable

from bot.core.message import Message


class ChannelGone(Exception):
    """The channel no longer accepts our posts (removed, deleted, forbidden): end its subscription."""


class Surface(abc.ABC):
    #: the prefix of this surface's channel keys: "slack", "discord", "console"
    name: str = ""
    #: Set by the app before ``start``: told (with the reason) when the surface stops serving of
    #: its own accord, e.g. a gateway closed for good, so health turns red. Not called by ``stop``.
    on_end: Callable[[str], None] | None = None

    def ended(self, reason: str) -> None:
        if self.on_end is not None:
            self.on_end(reason)

    @abc.abstractmethod
    async def start(self) -> None:
        """Connect and begin serving. Returns once the surface is serving (or raises)."""

    @abc.abstractmethod
    async def stop(self) -> None:
        """Finish in-flight replies and close connections. Safe to call twice."""

    @abc.abstractmethod
    async def post(self, channel: str, message: Message) -> str:
        """Post a scheduled ``Message`` to ``channel`` (the part of the key after ``name:``).

        Returns a reference to the posted message. Raises ``ChannelGone`` when the channel
        cannot be posted to any more; any other exception is a failure worth retrying.
        """
