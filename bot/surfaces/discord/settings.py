"""Discord settings: the ``[discord]`` table of the config file plus the environment.

The token comes from ``DISCORD_TOKEN`` (or ``token`` in the file, which the config loader warns
about when the file is readable by others). ``DISCORD_API_URL`` and ``DISCORD_GATEWAY_URL`` route
REST and the gateway somewhere other than discord.com: a shared rate-limit proxy in production,
a local fake in tests. The environment wins over the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

#: the keys ``[discord]`` accepts, with the environment variable that overrides each (if any)
KEYS: Mapping[str, str | None] = {
    "token": "DISCORD_TOKEN",
    "api_url": "DISCORD_API_URL",
    "gateway_url": "DISCORD_GATEWAY_URL",
    "shards": None,
    "shard_count": None,
    "shard_ids": None,
    "ready_timeout": None,
    "guild_ready_timeout": None,
    "defer_after": None,
    "identify_interval": None,
}


class DiscordConfigError(ValueError):
    """A ``[discord]`` setting or Discord environment variable is wrong. The message names it."""


@dataclass(frozen=True)
class DiscordSettings:
    token: str = field(default="", repr=False)  # never shown in logs or reprs
    #: REST base including the version, e.g. ``http://127.0.0.1:8080/api/v10``; None = discord.com
    api_url: str | None = None
    #: gateway websocket, e.g. ``ws://127.0.0.1:8080/gw``; None = Discord's (or /gateway/bot's) URL
    gateway_url: str | None = None
    #: None = one plain connection; "auto" = as many shards as Discord recommends (GET /gateway/bot);
    #: "fixed" = ``shard_count`` shards, of which this process runs ``shard_ids`` (all when empty)
    sharding: Literal["none", "auto", "fixed"] = "none"
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()
    ready_timeout: float = 60.0  # seconds start() waits for READY before giving up
    guild_ready_timeout: float = 2.0  # discord.py waits this long for GUILD_CREATEs before on_ready
    defer_after: float = 1.5  # a reply slower than this is deferred (Discord allows 3 s)
    #: seconds between shard logins: Discord allows one IDENTIFY per 5 s; 0 behind a gateway
    #: proxy or queue that paces logins itself
    identify_interval: float = 5.0

    @property
    def enabled(self) -> bool:
        """Whether a Discord adapter should run at all: only with a token."""
        return bool(self.token)

    @classmethod
    def from_sources(cls, table: Mapping[str, object], env: Mapping[str, str]) -> DiscordSettings:
        """Read the ``[discord]`` table and the environment (which wins)."""
        unknown = sorted(set(table) - set(KEYS))
        if unknown:
            raise DiscordConfigError(f"discord: unknown setting(s) {', '.join(unknown)}")

        def text(key: str) -> str | None:
            env_name = KEYS[key]
            if env_name and env.get(env_name, "").strip():
                return env[env_name].strip()
            value = table.get(key)
            if value is None:
                return None
            if not isinstance(value, str):
                raise DiscordConfigError(f"discord.{key}: expected a string, got {value!r}")
            return value.strip() or None

        def seconds(key: str, default: float, low: float, high: float) -> float:
            value = table.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                raise DiscordConfigError(
                    f"discord.{key}: expected seconds from {low} to {high}, got {value!r}"
                )
            return float(value)

        api_url = text("api_url")
        if api_url is not None:
            api_url = _check_url(api_url, ("http", "https"), "DISCORD_API_URL / discord.api_url").rstrip("/")
        gateway_url = text("gateway_url")
        if gateway_url is not None:
            gateway_url = _check_url(gateway_url, ("ws", "wss"), "DISCORD_GATEWAY_URL / discord.gateway_url")

        sharding, count, ids = _sharding(table)
        return cls(
            token=text("token") or "",
            api_url=api_url,
            gateway_url=gateway_url,
            sharding=sharding,
            shard_count=count,
            shard_ids=ids,
            ready_timeout=seconds("ready_timeout", 60.0, 1, 600),
            guild_ready_timeout=seconds("guild_ready_timeout", 2.0, 0, 60),
            # above ~2.5 s the deferral itself could miss Discord's 3-second window
            defer_after=seconds("defer_after", 1.5, 0, 2.5),
            identify_interval=seconds("identify_interval", 5.0, 0, 60),
        )


def _check_url(value: str, schemes: tuple[str, ...], name: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise DiscordConfigError(f"{name}: {value!r} is not a {' or '.join(schemes)} URL")
    return value


Sharding = Literal["none", "auto", "fixed"]


def _sharding(table: Mapping[str, object]) -> tuple[Sharding, int | None, tuple[int, ...]]:
    shards = table.get("shards")
    count = table.get("shard_count")
    ids = table.get("shard_ids")
    if shards is not None:
        if shards != "auto":
            raise DiscordConfigError(f'discord.shards: the only value is "auto", got {shards!r}')
        if count is not None or ids is not None:
            raise DiscordConfigError(
                'discord.shards = "auto" cannot be combined with shard_count or shard_ids'
            )
        return "auto", None, ()
    if count is None:
        if ids is not None:
            raise DiscordConfigError(
                "discord.shard_ids needs discord.shard_count (the total across processes)"
            )
        return "none", None, ()
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise DiscordConfigError(f"discord.shard_count: expected a whole number from 1, got {count!r}")
    if ids is None:
        return "fixed", count, ()
    if not isinstance(ids, list) or not ids:
        raise DiscordConfigError(f"discord.shard_ids: expected a list such as [0, 1], got {ids!r}")
    for shard in ids:
        if isinstance(shard, bool) or not isinstance(shard, int) or not 0 <= shard < count:
            raise DiscordConfigError(f"discord.shard_ids: {shard!r} is not a shard from 0 to {count - 1}")
    if len(set(ids)) != len(ids):
        raise DiscordConfigError(f"discord.shard_ids: {ids!r} lists a shard twice")
    return "fixed", count, tuple(sorted(ids))
