"""``figurebot chart ID``: a figure's history or breakdown as a PNG or SVG file.

The charts package is imported only when this command runs (and the drawing library only when
the chart is drawn), so registering the command costs ``figurebot ask`` nothing at start.
``[charts] enabled`` does not apply here: asking for a file is asking.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.book_cmds import EXIT_NOT_ANSWERED, EXIT_OK, EXIT_USAGE, open_book
from bot.cli.commands import help_for
from bot.cli.options import add_config_options
from bot.core.resolve import Resolver
from bot.facts.model import FactBook, Figure

FORMATS = ("png", "svg")
KINDS = ("history", "breakdown")  # bot.charts.ChartKind's values, without importing it at start


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chart = sub.add_parser(
        "chart",
        help=help_for("chart"),
        description="Draw a figure's history (every value over time) or its breakdown, from the book alone.",
    )
    chart.add_argument("id", help="the figure's id, e.g. officers_with_criminal_records")
    chart.add_argument(
        "--kind",
        choices=KINDS,
        help="history or breakdown (default: the history when the figure has earlier values)",
    )
    chart.add_argument(
        "-o", "--output", metavar="FILE", help="where to write (default: ID-KIND.FORMAT here; - for stdout)"
    )
    chart.add_argument("--format", choices=FORMATS, help="png or svg (default: from FILE's suffix, else png)")
    add_config_options(chart)
    chart.set_defaults(func=cmd_chart)


def _format(args: argparse.Namespace) -> str | None:
    """The format asked for, or None (after saying why) when the flag and the file name disagree."""
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output and args.output != "-" else ""
    if args.format and suffix in FORMATS and suffix != args.format:
        print(f"figurebot chart: --format {args.format} but the file is named {args.output}", file=sys.stderr)
        return None
    return str(args.format or (suffix if suffix in FORMATS else "png"))


def _unknown(book: FactBook, fact_id: str) -> str:
    if book.get(fact_id) is not None:
        return f"figurebot chart: {fact_id} is an event; only figures have charts"
    nearby = [f.id for f in Resolver(book).suggest(fact_id, limit=8) if isinstance(f, Figure)][:3]
    hint = f"; did you mean {', '.join(nearby)}?" if nearby else ""
    return f"figurebot chart: no figure {fact_id!r} in the book{hint}"


def _no_chart(book: FactBook, figure: Figure, kind: str | None) -> str:
    from bot.charts import kinds, other_measure

    has = [k.value for k in kinds(figure, other_measure(book, figure))]
    if not has:
        return f"figurebot chart: {figure.id} has one value and no breakdown of counts: nothing to draw"
    return f"figurebot chart: {figure.id} has no {kind} chart (it has: {', '.join(has)})"


def cmd_chart(args: argparse.Namespace) -> int:
    fmt = _format(args)
    if fmt is None:
        return EXIT_USAGE
    opened = open_book(args)
    if opened is None:
        return EXIT_USAGE
    _, book = opened
    figure = book.get(args.id)
    if not isinstance(figure, Figure):
        print(_unknown(book, args.id), file=sys.stderr)
        return EXIT_NOT_ANSWERED
    from bot.charts import draw_chart

    drawing = draw_chart(book, figure.id, args.kind, fmt)
    if drawing is None:
        print(_no_chart(book, figure, args.kind), file=sys.stderr)
        return EXIT_NOT_ANSWERED
    if args.output == "-":
        sys.stdout.buffer.write(drawing.data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    path = Path(args.output or drawing.filename)
    try:
        path.write_bytes(drawing.data)
    except OSError as exc:
        print(f"figurebot chart: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(path)
    return EXIT_OK
