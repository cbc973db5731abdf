"""``figurebot site``: build the book's static website into a folder, then check its links."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli.book_cmds import EXIT_OK, EXIT_USAGE, open_book
from bot.cli.commands import help_for
from bot.cli.options import add_config_options
from bot.core.pages import normalise_base_url

EXIT_BROKEN_LINKS = 1
SHOWN_PROBLEMS = 20  # one mistake in a template breaks a link on every page: show the pattern


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    site = sub.add_parser(
        "site",
        help=help_for("site"),
        description="Build a static website from the facts book into a folder: publish the folder "
        "on any static host. The links of every page are checked after the build.",
    )
    site.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to build into")
    site.add_argument(
        "--base-url",
        metavar="URL",
        help="where the folder will be published, e.g. https://facts.example.org/met/ "
        "(default: FIGUREBOT_SITE_URL, [site] base_url); makes canonical and feed links absolute",
    )
    site.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        type=dt.date.fromisoformat,
        help="build as of this day: the anniversaries feed counts to it (default: today in the "
        "reminders time zone)",
    )
    add_config_options(site)
    site.set_defaults(func=cmd_site)


def cmd_site(args: argparse.Namespace) -> int:
    from bot.site import SiteError, build_site
    from bot.site.linkcheck import check_site

    opened = open_book(args)
    if opened is None:
        return EXIT_USAGE
    config, book = opened
    try:
        base_url = normalise_base_url(args.base_url) if args.base_url else config.site_base_url
    except ValueError as exc:
        print(f"figurebot site: --base-url: {exc}", file=sys.stderr)
        return EXIT_USAGE
    zone = ZoneInfo(config.timezone)
    folder = Path(args.output)
    try:
        built = build_site(book, folder, base_url=base_url, today=args.date, zone=zone)
    except SiteError as exc:
        print(f"figurebot site: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report = check_site(folder, base_url)
    print(
        f"{folder}: {built.pages} pages ({len(book.figures)} figures, {len(book.events)} events, "
        f"topics, timeline), {built.charts} charts, feed.xml, search.json"
        + (f"; removed {len(built.removed)} old files" if built.removed else "")
    )
    broken = len(report.problems)
    print(f"links: {report.internal:,} internal, {report.external:,} to sources, {broken} broken")
    for problem in report.problems[:SHOWN_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if broken > SHOWN_PROBLEMS:
        print(f"  … and {broken - SHOWN_PROBLEMS} more", file=sys.stderr)
    if not base_url:
        print(
            "(no base URL: links between pages are relative; set [site] base_url or --base-url "
            "for canonical links, an absolute feed, and links from chat answers)"
        )
    return EXIT_BROKEN_LINKS if report.problems else EXIT_OK
