"""The ``figurebot`` command line: one sub-command module per area, each with ``register``.

Exit codes: 0 done or answered, 1 not answered or invalid input file, 2 usage or configuration error.
An area's module is imported only when one of its commands runs (see ``bot.cli.commands``), and
platform libraries only by the sub-commands that need them, so ``figurebot ask`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from bot.cli.commands import COMMANDS


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with ``command``'s area fully registered (every area when None) and the other
    commands as one-line entries, so the help lists them all without importing them."""
    parser = argparse.ArgumentParser(
        prog="figurebot",
        description="Figure lookups with the source attached, anniversary reminders and book updates.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = COMMANDS[command][0] if command in COMMANDS else None
    registered: set[str] = set()
    for name, (area, summary) in COMMANDS.items():
        if area in registered:
            continue
        if command is None or area == wanted:
            importlib.import_module(f"bot.cli.{area}").register(sub)
            registered.add(area)
        else:
            sub.add_parser(name, help=summary, add_help=False)
    return parser


def _command(argv: Sequence[str]) -> str:
    """The command word of a command line: its first word that is not an option."""
    return next((word for word in argv if not word.startswith("-")), "")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command(argv) or "help")
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`figurebot export | head`): not an error worth a traceback.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
