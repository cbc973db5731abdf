"""The `check` command: the numbers of a draft, each with a cautious verdict and its source."""

from __future__ import annotations

from bot.core.message import Item, Kind, Message
from bot.core.number_check import MAX_NUMBERS, Verdict, judge, numbers_in
from bot.core.router import Env, command
from bot.core.text_safety import echo_text
from bot.facts.model import Figure, format_number

USAGE = "check <paragraph>"


def _line(verdict: Verdict) -> Item:
    found, fact, book = verdict.found, verdict.fact, verdict.book
    quoted = f"“{echo_text(found.clause)}”"
    title = f"{found.text}: {quoted}"
    if fact is None or book is None:
        return Item(title=title, text="not in the book: nothing to check it against")
    url = book.sources[0].url if book.sources else ""
    what = f"{fact.title}: {book.part}" if book.part else fact.title
    if verdict.outcome == "matches":
        text = f"matches the book: {what}, {book.text} as of {book.as_of.display}"
        if book.earlier and isinstance(fact, Figure):
            text += f" (an earlier value; the latest is {fact.value_line} as of {fact.as_of.display})"
        return Item(title=title, text=text + f" (`{fact.id}`)", url=url)
    text = f"differs: the book has {book.text} as of {book.as_of.display} for {what} (`{fact.id}`)"
    return Item(title=title, text=text, url=url)


@command("check", usage=USAGE, summary="Check the numbers in a paragraph against the book")
async def check(args: str, env: Env) -> Message:
    found = numbers_in(args)
    if not found:
        return Message(
            Kind.REFUSAL,
            "No numbers to check",
            sentence="Paste a sentence or a paragraph with numbers in it, e.g. "
            "`check 161 Met officers have criminal convictions`.",
            private=True,
        )
    resolver = env.shelf.current.resolver
    verdicts = [judge(resolver, f) for f in found]
    counts = {k: sum(v.outcome == k for v in verdicts) for k in ("matches", "differs", "unknown")}
    more = len(found) == MAX_NUMBERS
    return Message(
        Kind.STATUS,
        "Numbers checked against the book",
        sentence=(
            f"{format_number(len(found))} number{'s' if len(found) != 1 else ''}"
            f"{' (the first ten)' if more else ''}: {counts['matches']} match, {counts['differs']} differ, "
            f"{counts['unknown']} not in the book."
        ),
        items=tuple(_line(v) for v in verdicts),
        footer="A match means the book has that number for that figure: open the source before you rely on "
        "it. Ask `figure <id>` for the full answer.",
        echo=echo_text(args),
        private=True,
    )
