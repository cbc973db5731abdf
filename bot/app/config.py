"""Settings: a TOML file (``--config``, ``FIGUREBOT_CONFIG`` or ``./config.toml``) plus the environment.

Precedence, highest first: command-line flag, environment variable, config file, default.
Secrets (platform tokens) belong in the environment; a config file may hold them too, but then it
must not be readable by other users, and we warn if it is. Every problem names its key.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.pages import normalise_base_url
from bot.reminders.store_url import normalise_store_url

# logging, tomllib and zoneinfo are imported where used: `figurebot ask` reads its config on every
# run, usually without a file, a time zone or a warning to log, and starts faster without them.

DEFAULT_CONFIG = Path("config.toml")
DEFAULT_FACTS = Path("facts.yaml")
DEFAULT_DATA_DIR = Path("data")
SECRET_KEYS = frozenset({"token", "bot_token", "app_token", "signing_secret", "client_secret"})
SECTIONS = frozenset(
    {"facts", "store", "reminders", "updates", "log", "metrics", "run", "site", "charts", "slack", "discord"}
)
MAX_BATCH_SECONDS = 300  # "a short window": longer would hold news back for no benefit


class ConfigError(Exception):
    """A setting is missing, malformed or contradictory. The message names the key."""


@dataclass(frozen=True)
class ChannelSetting:
    """A channel subscribed from the config file (``[[reminders.channels]]``)."""

    channel: str  # full key: "console:main", "slack:T01/C01", "discord:123"
    time: dt.time | None = None
    timezone: str | None = None
    heads_up_days: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Config:
    source: Path | None  # the file read, if any
    facts: Path
    watch_facts: bool
    facts_max_bytes: int
    data_dir: Path
    store_url: str
    timezone: str
    post_time: dt.time
    heads_up_days: tuple[int, ...]
    channels: tuple[ChannelSetting, ...]
    admin_channel: str | None
    catch_up_minutes: int
    log_level: str
    log_format: str
    metrics_host: str
    metrics_port: int  # 0 = no metrics server
    shutdown_timeout: float
    site_base_url: str | None = None  # where the book's website is published; answers link to it
    charts: bool = True  # answers carry a chart of the figure where the surface shows images
    slack: Mapping[str, Any] = field(default_factory=dict)
    discord: Mapping[str, Any] = field(default_factory=dict)
    update_channels: tuple[str, ...] = ()  # [[updates.channels]]: full channel keys
    update_batch_seconds: int = 60  # [updates] batch_seconds

    def masked(self) -> dict[str, Any]:
        """The effective settings as plain data, secrets replaced by ``***``."""

        def mask(table: Mapping[str, Any]) -> dict[str, Any]:
            return {k: ("***" if k in SECRET_KEYS and v else v) for k, v in table.items()}

        return {
            "config_file": str(self.source) if self.source else None,
            "facts": {
                "path": str(self.facts),
                "watch": self.watch_facts,
                "max_mb": self.facts_max_bytes / 1_000_000,
            },
            "store": {"data_dir": str(self.data_dir), "url": _mask_url(self.store_url)},
            "reminders": {
                "timezone": self.timezone,
                "time": self.post_time.strftime("%H:%M"),
                "heads_up_days": list(self.heads_up_days),
                "catch_up_minutes": self.catch_up_minutes,
                "admin_channel": self.admin_channel,
                "channels": [c.channel for c in self.channels],
            },
            "updates": {"batch_seconds": self.update_batch_seconds, "channels": list(self.update_channels)},
            "log": {"level": self.log_level, "format": self.log_format},
            "metrics": {"host": self.metrics_host, "port": self.metrics_port},
            "run": {"shutdown_timeout": self.shutdown_timeout},
            "site": {"base_url": self.site_base_url},
            "charts": {"enabled": self.charts},
            "slack": mask(self.slack),
            "discord": mask(self.discord),
        }


def _mask_url(url: str) -> str:
    # postgresql+asyncpg://user:password@host/db -> keep everything but the password
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        creds, _, host = rest.rpartition("@")
        if ":" in creds:
            creds = creds.split(":", 1)[0] + ":***"
        return f"{scheme}://{creds}@{host}"
    return url


def parse_time(text: str, key: str) -> dt.time:
    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ConfigError(f"{key}: {text!r} is not a time of the form HH:MM") from None


def check_zone(name: str, key: str) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{key}: {name!r} is not an IANA time zone such as Europe/London") from None
    return name


def _heads_up(value: Any, key: str) -> tuple[int, ...]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 60 for d in items):
        raise ConfigError(f"{key}: heads-up days must be whole numbers from 1 to 60, got {value!r}")
    return tuple(sorted(set(items)))


class _Table:
    """A section of the file that remembers which keys were read, to reject unknown ones."""

    def __init__(self, name: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise ConfigError(f"{name}: expected a table, got {type(data).__name__}")
        self.name, self.data, self.used = name, data, set[str]()

    def get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        self.used.add(key)
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise ConfigError(f"{self.name}.{key}: expected {names}, got {value!r}")
        return value

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise ConfigError(f"{self.name}: unknown setting(s) {', '.join(unknown)}")


def _warn_if_world_readable(path: Path, raw: Mapping[str, Any]) -> None:
    has_secret = any(
        isinstance(raw.get(section), dict) and any(k in SECRET_KEYS for k in raw[section])
        for section in ("slack", "discord")
    )
    if has_secret and path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
        import logging

        logging.getLogger(__name__).warning(
            "%s holds tokens and is readable by other users; run `chmod 600 %s` or use environment variables",
            path,
            path,
        )


def find_config_file(explicit: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path | None:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"--config: no such file {str(path)!r}")
        return path
    if env.get("FIGUREBOT_CONFIG"):
        path = Path(env["FIGUREBOT_CONFIG"])
        if not path.is_file():
            raise ConfigError(f"FIGUREBOT_CONFIG: no such file {str(path)!r}")
        return path
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def load_config(
    config_path: str | os.PathLike[str] | None = None,
    *,
    facts: str | os.PathLike[str] | None = None,
    store_url: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Config:
    env = os.environ if env is None else env
    path = find_config_file(config_path, env)
    raw: dict[str, Any] = {}
    if path is not None:
        import tomllib

        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        unknown = sorted(set(raw) - SECTIONS)
        if unknown:
            raise ConfigError(f"{path}: unknown section(s) {', '.join(unknown)}")
        _warn_if_world_readable(path, raw)

    facts_t = _Table("facts", raw.get("facts", {}))
    store_t = _Table("store", raw.get("store", {}))
    rem_t = _Table("reminders", raw.get("reminders", {}))
    upd_t = _Table("updates", raw.get("updates", {}))
    log_t = _Table("log", raw.get("log", {}))
    met_t = _Table("metrics", raw.get("metrics", {}))
    run_t = _Table("run", raw.get("run", {}))
    site_t = _Table("site", raw.get("site", {}))
    charts_t = _Table("charts", raw.get("charts", {}))

    # Every file value is read (so it is type-checked and counted as known) before the
    # environment and flags are laid over it.
    file_facts = facts_t.get("path", str, str(DEFAULT_FACTS))
    facts_path = Path(facts or env.get("FIGUREBOT_FACTS") or file_facts)
    watch = facts_t.get("watch", bool, True)
    max_mb = facts_t.get("max_mb", (int, float), 10)
    if not 0 < max_mb <= 1000:
        raise ConfigError(f"facts.max_mb: {max_mb!r} must be more than 0 and at most 1000 (megabytes)")
    file_data_dir = store_t.get("data_dir", str, str(DEFAULT_DATA_DIR))
    data_dir = Path(env.get("FIGUREBOT_DATA_DIR") or file_data_dir)
    file_url = store_t.get("url", str, "")
    # DATABASE_URL is what hosting platforms set; a figurebot-specific setting wins over it.
    given = (
        ("--store", store_url),
        ("FIGUREBOT_STORE_URL", env.get("FIGUREBOT_STORE_URL")),
        ("DATABASE_URL", env.get("DATABASE_URL")),
        ("store.url", file_url),
    )
    where, url = next(((name, value) for name, value in given if value), ("", ""))
    if not url:
        url = f"sqlite+aiosqlite:///{data_dir / 'figurebot.db'}"
    else:
        try:
            url = normalise_store_url(url)
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None

    timezone = check_zone(rem_t.get("timezone", str, "Europe/London"), "reminders.timezone")
    post_time = parse_time(rem_t.get("time", str, "09:00"), "reminders.time")
    heads_up = (
        _heads_up(rem_t.get("heads_up_days", list, []), "reminders.heads_up_days")
        if "heads_up_days" in rem_t.data
        else ()
    )
    rem_t.used.add("heads_up_days")
    channels = tuple(_channel(i, c) for i, c in enumerate(rem_t.get("channels", list, [])))
    admin_channel = rem_t.get("admin_channel", str, "") or None
    catch_up = rem_t.get("catch_up_minutes", int, 5)
    if not 1 <= catch_up <= 60:
        raise ConfigError("reminders.catch_up_minutes: must be from 1 to 60")

    update_channels = tuple(_update_channel(i, c) for i, c in enumerate(upd_t.get("channels", list, [])))
    batch_seconds = upd_t.get("batch_seconds", int, 60)
    if not 0 <= batch_seconds <= MAX_BATCH_SECONDS:
        raise ConfigError(f"updates.batch_seconds: must be from 0 to {MAX_BATCH_SECONDS}")

    level = log_t.get("level", str, "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"log.level: {level!r} is not one of DEBUG, INFO, WARNING, ERROR")
    file_fmt = log_t.get("format", str, "text")
    fmt = env.get("FIGUREBOT_LOG_FORMAT") or file_fmt
    if fmt not in {"text", "json"}:
        raise ConfigError(f"log.format: {fmt!r} is not text or json")
    metrics_host = met_t.get("host", str, "127.0.0.1")
    metrics_port = met_t.get("port", int, 0)
    if not 0 <= metrics_port <= 65535:
        raise ConfigError("metrics.port: must be from 0 (off) to 65535")
    timeout = float(run_t.get("shutdown_timeout", (int, float), 10))
    file_base_url = site_t.get("base_url", str, "")
    base_url = _base_url(env.get("FIGUREBOT_SITE_URL") or file_base_url)
    charts = charts_t.get("enabled", bool, True)
    for table in (facts_t, store_t, rem_t, upd_t, log_t, met_t, run_t, site_t, charts_t):
        table.finish()

    slack = raw.get("slack", {})
    discord = raw.get("discord", {})
    for name, table in (("slack", slack), ("discord", discord)):
        if not isinstance(table, dict):
            raise ConfigError(f"{name}: expected a table")
    return Config(
        source=path,
        facts=facts_path,
        watch_facts=watch,
        facts_max_bytes=int(max_mb * 1_000_000),
        data_dir=data_dir,
        store_url=url,
        timezone=timezone,
        post_time=post_time,
        heads_up_days=heads_up,
        channels=channels,
        admin_channel=admin_channel,
        catch_up_minutes=catch_up,
        log_level=level,
        log_format=fmt,
        metrics_host=metrics_host,
        metrics_port=metrics_port,
        shutdown_timeout=timeout,
        site_base_url=base_url,
        charts=charts,
        slack=slack,
        discord=discord,
        update_channels=update_channels,
        update_batch_seconds=batch_seconds,
    )


def _base_url(text: str) -> str | None:
    if not text:
        return None
    try:
        return normalise_base_url(text)
    except ValueError as exc:
        raise ConfigError(f"site.base_url: {exc}") from None


def _update_channel(index: int, data: Any) -> str:
    key = f"updates.channels[{index}]"
    table = _Table(key, data)
    channel: str = table.get("channel", str, "")
    table.finish()
    if ":" not in channel:
        raise ConfigError(f"{key}.channel: expected SURFACE:CHANNEL such as console:main or discord:1234")
    return channel


def _channel(index: int, data: Any) -> ChannelSetting:
    key = f"reminders.channels[{index}]"
    table = _Table(key, data)
    channel = table.get("channel", str, "")
    if ":" not in channel:
        raise ConfigError(f"{key}.channel: expected SURFACE:CHANNEL such as console:main or discord:1234")
    time_text = table.get("time", str, "")
    zone = table.get("timezone", str, "")
    heads = table.get("heads_up_days", list, None)
    table.finish()
    return ChannelSetting(
        channel=channel,
        time=parse_time(time_text, f"{key}.time") if time_text else None,
        timezone=check_zone(zone, f"{key}.timezone") if zone else None,
        heads_up_days=_heads_up(heads, f"{key}.heads_up_days") if heads is not None else None,
    )
