"""Every ``figurebot`` command: the module that runs it and its one-line help.

The top-level parser lists these without importing their modules; a command's module is imported
(and its full parser built) only when that command runs or asks for its ``--help``, so
``figurebot ask`` never loads what ``run`` or ``chart`` needs.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("book_cmds", "answer one question and exit"),
    "check": ("book_cmds", "validate a facts file"),
    "verify": ("book_cmds", "check every number of an article draft against the book"),
    "export": ("book_cmds", "write the whole book as JSON or CSV"),
    "chart": ("chart_cmds", "draw a figure's history or breakdown as PNG or SVG"),
    "run": ("run_cmds", "run the bot: every surface with credentials, the scheduler, live facts reload"),
    "console": ("run_cmds", "chat with the bot in this terminal, with reminders (no tokens needed)"),
    "config": ("run_cmds", "inspect the configuration"),
    "upcoming": ("reminder_cmds", "anniversary posts due in the next days"),
    "reminders": ("reminder_cmds", "manage reminder subscriptions and run a sweep"),
    "updates": ("update_cmds", "posts when the book changes: channels, and one pass"),
    "discord": ("discord_cmds", "Discord set-up tasks"),
    "site": ("site_cmds", "build the book's static website (a page per figure and event, timeline, feed)"),
}


def help_for(name: str) -> str:
    return COMMANDS[name][1]
