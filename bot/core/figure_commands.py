"""The lookup commands: figure, figures, timeline, source, help."""

from __future__ import annotations

import re

from bot.core import answers
from bot.core.lookup import lookup, resolve_message, topics
from bot.core.message import Item, Kind, Message
from bot.core.resolve import Answer, Resolver
from bot.core.router import Command, Env, command, commands
from bot.core.text_safety import echo_text
from bot.facts.model import Event

TIMELINE_LIMIT = 12
_YEAR = re.compile(r"^(19|20)\d\d$")


@command("figure", usage="figure <question>", summary="A figure or event, with its sources", aliases=("f",))
async def figure(args: str, env: Env) -> Message:
    return lookup(env.shelf.current, args)


@command("figures", usage="figures", summary="The topics the book covers, with examples", aliases=("topics",))
async def figures(args: str, env: Env) -> Message:
    return topics(env.shelf.book)


@command("timeline", usage="timeline [year | words]", summary="Dated events, newest first")
async def timeline(args: str, env: Env) -> Message:
    book = env.shelf.book
    events = list(book.events_by_date(newest_first=True))
    if not args:
        return answers.timeline(
            "Timeline",
            events[:TIMELINE_LIMIT],
            more=max(0, len(events) - TIMELINE_LIMIT),
            hint="Narrow it with a year (`timeline 2023`) or words (`timeline carrick`).",
        )
    if _YEAR.match(args):
        year = int(args)
        picked = [e for e in events if e.date.year == year]
        if not picked:
            years = sorted({e.date.year for e in events})
            return Message(
                Kind.NOT_FOUND,
                f"No events in {year}",
                sentence=f"The book has events from {years[0]} to {years[-1]}.",
                private=True,
            )
        return answers.timeline(f"Timeline {year}", picked)
    return _timeline_search(env.shelf.current.resolver, args)


def _timeline_search(resolver: Resolver, query: str) -> Message:
    ranked = [s for s in resolver.scores(query) if isinstance(s.fact, Event)]
    if not ranked:
        return answers.not_found(echo_text(query))
    floor = ranked[0].score * 0.5
    picked = sorted(
        (s.fact for s in ranked if s.score >= floor and isinstance(s.fact, Event)),
        key=lambda e: (e.date, e.id),
        reverse=True,
    )
    return answers.timeline(f"Timeline: {echo_text(query)}", picked[:TIMELINE_LIMIT])


@command(
    "source",
    usage="source <id>",
    summary="Every source of a figure or event, with quotes",
    aliases=("sources",),
)
async def source(args: str, env: Env) -> Message:
    resolver = env.shelf.current.resolver
    if not args:
        return Message(
            Kind.REFUSAL,
            "Which fact?",
            sentence="Give an id or a few words, e.g. `source carrick_sentenced`.",
            private=True,
        )
    fact = resolver.lookup_id(args)
    if fact is None:
        outcome = resolver.resolve(args)
        if not isinstance(outcome, Answer):
            return resolve_message(resolver, args)
        fact = outcome.fact
    return answers.sources_of(fact)


def _who(cmd: Command) -> str:
    if cmd.manages is True:
        return " (moderators)"
    return " (changes: moderators)" if cmd.manages else ""


@command("help", usage="help", summary="The commands, briefly", aliases=("?",))
async def help_(args: str, env: Env) -> Message:
    items = tuple(Item(title=c.usage, text=c.summary + _who(c)) for c in commands())
    return Message(
        Kind.HELP,
        "figurebot commands",
        sentence="I answer from a sourced facts book and show where every number comes from.",
        items=items,
        footer="Plain words work too: `figure how many officers were suspended`.",
        private=True,
    )
