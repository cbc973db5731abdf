"""The Discord surface: slash commands and autocomplete in, embeds out, and scheduled posts.

It shares the asyncio loop with the other surfaces and the scheduler: ``start()`` logs in and
returns once the gateway is READY, leaving the connection running in a task. Command sync is not
done here (see ``sync.py``): Discord rate-limits it and it is only needed when commands change.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import TYPE_CHECKING

import aiohttp
import discord
import discord.gateway
from discord import app_commands
from discord.utils import MISSING

from bot.core.context import Context
from bot.core.message import Kind, Message
from bot.core.router import Router
from bot.core.text_safety import clean_query
from bot.surfaces.base import ChannelGone, Surface
from bot.surfaces.discord import commands
from bot.surfaces.discord.attachments import chart_file, show_chart
from bot.surfaces.discord.choices import Clicks
from bot.surfaces.discord.client import DiscordStartError, login, make_client
from bot.surfaces.discord.commands import CHOICE_TEXT_MAX, CHOICES_MAX, Choices, Interaction
from bot.surfaces.discord.embeds import Rendered, cut, notification_text, render
from bot.surfaces.discord.settings import DiscordSettings

if TYPE_CHECKING:
    from bot.charts import Drawing
    from bot.charts.service import Charts

log = logging.getLogger(__name__)

STOP_GRACE = 5.0  # seconds stop() lets in-flight replies finish

FAILED = Message(
    Kind.REFUSAL,
    "Something went wrong",
    sentence="That request failed on our side and has been logged. Please try again in a moment.",
    private=True,
)


class DiscordSurface(Surface):
    name = "discord"

    def __init__(self, router: Router, settings: DiscordSettings, *, charts: Charts | None = None) -> None:
        self.router = router
        self.settings = settings
        self.charts = charts
        self.client = make_client(settings)
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(self.client)
        commands.install(self.tree, self)
        self.tree.error(self._on_tree_error)
        self._runner: asyncio.Task[None] | None = None
        self._inflight: set[asyncio.Task[object]] = set()
        self._stopping = False
        # Buttons: registered before connecting, so buttons sent before a restart still work.
        self.clicks = Clicks(
            router, context_for, failed=FAILED, defer_after=settings.defer_after, inflight=self._inflight
        )
        self.client.add_dynamic_items(*self.clicks.buttons.items)
        self.client.event(self.clicks.on_interaction)

    # ---- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        await login(self.client, self.settings)
        self._runner = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready(), name="discord-ready")
        done, _ = await asyncio.wait(
            {ready, self._runner}, timeout=self.settings.ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready in done:
            self._runner.add_done_callback(self._gateway_ended)
            user = self.client.user
            log.info(
                "discord: connected as %s (application %s, %s)",
                user,
                self.client.application_id,
                _shards(self.client),
            )
            return
        ready.cancel()
        await asyncio.gather(ready, return_exceptions=True)
        if self._runner in done:
            error = self._runner.exception()
            self._runner = None
            await self.client.close()
            raise DiscordStartError(_gateway_problem(error)) from error
        await self.stop()
        raise DiscordStartError(f"the Discord gateway sent no READY within {self.settings.ready_timeout:g} s")

    async def stop(self) -> None:
        self._stopping = True
        if self._inflight:
            await asyncio.wait(set(self._inflight), timeout=STOP_GRACE)
        if not self.client.is_closed():
            await self.client.close()
        runner, self._runner = self._runner, None
        if runner is not None:
            try:
                await runner
            except Exception:  # the connection is being torn down; its last error is only news
                log.debug("discord: gateway task ended with an error during stop", exc_info=True)

    def _gateway_ended(self, task: asyncio.Task[None]) -> None:
        # discord.py reconnects by itself; the task only ends on close() or on an error it cannot
        # recover from (a revoked token, say). Say so loudly, and tell the app, instead of going quiet.
        if task.cancelled() or self._stopping:
            return
        error = task.exception()
        reason = _gateway_problem(error) if error is not None else "the gateway connection ended"
        log.error("discord: the gateway connection stopped for good: %s", reason)
        self.ended(reason)

    # ---- scheduled posts ------------------------------------------------------------------------

    async def post(self, channel: str, message: Message) -> str:
        if not channel.isdigit():
            raise ChannelGone(f"discord:{channel} is not a Discord channel id")
        rendered = render(message)
        target = self.client.get_partial_messageable(int(channel))
        try:
            sent = await target.send(
                content=notification_text(message),
                embed=rendered.embed,
                nonce=post_nonce(channel, message),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except (discord.Forbidden, discord.NotFound) as exc:
            log.warning(
                "discord: cannot post to channel %s (%s %s); its reminders should end",
                channel,
                exc.status,
                exc.text or "no reason given",
            )
            raise ChannelGone(f"discord:{channel}: {exc.status} {exc.text}") from exc
        return str(sent.id)

    # ---- interactions (called by the slash commands) --------------------------------------------

    async def respond(
        self, interaction: Interaction, text: str, *, target: app_commands.AppCommandChannel | None = None
    ) -> None:
        """Run ``text`` through the router and reply. A reply slower than ``defer_after`` is
        deferred first so Discord's 3-second window is never missed."""
        me = asyncio.current_task()
        if me is not None:
            self._inflight.add(me)
        # Drawing a chart is part of the work, so a slow first drawing is covered by the deferral.
        work = asyncio.ensure_future(self._answer(text, context_for(interaction, target)))
        try:
            done, _ = await asyncio.wait({work}, timeout=self.settings.defer_after)
            if work in done:
                message, rendered, drawing = work.result()
                await _reply(interaction, rendered, self.clicks.buttons.view(message), drawing)
                return
            await interaction.response.defer(thinking=True)
            message, rendered, drawing = await work
            await _reply_late(interaction, rendered, self.clicks.buttons.view(message), drawing)
        except discord.HTTPException as exc:
            # Usually the interaction expired (404 Unknown interaction); nothing more can be sent.
            log.warning(
                "discord: could not reply to /%s: %s %s", _command_name(interaction), exc.status, exc.text
            )
        finally:
            work.cancel()  # only does something if we were cancelled while it ran
            if me is not None:
                self._inflight.discard(me)

    def suggest(self, text: str) -> Choices:
        """Autocomplete: facts ranked by the core's resolver, title shown, id sent."""
        try:
            facts = self.router.shelf.current.resolver.suggest(clean_query(text), limit=CHOICES_MAX)
        except Exception:
            log.exception("discord: autocomplete failed")
            return []
        return [
            app_commands.Choice(name=cut(fact.title, CHOICE_TEXT_MAX), value=fact.id[:CHOICE_TEXT_MAX])
            for fact in facts[:CHOICES_MAX]
        ]

    async def _answer(self, text: str, ctx: Context) -> tuple[Message, Rendered, Drawing | None]:
        message = await self._handle(text, ctx)
        drawing = await self.charts.for_answer(message) if self.charts is not None else None
        rendered = render(message)
        if drawing is not None:
            show_chart(rendered.embed, drawing)
        return message, rendered, drawing

    async def _handle(self, text: str, ctx: Context) -> Message:
        try:
            return await self.router.handle(text, ctx)
        except Exception:
            log.exception("discord: command %r failed in %s", text.split(" ", 1)[0], ctx.channel)
            return FAILED

    async def _on_tree_error(self, interaction: Interaction, error: app_commands.AppCommandError) -> None:
        # Option conversion errors and the like: tell the asker privately instead of timing out.
        log.warning("discord: /%s failed before reaching the core: %s", _command_name(interaction), error)
        if not interaction.response.is_done():
            await _reply(interaction, render(FAILED), None)


