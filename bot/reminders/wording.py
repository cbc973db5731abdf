"""The words of a reminder: "5 years ago today: …" and "In 7 days: 3 years since …"."""

from __future__ import annotations

from bot.core.answers import source_ref
from bot.core.message import Kind, Message
from bot.facts.model import Event
from bot.reminders.calendar import Occurrence


def years_text(years: int) -> str:
    return "1 year" if years == 1 else f"{years} years"


def reminder_title(occ: Occurrence) -> str:
    text = occ.event.anniversary_text
    if occ.heads_up == 0:
        return f"{years_text(occ.years)} ago today: {text}"
    when = "Tomorrow" if occ.heads_up == 1 else f"In {occ.heads_up} days"
    return f"{when}: {years_text(occ.years)} since {text}"


def reminder_message(occ: Occurrence) -> Message:
    event: Event = occ.event
    note = None
    if occ.moved_from_leap_day:
        note = f"Marked on 28 February because {occ.anniversary.year} has no 29 February."
    return Message(
        kind=Kind.REMINDER,
        title=reminder_title(occ),
        sentence=event.summary,
        as_of=event.date.display,
        sources=tuple(source_ref(s) for s in event.sources),
        note=note,
        ref=event.id,
        link=event.sources[0].url if event.sources else None,
    )
