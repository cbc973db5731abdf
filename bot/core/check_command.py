"""The `check` command: the numbers of a draft, each with a cautious verdict and its source."""

from __future__ import annotations

from bot.core.message import Item, Kind, Message
from bot.core.number_check import MAX_NUMBERS, Verdict, judge, numbers_in
from bot.core.router import Env, command
from bot.core.text_safety import echo_text
from bot.facts.model import Figure, format_number

USAGE = "check <paragraph>"


def _figure_value(figure: Figure) -> str:
    return f"{figure.value_text} as of {figure.as_of.display}{_caveat(figure.copy_caveat)}"


def _caveat(caveat: str | None) -> str:
    # A matched value that rests on copies alone says so, as the answer's value line does.
    return f" · {caveat}" if caveat else ""


def _line(verdict: Verdict) -> Item:
    found, figure = verdict.found, verdict.figure
    quoted = f"“{echo_text(found.sentence)}”"
    if verdict.outcome == "matches" and figure is not None:
        text = f"matches the book: {figure.title}"
        if verdict.earlier:
            rev = next(r for r in figure.revisions if r.value == found.value)
            text += f", as of {rev.as_of.display}{_caveat(rev.copy_caveat)}"
            text += f"; the latest is {_figure_value(figure)}"
            url = rev.sources[0].url if rev.sources else ""
        else:
            text += f", as of {figure.as_of.display}{_caveat(figure.copy_caveat)}"
            url = figure.sources[0].url if figure.sources else ""
        return Item(title=f"{found.text}: {quoted}", text=text + f" (`{figure.id}`)", url=url)
    if verdict.outcome == "differs" and figure is not None:
        text = f"differs: the book has {_figure_value(figure)} for {figure.title} (`{figure.id}`)"
        return Item(title=f"{found.text}: {quoted}", text=text, url=figure.sources[0].url)
    return Item(title=f"{found.text}: {quoted}", text="not in the book: nothing to check it against")


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