def context_for(interaction: Interaction, target: app_commands.AppCommandChannel | None = None) -> Context:
    """Who asked and where. ``can_manage`` is Manage Channels in the channel being changed (the
    ``target`` option when given), as Discord computed it for this member, overwrites included."""
    perms = target.permissions if target is not None else interaction.permissions
    in_guild = interaction.guild_id is not None
    return Context(
        surface="discord",
        channel=f"discord:{interaction.channel_id or ''}",
        user=str(interaction.user.id),
        can_manage=in_guild and (perms.manage_channels or perms.administrator),
        workspace=str(interaction.guild_id or ""),
    )


def post_nonce(channel: str, message: Message) -> str:
    """A nonce for a scheduled post: the same reminder to the same channel gets the same nonce,
    so Discord itself drops a repeat sent within minutes (a retry after a crash, say)."""
    key = "\n".join((channel, message.ref or "", message.title, message.sentence or ""))
    return hashlib.sha256(key.encode()).hexdigest()[:25]  # Discord allows at most 25 characters


async def _reply(
    interaction: Interaction, rendered: Rendered, view: discord.ui.View | None, drawing: Drawing | None = None
) -> None:
    await interaction.response.send_message(
        embed=rendered.embed,
        file=_file(drawing),
        ephemeral=rendered.ephemeral,
        allowed_mentions=discord.AllowedMentions.none(),
        view=view or MISSING,
    )


async def _reply_late(
    interaction: Interaction, rendered: Rendered, view: discord.ui.View | None, drawing: Drawing | None = None
) -> None:
    """After a (public) deferral: replace the "thinking…" message, or swap it for a private one."""
    if rendered.ephemeral:
        await interaction.delete_original_response()
        await interaction.followup.send(
            embed=rendered.embed,
            file=_file(drawing),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
            view=view or MISSING,
        )
    else:
        await interaction.edit_original_response(
            embed=rendered.embed,
            attachments=[chart_file(drawing)] if drawing is not None else MISSING,
            view=view,
            allowed_mentions=discord.AllowedMentions.none(),
        )


def _file(drawing: Drawing | None) -> discord.File:
    # MISSING, not None: discord.py then sends exactly the payload it would without the argument.
    return chart_file(drawing) if drawing is not None else MISSING


def _command_name(interaction: Interaction) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "?"


def _shards(client: discord.Client) -> str:
    if isinstance(client, discord.AutoShardedClient):
        return f"shards {sorted(client.shards)} of {client.shard_count}"
    return "unsharded"


def _gateway_problem(error: BaseException | None) -> str:
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return "Discord refused the gateway intents (4014); figurebot needs none, so check the client setup"
    if isinstance(error, discord.ConnectionClosed):
        if error.code == 4004:
            return "the Discord gateway rejected the token (4004): check DISCORD_TOKEN"
        return f"the Discord gateway closed the connection ({error.code} {error.reason})"
    if error is None:
        return "the Discord gateway connection ended before READY"
    # discord.py can fail inside its own reconnect handler (e.g. an AttributeError when the first
    # connection never opened); the network error underneath is the useful part.
    cause: BaseException = error
    while not isinstance(cause, OSError | aiohttp.ClientError) and cause.__context__ is not None:
        cause = cause.__context__
    if not isinstance(cause, OSError | aiohttp.ClientError):
        cause = error
    where = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    return f"could not connect to the Discord gateway at {where}: {cause}"
