"""Operator commands for book updates: ``updates add|list|remove|run``.

``updates run`` is one pass: compare the book with the store, print each post for a
``console:NAME`` channel to stdout, record it, and exit. stdout carries only the posts, so a
second run on the same book prints nothing. Posts for Slack and Discord channels are left,
unclaimed, for the running bot. Exit codes: 0 done, 1 a post failed (or was printed but could
not be recorded) or the book is invalid, 2 usage or configuration (an unreachable store included).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from bot.cli.commands import help_for
from bot.cli.options import add_config_options, config_from
from bot.cli.reminder_cmds import EXIT_FAILED, EXIT_OK, RECORD_PATIENCE, _run, check_channel
from bot.facts.loader import load_book

if TYPE_CHECKING:
    from bot.updates.store import UpdateStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    upd = sub.add_parser("updates", help=help_for("updates"))
    usub = upd.add_subparsers(dest="updates_command", metavar="ACTION", required=True)

    add = usub.add_parser("add", help="subscribe a channel to book updates")
    add.add_argument("channel", metavar="SURFACE:CHANNEL", help="console:main, slack:T01/C01 or discord:1234")
    add.add_argument("--by", metavar="WHO", default="operator", help="recorded as who subscribed")
    add_config_options(add, facts=False, store=True)
    add.set_defaults(func=cmd_add)

    lst = usub.add_parser("list", help="the channels subscribed to book updates")
    lst.add_argument("--format", choices=("text", "json"), default="text")
    add_config_options(lst, facts=False, store=True)
    lst.set_defaults(func=cmd_list)

    rm = usub.add_parser("remove", help="unsubscribe a channel from book updates")
    rm.add_argument("channel", metavar="SURFACE:CHANNEL")
    add_config_options(rm, facts=False, store=True)
    rm.set_defaults(func=cmd_remove)

    run = usub.add_parser(
        "run",
        help="compare the book with the store; print posts for console channels, record them, exit",
    )
    add_config_options(run, store=True)
    run.set_defaults(func=cmd_run)


@contextlib.asynccontextmanager
async def _opened(args: argparse.Namespace) -> AsyncIterator[UpdateStore]:
    """The update tables of the store these arguments name, closed afterwards."""
    from bot.reminders.store import open_store
    from bot.updates.store import UpdateStore

    store = await open_store(config_from(args).store_url)
    try:
        yield UpdateStore(store)
    finally:
        await store.close()


def cmd_add(args: argparse.Namespace) -> int:
    from bot.updates.service import new_subscription

    async def job() -> int:
        check_channel(args.channel)
        async with _opened(args) as updates:
            sub = await updates.put_subscription(
                new_subscription(args.channel, args.by, dt.datetime.now(dt.UTC))
            )
        print(f"{sub.channel}: book updates on, since {sub.subscribed_at:%Y-%m-%d %H:%M} UTC")
        return EXIT_OK

    return _run(job)


def cmd_list(args: argparse.Namespace) -> int:
    async def job() -> int:
        async with _opened(args) as updates:
            subs = await updates.subscriptions()
        if args.format == "json":
            rows = [
                {
                    "channel": s.channel,
                    "subscribed_by": s.subscribed_by,
                    "subscribed_at": s.subscribed_at.isoformat(),
                }
                for s in subs
            ]
            print(json.dumps(rows, indent=2))
            return EXIT_OK
        if not subs:
            print("No channel is subscribed to book updates.", file=sys.stderr)
        for sub in subs:
            print(f"{sub.channel}\tby {sub.subscribed_by} on {sub.subscribed_at:%Y-%m-%d %H:%M} UTC")
        return EXIT_OK

    return _run(job)


def cmd_remove(args: argparse.Namespace) -> int:
    async def job() -> int:
        check_channel(args.channel)
        async with _opened(args) as updates:
            removed = await updates.remove_subscription(args.channel)
        if not removed:
            print(f"figurebot: {args.channel} was not subscribed to book updates", file=sys.stderr)
            return EXIT_FAILED
        print(f"{args.channel}: book updates off")
        return EXIT_OK

    return _run(job)


def _facts(count: int) -> str:
    return "1 fact" if count == 1 else f"{count} facts"


def cmd_run(args: argparse.Namespace) -> int:
    from bot.core.pages import SiteLinks
    from bot.reminders.unrecorded import Unrecorded
    from bot.surfaces.console import ConsoleSurface
    from bot.updates.announce import announce

    async def job() -> int:
        config = config_from(args)
        book = load_book(config.facts)
        links = SiteLinks.of(config.site_base_url)
        async with _opened(args) as updates:
            report = await announce(
                updates,
                book,
                {"console": ConsoleSurface(stream=sys.stdout)},
                dt.datetime.now(dt.UTC),
                page_url=links.page if links else None,
                # A post printed while the database went away is kept for a while, then reported.
                unrecorded=Unrecorded(patience=RECORD_PATIENCE),
            )
        if report.first:
            print(
                f"figurebot: first pass on this store: recorded the book ({_facts(len(report.recorded))}) "
                "without posting; later changes will be posted",
                file=sys.stderr,
            )
        for surface, count in sorted(report.unserved.items()):
            print(
                f"figurebot: updates for {count} {surface} channel(s) left for the running bot",
                file=sys.stderr,
            )
        failed = [d for d in report.deliveries if d.outcome == "failed" or not d.recorded]
        for d in failed:
            problem = d.error or "posted, but the store could not record it"
            print(f"figurebot: {d.channel}: {problem}", file=sys.stderr)
        return EXIT_FAILED if failed else EXIT_OK

    return _run(job)
