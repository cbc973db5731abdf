"""What `figure <question>` answers, as a plain function of the book's edition: the router's
``figure`` command and ``figurebot ask`` share it, and ``ask`` needs neither the router nor an
event loop for it."""

from __future__ import annotations

from collections import Counter

from bot.core import answers
from bot.core.message import Item, Kind, Message
from bot.core.resolve import Ambiguous, Answer, NoValueAt, Resolver
from bot.core.shelf import Edition
from bot.core.text_safety import echo_text
from bot.facts.model import FactBook


def resolve_message(resolver: Resolver, query: str) -> Message:
    outcome = resolver.resolve(query)
    if isinstance(outcome, Answer):
        return answers.resolved(outcome)
    if isinstance(outcome, NoValueAt):
        return answers.no_value_at(outcome)
    if isinstance(outcome, Ambiguous):
        return answers.choices(echo_text(query), outcome.candidates)
    return answers.not_found(echo_text(query), outcome.suggestions)


def lookup(edition: Edition, args: str) -> Message:
    """What `figure <args>` answers: the topics when nothing is asked. Synchronous, so
    ``figurebot ask`` answers without starting an event loop."""
    if not args:
        return topics(edition.book)
    return resolve_message(edition.resolver, args)


def topics(book: FactBook) -> Message:
    """The most used tags, each with a few figure titles to ask about."""
    tag_counts = Counter(t for f in book.facts for t in f.tags)
    items = []
    for tag, _count in tag_counts.most_common(10):
        examples = [f for f in book.figures if tag in f.tags][:3] or [f for f in book.facts if tag in f.tags][
            :3
        ]
        items.append(
            Item(title=tag, text="; ".join(f"{f.title} (`{f.id}`)" for f in examples), ref=examples[0].id)
        )
    return Message(
        Kind.TOPICS,
        book.title,
        sentence=f"{book.description} {len(book.figures)} figures and {len(book.events)} dated events.",
        items=tuple(items),
        footer="Ask in plain words: `figure convictions`, `figure how many officers were suspended`, "
        "`timeline 2023`.",
    )
