"""Registering the slash commands with Discord: an explicit step, never part of ``start()``.

Discord rate-limits command registration and only needs it when the commands change, so it is
run on release (global, which can take a while to reach every server) or while testing against
one server (``guild``, which is instant).
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.surfaces.discord import commands
from bot.surfaces.discord.client import login
from bot.surfaces.discord.commands import Interaction
from bot.surfaces.discord.settings import DiscordSettings


class _SyncOnly:
    """The commands' responder on a client that only registers them: it never connects to the
    gateway, so no interaction can reach it."""

    async def respond(
        self, interaction: Interaction, text: str, *, target: app_commands.AppCommandChannel | None = None
    ) -> None:
        raise RuntimeError("the command-sync client does not serve interactions")

    def suggest(self, text: str) -> commands.Choices:
        raise RuntimeError("the command-sync client does not serve interactions")


async def sync_commands(
    settings: DiscordSettings, *, guild: int | None = None, clear: bool = False
) -> list[app_commands.AppCommand]:
    """Register figurebot's commands globally, or in one ``guild``; with ``clear``, remove them
    from that scope instead (e.g. a test server's copies once the global ones are live).

    Returns the commands as Discord now has them in that scope.
    """
    client = discord.Client(intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    commands.install(tree, _SyncOnly())
    target = discord.Object(id=guild) if guild is not None else None
    await login(client, settings)
    try:
        if clear:
            tree.clear_commands(guild=target)
        elif target is not None:
            tree.copy_global_to(guild=target)
        return await tree.sync(guild=target)
    finally:
        await client.close()
