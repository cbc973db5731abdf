"""Book commands: ``ask``, ``check``, ``verify``, ``export``.

None of these import a platform library, so ``figurebot ask`` starts quickly.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from bot.app.config import Config, ConfigError
from bot.cli.commands import help_for
from bot.cli.options import add_config_options, config_from
from bot.core.edition_cache import load_edition
from bot.core.lookup import lookup
from bot.core.message import Kind, Message
from bot.core.pages import SiteLinks
from bot.core.render_text import render
from bot.core.shelf import Edition
from bot.core.text_safety import clean_query
from bot.facts.model import Event, Fact, FactBook, Figure, Part, Source, format_number
from bot.facts.problems import BookError

if TYPE_CHECKING:
    from bot.core.number_check import Verdict

# `ask` and `verify` read the book through the edition cache (bot/core/edition_cache.py), so a
# repeated run skips YAML, validation and indexing; the loader and the draft checker are imported
# only by the commands that use them.

EXIT_OK, EXIT_NOT_ANSWERED, EXIT_USAGE = 0, 1, 2
EXIT_FAILED = 1  # a run that did not complete (export could not write everything)


def open_edition(args: argparse.Namespace) -> tuple[Config, Edition] | None:
    """The config, and the book the flags point at with its index, or print why not (and None)."""
    try:
        config = config_from(args)
    except ConfigError as exc:
        print(f"figurebot: {exc}", file=sys.stderr)
        return None
    try:
        return config, load_edition(config.facts, config.data_dir)
    except BookError as exc:
        print(f"figurebot: the facts file has problems:\n{exc}", file=sys.stderr)
        return None


def open_book(args: argparse.Namespace) -> tuple[Config, FactBook] | None:
    """The config and the book the flags point at, or print why not (and return None)."""
    opened = open_edition(args)
    return (opened[0], opened[1].book) if opened else None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser("ask", help=help_for("ask"), description="Answer a figure question.")
    ask.add_argument("query", nargs="*", help="the question, e.g. how many met officers have convictions")
    ask.add_argument("--format", choices=("text", "json"), default="text")
    ask.add_argument(
        "--batch", metavar="FILE", help="answer one query per line of FILE (- for stdin) as JSON lines"
    )
    add_config_options(ask)
    ask.set_defaults(func=cmd_ask)

    check = sub.add_parser("check", help=help_for("check"), description="Validate a facts file.")
    check.add_argument("path", nargs="?", help="the facts file (default: as for every command)")
    add_config_options(check, facts=False)
    check.set_defaults(func=cmd_check)

    verify = sub.add_parser(
        "verify",
        help=help_for("verify"),
        description="Check every number of an article draft against the book. Exit 0 when no "
        "number differs from the book, 1 when one does, 2 on a usage or file error.",
    )
    verify.add_argument(
        "file", nargs="?", default="-", help="the draft, a UTF-8 text file (- or none: stdin)"
    )
    verify.add_argument("--format", choices=("text", "json"), default="text")
    add_config_options(verify)
    verify.set_defaults(func=cmd_verify)

    export = sub.add_parser("export", help=help_for("export"))
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_config_options(export)
    export.set_defaults(func=cmd_export)


# -- ask -------------------------------------------------------------------------------------


def _ask(edition: Edition, links: SiteLinks | None, query: str) -> Message:
    # Always a figure lookup: text such as "remind off" must not run another command from `ask`.
    # The lookup itself is synchronous: no event loop (nor asyncio's import) for one answer.
    message = lookup(edition, clean_query(query))
    return links.attach(message) if links is not None else message


def message_json(
    query: str, message: Message, book: FactBook, links: SiteLinks | None = None
) -> dict[str, Any]:
    status = {Kind.ANSWER: "answer", Kind.CHOICES: "ambiguous"}.get(message.kind, "not_found")
    fact = book.get(message.ref) if message.ref and message.kind is Kind.ANSWER else None
    return {
        "query": query,
        "status": status,
        "answer": fact_json(fact, links) if fact else None,
        "choices": [{"id": c.ref, "title": c.title, "hint": c.hint} for c in message.choices],
        "text": render(message),
    }


def cmd_ask(args: argparse.Namespace) -> int:
    if not args.query and not args.batch:
        print("figurebot ask: give a question, e.g. figurebot ask convictions", file=sys.stderr)
        return EXIT_USAGE
    opened = open_edition(args)
    if opened is None:
        return EXIT_USAGE
    config, edition = opened
    links = SiteLinks.of(config.site_base_url)
    if args.batch:
        return _ask_batch(edition, links, args.batch)
    query = valid_text(" ".join(args.query))
    message = _ask(edition, links, query)
    if args.format == "json":
        print(json.dumps(message_json(query, message, edition.book, links), ensure_ascii=False))
    else:
        print(render(message))
    return EXIT_OK if message.kind is Kind.ANSWER else EXIT_NOT_ANSWERED


def valid_text(text: str) -> str:
    """Text as valid Unicode: bytes that were not UTF-8 (which Python keeps as lone surrogates in
    command-line arguments) become U+FFFD, so JSON written from it is valid UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _ask_batch(edition: Edition, links: SiteLinks | None, path: str) -> int:
    """One JSON line out for every line in, blank ones included (as an error object), so the
    outputs stay aligned with the inputs; bytes that are not UTF-8 are replaced, never echoed."""
    try:
        if path == "-":
            stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        else:
            stream = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as exc:
        print(f"figurebot ask: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    answered = True
    with stream:
        for line in stream:
            query = line.strip()
            if not clean_query(query):
                print(json.dumps(_blank_json(query), ensure_ascii=False))
                continue
            message = _ask(edition, links, query)
            answered &= message.kind is Kind.ANSWER
            print(json.dumps(message_json(query, message, edition.book, links), ensure_ascii=False))
    return EXIT_OK if answered else EXIT_NOT_ANSWERED


def _blank_json(query: str) -> dict[str, Any]:
    return {
        "query": query,
        "status": "error",
        "error": "no question on this line",
        "answer": None,
        "choices": [],
        "text": "",
    }


# -- check -----------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    path = args.path
    if path is None:
        try:
            path = str(config_from(args).facts)
        except ConfigError as exc:
            print(f"figurebot: {exc}", file=sys.stderr)
            return EXIT_USAGE
    from bot.facts.loader import load_book

    try:
        book = load_book(path)
    except BookError as exc:
        for problem in exc.problems:
            print(problem)
        count = len(exc.problems)
        print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    # Warnings are not defects: a value resting on copies alone is allowed, and answers say so.
    for warning in book.warnings:
        print(warning)
    count = len(book.warnings)
    warned = f", {count} warning{'s' if count != 1 else ''}" if count else ""
    print(
        f"{path}: ok — {len(book.figures)} figures ({book.value_count} values), "
        f"{len(book.events)} events, {book.source_count} sources, "
        f"{len(book.vocabulary)} vocabulary entries{warned}"
    )
    return EXIT_OK


# -- verify ----------------------------------------------------------------------------------


def _read_draft(path: str) -> str | None:
    try:
        if path == "-":
            return sys.stdin.buffer.read().decode("utf-8", errors="replace")
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", errors="replace")
    except OSError as exc:
        print(f"figurebot verify: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return None


def claim_json(verdict: Verdict) -> dict[str, Any]:
    found, book = verdict.found, verdict.book
    tied = verdict.outcome != "unknown" and verdict.fact is not None and book is not None
    return {
        "number": found.text,
        "value": _number(int(found.value) if found.value == int(found.value) else found.value),
        "sentence": found.sentence,
        "verdict": verdict.outcome,
        "fact": verdict.fact.id if tied and verdict.fact else None,
        "book_value": format_number(book.number).replace(",", "") if tied and book else None,
        "as_of": book.as_of.iso if tied and book else None,
    }


def _claim_text(verdict: Verdict) -> str:
    found, book, fact = verdict.found, verdict.book, verdict.fact
    line = f"[{verdict.outcome}] {found.text} — “{found.sentence}”"
    if verdict.outcome == "unknown" or book is None or fact is None:
        return line + "\n    not in the book: nothing to check it against"
    what = f"{fact.title}: {book.part}" if book.part else fact.title
    earlier = " (an earlier value)" if book.earlier else ""
    url = f" {book.sources[0].url}" if book.sources else ""
    return line + f"\n    book: {book.text} as of {book.as_of.display}{earlier}, {what} [{fact.id}]{url}"


def cmd_verify(args: argparse.Namespace) -> int:
    from bot.core.draft_numbers import MAX_DRAFT_NUMBERS
    from bot.core.number_check import judge, numbers_in

    text = _read_draft(args.file)
    if text is None:
        return EXIT_USAGE
    opened = open_edition(args)
    if opened is None:
        return EXIT_USAGE
    verdicts = [judge(opened[1].resolver, found) for found in numbers_in(text, MAX_DRAFT_NUMBERS)]
    if args.format == "json":
        print(json.dumps({"claims": [claim_json(v) for v in verdicts]}, ensure_ascii=False))
    else:
        for verdict in verdicts:
            print(_claim_text(verdict))
        counts = {k: sum(v.outcome == k for v in verdicts) for k in ("matches", "differs", "unknown")}
        print(
            f"{len(verdicts)} number{'s' if len(verdicts) != 1 else ''}: "
            f"{counts['matches']} match, {counts['differs']} differ, "
            f"{counts['unknown']} not in the book."
        )
    return EXIT_NOT_ANSWERED if any(v.outcome == "differs" for v in verdicts) else EXIT_OK


# -- export ----------------------------------------------------------------------------------


def published_precision(source: Source) -> str:
    """ "day", "month", "year", or "inferred" when the page prints no date of its own."""
    return "inferred" if source.published_inferred else source.published.precision.value


def source_json(source: Source) -> dict[str, Any]:
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published": source.published.iso,
        "published_precision": published_precision(source),
        "quote": source.quote,
        "weak": source.weak,
        "copy": source.copy,
    }


def _parts_json(parts: tuple[Part, ...]) -> list[dict[str, Any]]:
    return [
        {
            "label": p.label,
            "value": p.value if isinstance(p.value, str) else _number(p.value),
            "computed": p.computed,
        }
        for p in parts
    ]


def _number(value: Any) -> Any:
    # JSON has no Decimal; a decimal figure is written as a float, an integer stays exact.
    return value if isinstance(value, int) else float(value)


def fact_json(fact: Fact, links: SiteLinks | None = None) -> dict[str, Any]:
    """One export item; ``page`` is its address on the book's website (None without a base URL)."""
    common = {
        "id": fact.id,
        "kind": fact.kind,
        "title": fact.title,
        "page": links.page(fact.id) if links else None,
    }
    if isinstance(fact, Figure):
        return {
            **common,
            "value": _number(fact.value),
            "display": fact.value_text,
            # The value as answers show it, with "only a copy of ... was found" when that is all there is.
            "value_line": fact.value_line,
            "copy_caveat": fact.copy_caveat,
            "computed": fact.computed,
            "qualifier": fact.qualifier,
            "counts": fact.counts,
            "as_of": fact.as_of.iso,
            "statement": fact.statement,
            "other_measure": fact.other_measure.id if fact.other_measure else None,
            "parts": _parts_json(fact.parts),
            "revisions": [
                {
                    "value": _number(r.value),
                    "display": r.value_text,
                    "value_line": r.value_line,
                    "copy_caveat": r.copy_caveat,
                    "computed": r.computed,
                    "qualifier": r.qualifier,
                    "as_of": r.as_of.iso,
                    "counts": r.counts,
                    "parts": _parts_json(r.parts),
                    "note": r.note,
                    "sources": [source_json(s) for s in r.sources],
                }
                for r in fact.revisions
            ],
            "note": fact.note,
            "aliases": list(fact.aliases),
            "tags": list(fact.tags),
            "sources": [source_json(s) for s in fact.sources],
        }
    assert isinstance(fact, Event)
    return {
        **common,
        "date": fact.date.iso,
        "as_of": fact.date.iso,
        "summary": fact.summary,
        "remind": fact.remind,
        "note": fact.note,
        "aliases": list(fact.aliases),
        "tags": list(fact.tags),
        "sources": [source_json(s) for s in fact.sources],
    }


CSV_COLUMNS = (
    "id",
    "kind",
    "value",
    "display",
    "value_line",
    "qualifier",
    "date",
    "as_of",
    "latest",
    "title",
    "text",
    "counts",
    "publisher",
    "url",
    "published",
    "published_precision",
    "quote",
    "page",
)


def csv_rows(book: FactBook, links: SiteLinks | None = None) -> Iterator[dict[str, str]]:
    """One row per value (a figure's latest and each earlier value, each event), first source each,
    and the fact's page when the site's base URL is known."""

    def row(fact: Fact, **values: str) -> dict[str, str]:
        page = links.page(fact.id) if links else ""
        return {"id": fact.id, "kind": fact.kind, "title": fact.title, "page": page, **values}

    def src(sources: tuple[Source, ...]) -> dict[str, str]:
        first = sources[0]
        return {
            "publisher": first.publisher,
            "url": first.url,
            "published": first.published.iso,
            "published_precision": published_precision(first),
            "quote": first.quote,
        }

    for fig in book.figures:
        yield row(
            fig,
            value=format_number(fig.value).replace(",", ""),
            display=fig.value_text,
            value_line=fig.value_line,
            qualifier=fig.qualifier or "",
            as_of=fig.as_of.iso,
            latest="yes",
            text=fig.statement,
            counts=fig.counts,
            **src(fig.sources),
        )
        for rev in fig.revisions:
            yield row(
                fig,
                value=format_number(rev.value).replace(",", ""),
                display=rev.value_text,
                value_line=rev.value_line,
                qualifier=rev.qualifier or "",
                as_of=rev.as_of.iso,
                latest="no",
                text=rev.note or "",
                counts=rev.counts or fig.counts,
                **src(rev.sources),
            )
    for event in book.events:
        yield row(
            event,
            date=event.date.iso,
            as_of=event.date.iso,
            latest="",
            text=event.summary,
            **src(event.sources),
        )


def cmd_export(args: argparse.Namespace) -> int:
    opened = open_book(args)
    if opened is None:
        return EXIT_USAGE
    config, book = opened
    links = SiteLinks.of(config.site_base_url)
    try:
        out: TextIO = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    except OSError as exc:  # a missing folder, a directory, a file we may not write
        print(f"figurebot export: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.format == "json":
            json.dump([fact_json(f, links) for f in book.facts], out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
            writer.writeheader()
            writer.writerows(csv_rows(book, links))
        if out is not sys.stdout:
            out.close()
    except OSError as exc:  # the disk filled up, the device failed
        where = args.output or "stdout"
        print(f"figurebot export: writing {where} failed: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if out is not sys.stdout and not out.closed:
            with contextlib.suppress(OSError):
                out.close()
    return EXIT_OK
