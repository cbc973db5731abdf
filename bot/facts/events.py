"""Events: a dated happening with its summary, anniversary wording and sources, and whether the bot
posts reminders of it.

A reminder needs a day to fall on, and a day that rests on more than a copy: a wrong anniversary
posted to a channel is worse than none.
"""

from __future__ import annotations

from bot.facts.book_checks import Entry, read_entry
from bot.facts.fields import NO_DATE, Reader, shape
from bot.facts.model import Event
from bot.facts.number_checks import EVENT_SHOWN, hold
from bot.facts.number_rule import keys_of
from bot.facts.sources import read_sources
from bot.facts.strict_yaml import Node

_EVENT = shape(
    "an event",
    "id date title summary anniversary remind tags aliases related note sources",
    optional="anniversary remind tags aliases related note",
)


def read_event(reader: Reader, node: Node, where: str, entries: list[Entry]) -> Event | None:
    """One event, or None when it is not even a mapping; its names go to ``entries``."""
    values = reader.fields(node, where, _EVENT)
    if values is None:
        return None
    entry = read_entry(reader, values, where, entries)
    date = reader.date(values.get("date"), f"{where}.date")
    remind_node = values.get("remind")
    remind = reader.flag(remind_node, f"{where}.remind")
    if remind and remind_node is not None and date is not None and not date.day:
        reader.report(
            remind_node,
            f"{where}.remind",
            f"remind: true needs a date with a day, but the date is {date} "
            "(give the full date or set remind: false)",
        )
    sources = tuple(
        c.source for c in read_sources(reader, values.get("sources"), f"{where}.sources", "an event")
    )
    if remind and remind_node is not None and sources and all(s.weak for s in sources):
        reader.report(
            remind_node,
            f"{where}.remind",
            "remind: true needs a day that a source other than a copy gives "
            "(every source here is weak; set remind: false)",
        )
    keys = keys_of(s.quote for s in sources)
    for name in EVENT_SHOWN:
        hold(reader, values.get(name), f"{where}.{name}", keys, "this fact's sources")
    return Event(
        id=entry.id,
        date=date or NO_DATE,
        title=entry.title,
        summary=reader.text(values.get("summary"), f"{where}.summary"),
        anniversary=reader.optional_text(values.get("anniversary"), f"{where}.anniversary"),
        remind=remind,
        tags=tuple(t for t, _ in reader.words(values.get("tags"), f"{where}.tags", "tags")),
        aliases=tuple(a for a, _ in entry.aliases),
        related=tuple(r for r, _ in entry.related),
        note=reader.optional_text(values.get("note"), f"{where}.note"),
        sources=sources,
    )
