"""Operator commands for reminders: ``upcoming`` and ``reminders add|list|remove|run``.

Every command takes ``--store URL`` (default: ``FIGUREBOT_STORE_URL``, the config file, or the
SQLite file in the data directory) and ``--config``; those reading the book take ``--facts``.
``reminders run --at`` performs one sweep as if it were that moment, posting ``console:NAME``
channels to stdout, and exits: stdout carries only the posts, so a second identical run prints
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.app.config import Config, ConfigError
from bot.cli.commands import help_for
from bot.cli.options import add_config_options, config_from
from bot.core.context import Subscription
from bot.facts.loader import BookError, load_book
from bot.facts.model import FactBook

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
RECORD_PATIENCE = 30.0  # seconds `reminders run` keeps trying to record a post made

_KEYS = {
    "console": re.compile(r"^console:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
    "slack": re.compile(r"^slack:[A-Z0-9]{2,30}/[A-Z0-9]{2,30}$"),
    "discord": re.compile(r"^discord:\d{5,25}$"),
}


class UsageError(Exception):
    pass


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    up = sub.add_parser(
        "upcoming",
        help=help_for("upcoming"),
        description="List the reminders every subscribed channel will get (or the bare anniversaries).",
    )
    up.add_argument("--days", type=int, default=30, help="how far ahead, 1 to 366 (default 30)")
    up.add_argument("--channel", metavar="SURFACE:CHANNEL", help="only this channel")
    up.add_argument("--at", metavar="ISO_DATETIME", help="as if it were this moment (default: now)")
    up.add_argument("--format", choices=("text", "json"), default="text")
    add_config_options(up, store=True)
    up.set_defaults(func=cmd_upcoming)

    rem = sub.add_parser("reminders", help=help_for("reminders"))
    rsub = rem.add_subparsers(dest="reminders_command", metavar="ACTION", required=True)

    add = rsub.add_parser("add", help="subscribe a channel (or change its settings)")
    add.add_argument("channel", metavar="SURFACE:CHANNEL", help="console:main, slack:T01/C01 or discord:1234")
    add.add_argument("--time", metavar="HH:MM", help="local posting time (default: config, 09:00)")
    add.add_argument("--tz", metavar="ZONE", help="IANA time zone (default: config, Europe/London)")
    add.add_argument("--heads-up", metavar="DAYS", help="days before, comma-separated, e.g. 7,1; 'none'")
    add.add_argument("--by", metavar="WHO", default="operator", help="recorded as who subscribed")
    add_config_options(add, facts=False, store=True)
    add.set_defaults(func=cmd_add)

    lst = rsub.add_parser("list", help="the subscribed channels")
    lst.add_argument("--format", choices=("text", "json"), default="text")
    add_config_options(lst, facts=False, store=True)
    lst.set_defaults(func=cmd_list)

    rm = rsub.add_parser("remove", help="unsubscribe a channel")
    rm.add_argument("channel", metavar="SURFACE:CHANNEL")
    add_config_options(rm, facts=False, store=True)
    rm.set_defaults(func=cmd_remove)

    run = rsub.add_parser(
        "run", help="one sweep as if at a moment; prints what it posted to console channels, then exits"
    )
    run.add_argument("--at", metavar="ISO_DATETIME", help="e.g. 2027-03-03T09:05:00+00:00 (default: now)")
    add_config_options(run, store=True)
    run.set_defaults(func=cmd_run)


# -- helpers -----------------------------------------------------------------------------------


def _config(args: argparse.Namespace) -> Config:
    return config_from(args)


def _book(config: Config) -> FactBook:
    return load_book(config.facts)


def parse_moment(text: str | None) -> dt.datetime:
    if text is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--at: {text!r} is not an ISO date and time such as 2027-03-03T09:05:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise UsageError(f"--at: {text!r} needs a UTC offset, e.g. {text}+00:00")
    return moment.astimezone(dt.UTC)


def check_channel(key: str) -> tuple[str, str]:
    """Validate ``SURFACE:CHANNEL``; return (surface, workspace)."""
    surface = key.partition(":")[0]
    pattern = _KEYS.get(surface)
    if pattern is None or not pattern.match(key):
        raise UsageError(
            f"{key!r} is not a channel key: use console:NAME, slack:TEAM/CHANNEL (ids) or discord:CHANNEL_ID"
        )
    workspace = key.partition(":")[2].split("/")[0] if surface == "slack" else ""
    return surface, workspace


def _run(job: Callable[[], Coroutine[Any, Any, int]]) -> int:
    from bot.reminders.store import StoreError

    try:
        return asyncio.run(job())
    except (UsageError, ConfigError, StoreError) as exc:
        # A store that cannot be reached (down, missing, a bad path) is a configuration error.
        print(f"figurebot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BookError as exc:
        print(f"figurebot: the facts file has problems:\n{exc}", file=sys.stderr)
        return EXIT_FAILED


def _sub_json(sub: Subscription) -> dict[str, Any]:
    return {
        "channel": sub.channel,
        "time": f"{sub.post_time:%H:%M}",
        "timezone": sub.timezone,
        "heads_up_days": list(sub.heads_up_days),
        "subscribed_by": sub.subscribed_by,
        "subscribed_at": sub.subscribed_at.isoformat(),
    }


# -- commands ----------------------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    from bot.core.remind_commands import Refused, parse_heads_up, parse_time, parse_zone
    from bot.reminders.store import open_store

    async def job() -> int:
        config = _config(args)
        surface, workspace = check_channel(args.channel)
        try:
            post_time = parse_time(args.time) if args.time else None
            zone = parse_zone(args.tz) if args.tz else None
            heads_up = parse_heads_up(args.heads_up) if args.heads_up is not None else None
        except Refused as refused:
            raise UsageError(f"{refused.message.title}: {refused.message.sentence}") from None
        store = await open_store(config.store_url)
        try:
            old = await store.subscription(args.channel)
            sub = Subscription(
                channel=args.channel,
                surface=surface,
                workspace=workspace,
                timezone=zone or (old.timezone if old else config.timezone),
                post_time=post_time or (old.post_time if old else config.post_time),
                heads_up_days=heads_up
                if heads_up is not None
                else (old.heads_up_days if old else config.heads_up_days),
                subscribed_by=args.by,
                subscribed_at=dt.datetime.now(dt.UTC),
            )
            await store.put_subscription(sub)
        finally:
            await store.close()
        print(f"{sub.channel}: reminders at {sub.post_time:%H:%M} {sub.timezone}" + _heads_up_suffix(sub))
        return EXIT_OK

    return _run(job)


def _heads_up_suffix(sub: Subscription) -> str:
    if not sub.heads_up_days:
        return ""
    return ", heads-up " + ",".join(str(d) for d in sub.heads_up_days) + " days before"


def cmd_list(args: argparse.Namespace) -> int:
    from bot.reminders.store import open_store

    async def job() -> int:
        config = _config(args)
        store = await open_store(config.store_url)
        try:
            subs = await store.subscriptions()
        finally:
            await store.close()
        if args.format == "json":
            print(json.dumps([_sub_json(s) for s in subs], indent=2))
        elif not subs:
            print("No channel is subscribed to reminders.", file=sys.stderr)
        for sub in subs if args.format == "text" else ():
            print(
                f"{sub.channel}\t{sub.post_time:%H:%M} {sub.timezone}\theads-up: "
                f"{','.join(map(str, sub.heads_up_days)) or 'none'}\t"
                f"by {sub.subscribed_by} on {sub.subscribed_at:%Y-%m-%d %H:%M} UTC"
            )
        return EXIT_OK

    return _run(job)


def cmd_remove(args: argparse.Namespace) -> int:
    from bot.reminders.store import open_store

    async def job() -> int:
        config = _config(args)
        check_channel(args.channel)
        store = await open_store(config.store_url)
        try:
            removed = await store.remove_subscription(args.channel)
        finally:
            await store.close()
        if not removed:
            print(f"figurebot: {args.channel} was not subscribed", file=sys.stderr)
            return EXIT_FAILED
        print(f"{args.channel}: reminders off")
        return EXIT_OK

    return _run(job)


def cmd_upcoming(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from bot.reminders.calendar import AnniversaryIndex
    from bot.reminders.due import upcoming, zone_of
    from bot.reminders.store import open_store

    async def job() -> int:
        if not 1 <= args.days <= 366:
            raise UsageError("--days: give 1 to 366")
        now = parse_moment(args.at)
        config = _config(args)
        if args.channel:
            check_channel(args.channel)
        index = AnniversaryIndex.of(_book(config))
        store = await open_store(config.store_url)
        try:
            subs = await store.subscriptions()
        finally:
            await store.close()
        if args.channel:
            subs = [s for s in subs if s.channel == args.channel]
            if not subs:
                raise UsageError(f"{args.channel} is not subscribed (see `figurebot reminders list`)")
        rows: list[dict[str, Any]] = []
        if subs:
            for sub in subs:
                zone = zone_of(sub.timezone)
                if zone is None:
                    continue
                for u in upcoming(index, zone, sub.post_time, sub.heads_up_days, now, args.days):
                    rows.append(_upcoming_row(u.when, sub.channel, u.event_id, u.text, u.heads_up))
        else:
            print(
                "No channel is subscribed; anniversaries shown at "
                f"{config.post_time:%H:%M} {config.timezone}.",
                file=sys.stderr,
            )
            zone = ZoneInfo(config.timezone)
            for u in upcoming(index, zone, config.post_time, (), now, args.days):
                rows.append(_upcoming_row(u.when, None, u.event_id, u.text, u.heads_up))
        rows.sort(key=lambda r: (r["when_utc"], r["channel"] or "", r["event_id"]))
        if args.format == "json":
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            for row in rows:
                where = f"  {row['channel']}" if row["channel"] else ""
                print(f"{row['when']}{where}  {row['text']}")
        return EXIT_OK

    return _run(job)


def _upcoming_row(
    when: dt.datetime, channel: str | None, event_id: str, text: str, heads_up: bool
) -> dict[str, Any]:
    return {
        "when": when.isoformat(),
        "when_utc": when.astimezone(dt.UTC).isoformat(),
        "channel": channel,
        "event_id": event_id,
        "text": text,
        "heads_up": heads_up,
    }


def cmd_run(args: argparse.Namespace) -> int:
    from bot.core.pages import SiteLinks, with_links
    from bot.reminders.calendar import AnniversaryIndex
    from bot.reminders.store import open_store
    from bot.reminders.sweep import sweep
    from bot.reminders.unrecorded import Unrecorded
    from bot.surfaces.console import ConsoleSurface

    async def job() -> int:
        now = parse_moment(args.at)
        config = _config(args)
        index = AnniversaryIndex.of(_book(config))
        store = await open_store(config.store_url)
        try:
            # A post printed while the database went away is kept for a while, then reported.
            held = Unrecorded(patience=RECORD_PATIENCE)
            console = with_links(ConsoleSurface(stream=sys.stdout), SiteLinks.of(config.site_base_url))
            report = await sweep(store, index, {"console": console}, now, unrecorded=held)
        finally:
            await store.close()
        for surface, count in sorted(report.unserved.items()):
            print(
                f"figurebot: {count} reminder(s) for {surface} channels left for the running bot",
                file=sys.stderr,
            )
        failed = [d for d in report.deliveries if d.outcome == "failed" or not d.recorded]
        for d in failed:
            problem = d.error or "posted, but the store could not record it"
            print(f"figurebot: {d.due.key.channel}: {problem}", file=sys.stderr)
        return EXIT_FAILED if failed else EXIT_OK

    return _run(job)
