"""``figurebot discord sync``: register the slash commands with Discord.

Run it when the commands change (a new release), not on every start: global registration
(the default) can take a while to reach every server; ``--guild ID`` updates one test server
at once. It reads the token and URLs the same way ``figurebot run`` does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from bot.cli.commands import help_for
from bot.cli.options import add_config_options, config_from

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    discord_p = sub.add_parser("discord", help=help_for("discord"), description="Discord set-up tasks.")
    tasks = discord_p.add_subparsers(dest="discord_command", metavar="TASK", required=True)
    sync = tasks.add_parser(
        "sync",
        help="register the slash commands (run after install and on each release)",
        description=(
            "Register figurebot's slash commands with Discord. Global by default (for release; "
            "may take a while to show everywhere); --guild ID registers them in one server at once "
            "(for testing). Uses DISCORD_TOKEN, DISCORD_API_URL and DISCORD_GATEWAY_URL, or [discord] "
            "in the config file."
        ),
    )
    sync.add_argument("--guild", metavar="ID", type=_snowflake, help="one server's id, for instant updates")
    sync.add_argument(
        "--clear",
        action="store_true",
        help="remove the commands from that scope instead (e.g. a test server's copies)",
    )
    add_config_options(sync, facts=False)
    sync.set_defaults(func=run_sync)


def _snowflake(text: str) -> int:
    if not text.isdigit() or not 15 <= len(text) <= 21:
        raise argparse.ArgumentTypeError(f"{text!r} is not a Discord server id (a long number)")
    return int(text)


def run_sync(args: argparse.Namespace) -> int:
    # Imported here so other sub-commands never pay for discord.py.
    from bot.app.config import ConfigError
    from bot.surfaces.discord.client import DiscordStartError
    from bot.surfaces.discord.settings import DiscordConfigError, DiscordSettings
    from bot.surfaces.discord.sync import sync_commands

    try:
        config = config_from(args)
        settings = DiscordSettings.from_sources(config.discord, os.environ)
    except (ConfigError, DiscordConfigError) as exc:
        print(f"figurebot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not settings.token:
        print("figurebot: no Discord token: set DISCORD_TOKEN (or token in [discord])", file=sys.stderr)
        return EXIT_USAGE
    try:
        synced = asyncio.run(sync_commands(settings, guild=args.guild, clear=args.clear))
    except DiscordStartError as exc:
        print(f"figurebot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # an HTTP error from Discord: say what it was, no traceback
        print(f"figurebot: command sync failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    scope = f"server {args.guild}" if args.guild else "all servers (may take a while to show everywhere)"
    if args.clear:
        print(f"Removed figurebot's commands from {scope}.")
    else:
        names = ", ".join(f"/{c.name}" for c in synced)
        print(f"Registered {len(synced)} commands for {scope}: {names}")
    return EXIT_OK
