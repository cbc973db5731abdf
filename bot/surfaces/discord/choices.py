"""Discord buttons for did-you-mean choices and answer follow-ups, and what a click does.

Each button's custom id carries a core pick (``fb:figure:casey_report``), so answering a click
needs no memory of the message: a persistent ``DynamicItem`` whose template is registered with
the client at start-up reads it, and a button sent before a restart still works after one. More
than five choices become one select menu (custom id ``fbmenu``) whose options carry the picks.

A click runs the same command line as typing the id, and the answer goes where a typed one would:
a figure is public, so it is posted to the channel and the private choices are deleted; private
outcomes (fresh choices after a reload, "None of these") replace the choices in place; "All
sources" adds a private message under the answer. Everything is sent with mentions disabled.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord.ui import Button, DynamicItem, Select, View
from discord.utils import MISSING

from bot.core import picks
from bot.core.context import Context
from bot.core.message import Message
from bot.core.router import Router
from bot.surfaces.discord.commands import Interaction
from bot.surfaces.discord.embeds import cut, render

log = logging.getLogger(__name__)

BUTTON_PREFIX = "fb:"
MENU_ID = "fbmenu"
# Anything under our prefix reaches the item, so a malformed value is refused there, visibly.
BUTTON_TEMPLATE = re.compile(re.escape(BUTTON_PREFIX) + r"(?P<value>.*)", re.DOTALL)
MENU_TEMPLATE = re.compile(re.escape(MENU_ID))
BUTTONS_MAX = 5  # choices shown as buttons (one row); more become a menu
MENU_OPTIONS_MAX = 25  # Discord's limit
LABEL_MAX = 80  # a button label
OPTION_TEXT_MAX = 100  # a menu option's label and description
NO_PINGS = discord.AllowedMentions.none()
LATE_NOTE = (
    "Discord would no longer let me change the message you clicked, so here is the answer "
    "as a new message, visible only to you."
)

OnPick = Callable[[Interaction, "picks.Pick | None", str], Awaitable[None]]


class Delivery(enum.Enum):
    IN_PLACE = "in place"  # edit the clicked (ephemeral) message
    PRIVATE = "private"  # a new message only the clicker sees; the clicked one stays
    CHANNEL = "channel"  # a public answer in the channel; the private choices are deleted


class Buttons:
    """One surface's button and menu classes, bound to its click handler, and the views built
    from a ``Message``. ``items`` go to ``Client.add_dynamic_items`` at start-up."""

    def __init__(self, on_pick: OnPick) -> None:
        class PickButton(DynamicItem[Button[View]], template=BUTTON_TEMPLATE):
            @classmethod
            async def from_custom_id(
                cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
            ) -> PickButton:
                # discord.py looked the component up by id and type on the clicked message; this
                # must not raise (it would be logged with a traceback), whatever the message says.
                return cls(item if isinstance(item, Button) else Button(custom_id=match.string))

            async def callback(self, interaction: Interaction) -> None:
                value = self.custom_id.removeprefix(BUTTON_PREFIX)
                await on_pick(interaction, picks.parse(value), self.item.label or "")

        class PickMenu(DynamicItem[Select[View]], template=MENU_TEMPLATE):
            @classmethod
            async def from_custom_id(
                cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
            ) -> PickMenu:
                return cls(item if isinstance(item, Select) else Select(custom_id=MENU_ID))

            async def callback(self, interaction: Interaction) -> None:
                chosen = self.item.values[0] if len(self.item.values) == 1 else None
                label = next((o.label for o in self.item.options if o.value == chosen), "")
                await on_pick(interaction, picks.parse(chosen), label)

        self._button = PickButton
        self._menu = PickMenu
        self.items: tuple[type[DynamicItem[Any]], ...] = (PickButton, PickMenu)

    def view(self, message: Message) -> View | None:
        """Buttons (or a menu) for the choices and follow-ups of ``message``; None if it has none."""
        # Persistent: clicks are answered from the custom id alone. Every item is dynamic, so when
        # discord.py times out an ephemeral copy of this view (after 15 minutes) it drops nothing
        # that the start-up registration put in place.
        view = View(timeout=None)
        carried = [(c, p) for c in message.choices if (p := picks.of_choice(c)) is not None]
        if len(carried) > BUTTONS_MAX:
            menu: Select[View] = Select(
                custom_id=MENU_ID,
                placeholder=f"Pick one of {min(len(carried), MENU_OPTIONS_MAX)} facts",
                row=0,
            )
            for choice, pick in carried[:MENU_OPTIONS_MAX]:
                menu.add_option(
                    label=cut(choice.title, OPTION_TEXT_MAX) or pick.ref,
                    value=pick.value,
                    description=cut(choice.hint, OPTION_TEXT_MAX) or None,
                )
            view.add_item(self._menu(menu))
        else:
            for choice, pick in carried:
                view.add_item(self._button(self._make(choice.title, pick, row=0)))
        if carried:
            view.add_item(self._button(self._make("None of these", picks.NONE_OF_THESE, row=1)))
        for action in message.actions:
            follow_up = picks.of_action(action)
            if follow_up is not None:
                view.add_item(self._button(self._make(action.label, follow_up, row=2)))
        return view if view.children else None

    @staticmethod
    def _make(label: str, pick: picks.Pick, *, row: int) -> Button[View]:
        return Button(
            label=cut(label, LABEL_MAX) or pick.ref,
            custom_id=BUTTON_PREFIX + pick.value,
            style=discord.ButtonStyle.secondary,
            row=row,
        )

    def claims(self, interaction: Interaction) -> bool:
        """Whether a component interaction is one of our own buttons or menus on the message it
        came from (which is all discord.py will dispatch to ``items``)."""
        custom_id = _custom_id(interaction)
        if not (BUTTON_TEMPLATE.fullmatch(custom_id) or MENU_TEMPLATE.fullmatch(custom_id)):
            return False
        message = interaction.message
        shown = message.components if message is not None else []
        kind = dict(interaction.data or {}).get("component_type")
        return any(
            getattr(child, "custom_id", None) == custom_id and child.type.value == kind
            for row in shown
            for child in getattr(row, "children", ())
        )


class Clicks:
    """Answers clicks: the core's answer to the pick, delivered as a typed answer would be."""

    def __init__(
        self,
        router: Router,
        context: Callable[[Interaction], Context],
        *,
        failed: Message,
        defer_after: float,
        inflight: set[asyncio.Task[object]],
    ) -> None:
        self.router = router
        self.context = context
        self.failed = failed  # the apology when the core fails
        self.defer_after = defer_after
        self.inflight = inflight  # the surface's: stop() lets these finish
        self.buttons = Buttons(self.on_pick)

    async def on_interaction(self, interaction: Interaction) -> None:
        """Every interaction passes here too; a component that is not ours is refused, since
        discord.py would otherwise drop it and leave the clicker with "interaction failed"."""
        if interaction.type is discord.InteractionType.component and not self.buttons.claims(interaction):
            await self.on_pick(interaction, None, "")

    async def on_pick(self, interaction: Interaction, pick: picks.Pick | None, label: str) -> None:
        me = asyncio.current_task()
        if me is not None:
            self.inflight.add(me)
        try:
            if pick is None:
                log.debug(
                    "discord: refused a click on a component that is not ours (custom id %r) in %s",
                    _custom_id(interaction)[:60],
                    interaction.channel_id,
                )
                await self.send(interaction, picks.refused(), Delivery.PRIVATE, deferred=False)
                return
            work = asyncio.ensure_future(self.answer(interaction, pick, label))
            done, _ = await asyncio.wait({work}, timeout=self.defer_after)
            deferred = work not in done
            if deferred:  # type 6: acknowledged, no "thinking" message; the clicked one stays
                await interaction.response.defer()
            message = await work
            how = Delivery.PRIVATE if pick.command == "source" else Delivery.IN_PLACE
            if how is Delivery.IN_PLACE and not message.private:
                how = Delivery.CHANNEL
            await self.send(interaction, message, how, deferred=deferred)
        except discord.HTTPException as exc:
            # Usually the interaction expired before we answered; nothing more can be sent.
            log.warning("discord: could not answer a click: %s %s", exc.status, exc.text)
        finally:
            if me is not None:
                self.inflight.discard(me)

    async def answer(self, interaction: Interaction, pick: picks.Pick, label: str) -> Message:
        try:
            return await picks.answer(self.router, pick, self.context(interaction), label)
        except Exception:
            log.exception("discord: a click on %s failed in %s", pick.value, interaction.channel_id)
            return self.failed

    async def send(
        self, interaction: Interaction, message: Message, how: Delivery, *, deferred: bool
    ) -> None:
        embed = render(message).embed
        view = self.buttons.view(message)
        if how is Delivery.IN_PLACE:
            try:
                if deferred:
                    await interaction.edit_original_response(
                        embed=embed, view=view, allowed_mentions=NO_PINGS
                    )
                else:
                    await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=NO_PINGS)
            except discord.NotFound:  # the clicked message is gone or too old to change
                await self.late(interaction, message)
            return
        if how is Delivery.PRIVATE:
            if interaction.response.is_done():
                await interaction.followup.send(
                    embed=embed, ephemeral=True, allowed_mentions=NO_PINGS, view=view or MISSING
                )
            else:
                await interaction.response.send_message(
                    embed=embed, ephemeral=True, allowed_mentions=NO_PINGS, view=view or MISSING
                )
            return
        if not deferred:
            await interaction.response.defer()
        await interaction.followup.send(embed=embed, allowed_mentions=NO_PINGS, view=view or MISSING)
        try:
            await interaction.delete_original_response()  # the private choices, now answered
        except discord.HTTPException as exc:
            log.debug("discord: the answered choices could not be deleted: %s %s", exc.status, exc.text)

    async def late(self, interaction: Interaction, message: Message) -> None:
        """The answer as a new private message, saying why the clicked one was not changed."""
        embed = render(message).embed
        view = self.buttons.view(message) or MISSING
        if interaction.response.is_done():
            await interaction.followup.send(
                content=LATE_NOTE, embed=embed, ephemeral=True, allowed_mentions=NO_PINGS, view=view
            )
        else:
            await interaction.response.send_message(
                content=LATE_NOTE, embed=embed, ephemeral=True, allowed_mentions=NO_PINGS, view=view
            )


def _custom_id(interaction: Interaction) -> str:
    data: dict[str, Any] = dict(interaction.data or {})
    return str(data.get("custom_id", ""))
