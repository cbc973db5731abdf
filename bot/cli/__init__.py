"""The ``figurebot`` command line: one sub-command module per area, each with ``register``.

Exit codes: 0 done or answered, 1 not answered or invalid input file, 2 usage or configuration error.
Platform libraries are imported only by the sub-commands that need them, so ``figurebot ask``
starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot.cli import book_cmds, chart_cmds, discord_cmds, reminder_cmds, run_cmds, site_cmds, update_cmds

# Each module adds its sub-commands; add new areas here.
AREAS = [book_cmds, chart_cmds, run_cmds, reminder_cmds, update_cmds, discord_cmds, site_cmds]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="figurebot",
        description="Figure lookups with the source attached, anniversary reminders and book updates.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for area in AREAS:
        area.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
