"""Which surfaces to run: every platform that has credentials, and the console when nothing else
is configured (or when asked). Platform modules are imported only when they are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from bot.app.config import Config
from bot.core.router import Router
from bot.surfaces.base import Surface

if TYPE_CHECKING:
    from bot.charts.service import Charts


@dataclass(frozen=True)
class SurfaceOptions:
    console: bool | None = None
    platforms: bool = True
    slack_http: bool = False
    host: str | None = None  # None: [slack] http_host
    port: int | None = None  # None: [slack] http_port
    stdin: TextIO | None = None
    stdout: TextIO | None = None
    store_url: str = ""


def build_surfaces(
    config: Config,
    router: Router,
    options: SurfaceOptions,
    env: Mapping[str, str],
    charts: Charts | None = None,
) -> list[Surface]:
    """Raises ValueError (with the setting's name) when a platform's settings are inconsistent.
    ``charts`` (None when ``[charts] enabled`` is off) draws the charts answers carry."""
    surfaces: list[Surface] = []
    if options.platforms:
        slack = _slack(config, router, options, env, charts)
        if slack is not None:
            surfaces.append(slack)
        discord = _discord(config, router, env, charts)
        if discord is not None:
            surfaces.append(discord)
    want_console = options.console if options.console is not None else not surfaces
    from bot.surfaces.console import ConsoleSurface

    if want_console:
        surfaces.append(
            ConsoleSurface(
                router,
                input_stream=options.stdin,
                stream=options.stdout,
                charts=charts,
                charts_dir=config.data_dir / "charts",
            )
        )
    elif not any(isinstance(s, ConsoleSurface) for s in surfaces):
        # Reminders for console:NAME channels still print somewhere: the log stream's terminal.
        surfaces.append(ConsoleSurface(None, stream=options.stdout))
    return surfaces


def _slack(
    config: Config, router: Router, options: SurfaceOptions, env: Mapping[str, str], charts: Charts | None
) -> Surface | None:
    from bot.surfaces.slack import SlackSettings

    settings = SlackSettings.from_sources(config.slack, env)
    if not settings.configured:
        return None
    from bot.surfaces.slack.adapter import SlackSurface

    return SlackSurface(
        router,
        settings,
        http=options.slack_http,
        host=options.host,
        port=options.port,
        store_url=options.store_url,
        charts=charts,
    )


def _discord(config: Config, router: Router, env: Mapping[str, str], charts: Charts | None) -> Surface | None:
    from bot.surfaces.discord.settings import DiscordSettings

    settings = DiscordSettings.from_sources(config.discord, env)
    if not settings.enabled:
        return None
    from bot.surfaces.discord.adapter import DiscordSurface

    return DiscordSurface(router, settings, charts=charts)
