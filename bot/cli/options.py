"""The options every sub-command shares, declared once: where the config, the book and the
store are, and the one way they become a ``Config``."""

from __future__ import annotations

import argparse

from bot.app.config import Config, load_config


def add_config_options(parser: argparse.ArgumentParser, *, facts: bool = True, store: bool = False) -> None:
    parser.add_argument(
        "--config", metavar="PATH", help="config file (default: FIGUREBOT_CONFIG, ./config.toml)"
    )
    if facts:
        parser.add_argument(
            "--facts", metavar="PATH", help="facts file (default: FIGUREBOT_FACTS, the config, ./facts.yaml)"
        )
    if store:
        parser.add_argument(
            "--store",
            metavar="URL",
            help="sqlite:///FILE or postgresql://USER@HOST/DB "
            "(default: FIGUREBOT_STORE_URL, DATABASE_URL, the config, data/figurebot.db)",
        )


def config_from(args: argparse.Namespace) -> Config:
    """The effective config for these arguments; raises ``ConfigError`` naming the setting."""
    return load_config(
        args.config, facts=getattr(args, "facts", None), store_url=getattr(args, "store", None)
    )
