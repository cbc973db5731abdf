"""``figurebot run`` (every configured surface plus the scheduler) and ``figurebot config show``."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys

from bot.app.config import SECRET_KEYS, ConfigError
from bot.app.logs import setup_logging
from bot.cli.commands import help_for
from bot.cli.options import add_config_options, config_from

EXIT_CONFIG = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser(
        "run",
        help=help_for("run"),
        description="Run the bot. With no platform tokens configured, this is the console.",
    )
    add_config_options(run, store=True)
    which = run.add_mutually_exclusive_group()
    which.add_argument(
        "--console", dest="console", action="store_true", default=None, help="also run the console"
    )
    which.add_argument("--no-console", dest="console", action="store_false", help="never run the console")
    run.add_argument("--slack-http", action="store_true", help="serve Slack over HTTP instead of Socket Mode")
    run.add_argument("--host", help="address for --slack-http (default: [slack] http_host, 127.0.0.1)")
    run.add_argument("--port", type=int, help="port for --slack-http (default: [slack] http_port, 3000)")
    run.set_defaults(func=cmd_run)

    console = sub.add_parser(
        "console",
        help=help_for("console"),
        description="The console alone: the same commands as Slack and Discord, reminders printed here.",
    )
    add_config_options(console, store=True)
    console.set_defaults(func=cmd_console)

    config = sub.add_parser("config", help=help_for("config"))
    config_sub = config.add_subparsers(dest="config_command", metavar="SUBCOMMAND", required=True)
    show = config_sub.add_parser("show", help="print the effective configuration, secrets masked")
    add_config_options(show, store=True)
    show.set_defaults(func=cmd_config_show)


def _secrets(env: dict[str, str]) -> list[str]:
    return [v for k, v in env.items() if k.endswith(("_TOKEN", "_SECRET")) and v]


def cmd_console(args: argparse.Namespace) -> int:
    """``run`` with the console only, whatever platform tokens are set."""
    args.console, args.slack_http, args.host, args.port = True, False, None, None
    return cmd_run(args, platforms=False)


def cmd_run(args: argparse.Namespace, *, platforms: bool = True) -> int:
    from bot.app.runtime import App, RunOptions

    env = dict(os.environ)
    try:
        config = config_from(args)
    except ConfigError as exc:
        print(f"figurebot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    file_secrets = [
        str(v) for table in (config.slack, config.discord) for k, v in table.items() if k in SECRET_KEYS and v
    ]
    setup_logging(config.log_level, config.log_format, secrets=_secrets(env) + file_secrets)
    logging.getLogger("figurebot").debug("config: %s", config.masked())
    options = RunOptions(
        console=args.console,
        platforms=platforms,
        slack_http=args.slack_http,
        host=args.host,
        port=args.port,
        env=env,
    )
    return asyncio.run(App(config, options).run())


def cmd_config_show(args: argparse.Namespace) -> int:
    try:
        config = config_from(args)
    except ConfigError as exc:
        print(f"figurebot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    shown = config.masked()
    env = os.environ
    shown["environment"] = {
        name: ("***" if env.get(name) else None)
        for name in (
            "SLACK_BOT_TOKEN",
            "SLACK_APP_TOKEN",
            "SLACK_SIGNING_SECRET",
            "SLACK_CLIENT_ID",
            "SLACK_CLIENT_SECRET",
            "DISCORD_TOKEN",
        )
    }
    shown["environment"]["SLACK_API_URL"] = env.get("SLACK_API_URL")
    shown["environment"]["DISCORD_API_URL"] = env.get("DISCORD_API_URL")
    shown["environment"]["DISCORD_GATEWAY_URL"] = env.get("DISCORD_GATEWAY_URL")
    print(json.dumps(shown, indent=2))
    return 0
