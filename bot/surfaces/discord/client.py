"""Building the discord.py client: endpoints, intents, mentions and sharding in one place.

The client asks for no gateway intents at all. Slash commands and autocomplete arrive as
INTERACTION_CREATE, which every bot receives; scheduled posts go to a channel id over REST. So
there is no guild, member or message cache to fill at startup or to hold in memory.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl

from bot.surfaces.discord.settings import DiscordSettings


class DiscordStartError(RuntimeError):
    """The bot could not connect: no or a bad token, an unreachable server, or no READY in time."""


async def login(client: discord.Client, settings: DiscordSettings) -> None:
    """Route the endpoints and log in over REST (which also runs discord.py's setup hook).

    Closes the client before raising, so a failed start leaks no HTTP session.
    """
    if not settings.token:
        raise DiscordStartError("no Discord token: set DISCORD_TOKEN")
    route_endpoints(settings)
    try:
        await client.login(settings.token)
    except discord.LoginFailure:
        await client.close()
        raise DiscordStartError("Discord rejected the token (401): check DISCORD_TOKEN") from None
    except (OSError, discord.HTTPException) as exc:
        await client.close()
        where = discord.http.Route.BASE
        raise DiscordStartError(f"could not log in to Discord at {where}: {exc}") from exc


def route_endpoints(settings: DiscordSettings) -> None:
    """Send REST and the gateway where the settings say (a proxy or a test server).

    discord.py reads both from class attributes, so this is process-wide: one Discord identity
    per process, which is how figurebot runs.
    """
    if settings.api_url:
        discord.http.Route.BASE = settings.api_url
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class _NoGuildsIntentNotice(logging.Filter):
    """discord.py warns at every start that the guilds intent is off; here that is deliberate."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Guilds intent seems to be disabled")


_notice_filter = _NoGuildsIntentNotice()


class ShardedClient(discord.AutoShardedClient):
    """AutoShardedClient that honours a configured gateway URL with ``shards = "auto"`` too.

    discord.py takes the shard count *and* the URL from GET /gateway/bot when no count is given;
    behind a gateway proxy the count should still come from Discord but the URL from settings.
    """

    def __init__(self, *, use_default_gateway: bool, identify_interval: float, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self._use_default_gateway = use_default_gateway
        self._identify_interval = identify_interval

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py's default sleeps 5 s before every shard but the first; keep that pacing
        # unless a gateway proxy that queues logins is in front.
        if not initial and self._identify_interval:
            await asyncio.sleep(self._identify_interval)

    async def launch_shards(self) -> None:
        if self.shard_count is None and self._use_default_gateway and not self.is_closed():
            # With a count set, discord.py connects to DiscordWebSocket.DEFAULT_GATEWAY.
            self.shard_count, _url, _limits = await self.http.get_bot_gateway()
        await super().launch_shards()


def make_client(settings: DiscordSettings) -> discord.Client:
    logging.getLogger("discord.state").addFilter(_notice_filter)  # a set: adding twice is harmless
    # figurebot has no voice; without this every start logs two warnings about voice libraries.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    # The same for one connection and for shards: no intents, no caches, and nothing the bot
    # sends can ping anyone.
    common: dict[str, Any] = {
        "intents": discord.Intents.none(),
        "allowed_mentions": discord.AllowedMentions.none(),
        "max_messages": None,
        "chunk_guilds_at_startup": False,
        "member_cache_flags": discord.MemberCacheFlags.none(),
        "guild_ready_timeout": settings.guild_ready_timeout,
    }
    if settings.sharding == "none":
        return discord.Client(**common)
    return ShardedClient(
        use_default_gateway=settings.gateway_url is not None,
        identify_interval=settings.identify_interval,
        shard_count=settings.shard_count,
        shard_ids=list(settings.shard_ids) or None,
        **common,
    )
