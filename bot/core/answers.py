"""Build ``Message``s from facts and resolutions: one builder per outcome.

The wording for uncertainty follows Limnoria's Factoids: "I don't know X, but I know about ..."
A did-you-mean lists ranked titles and ids, never a number, so it cannot be mistaken for an answer.
"""

from __future__ import annotations

from bot.core.message import Action, Choice, Item, Kind, Line, Message, SourceRef
from bot.core.resolve import Answer, NoValueAt, Scored
from bot.facts.model import Event, Fact, Figure, Part, Revision, Source


def source_ref(source: Source) -> SourceRef:
    return SourceRef(
        publisher=source.publisher,
        title=source.title,
        url=source.url,
        published=source.published_text,
        quote=source.quote,
        weak=source.weak,
    )


# What each settings command changes, and what anyone may still use, for the refusal below.
_MANAGED = {
    "remind": ("reminders", "`remind status` and `upcoming`"),
    "updates": ("book updates", "`updates status`"),
}


def moderators_only(command: str = "remind") -> Message:
    """The refusal for a member who tries to change channel settings (reminders, book updates)."""
    what, open_to_all = _MANAGED.get(command, _MANAGED["remind"])
    return Message(
        Kind.REFUSAL,
        f"Only moderators can change {what} here",
        sentence=(
            f"Changing a channel's {what} needs the Manage Channels permission on Discord, "
            f"or a workspace admin or owner on Slack. Anyone can use {open_to_all}."
        ),
        private=True,
    )


def _revision_line(rev: Revision, counts: str) -> Line:
    """ "161 — serving Met officers with criminal convictions · Evening Standard. Breakdown: ...".
    The definition is repeated only where it differs from the latest value's; a revision's long
    notes stay in `source` and the figure's own note, which explains the change."""
    text = rev.value_text
    if rev.counts and rev.counts != counts:
        text += f" — {rev.counts}"
    if rev.sources:
        text += f" · {rev.sources[0].publisher}"
    if rev.copy_caveat:
        text += f" · {rev.copy_caveat}"
    if rev.parts:
        text += ". Breakdown: " + "; ".join(f"{p.label} {p.display_value}" for p in rev.parts)
    return Line(rev.as_of.display, text)


def _other_measure(fig: Figure) -> Line | None:
    """ "Other measure: 161 — serving Met officers with criminal convictions (convictions only), as of
    6 April 2023 (`officers_with_criminal_convictions`)"."""
    other = fig.other_measure
    if other is None:
        return None
    return Line("Other measure", f"{other.text} (`{other.id}`)")


def all_sources(fact: Fact) -> tuple[Action, ...]:
    """An "All sources" button where the answer shows less than `source <id>` would: earlier
    values (whose sources the answer names only by publisher) or more than one source."""
    has_more = len(fact.sources) > 1 or (isinstance(fact, Figure) and bool(fact.revisions))
    return (Action("All sources", "source", fact.id),) if has_more else ()


def figure_answer(fig: Figure) -> Message:
    return Message(
        Kind.ANSWER,
        fig.title,
        value_line=fig.value_text,
        value_caveat=fig.copy_caveat,
        other_measure=_other_measure(fig),
        sentence=fig.statement,
        as_of=f"As of {fig.as_of.display}",
        parts=tuple(Line(p.label, p.display_value) for p in fig.parts),
        revisions=tuple(_revision_line(r, fig.counts) for r in fig.revisions),
        sources=tuple(source_ref(s) for s in fig.sources),
        note=fig.note,
        footer=f"Counts: {fig.counts}. Ask `source {fig.id}` for every quote.",
        actions=all_sources(fig),
        ref=fig.id,
        link=fig.sources[0].url if fig.sources else None,
    )


def _sources_quoting(sources: tuple[Source, ...], part: Part) -> tuple[Source, ...]:
    """The sources whose quote has the line's number (all of them if none does, or if it is text)."""
    if isinstance(part.value, str):
        return sources
    from bot.facts.quotes import quote_contains  # the number reader, for a line's answer only

    return tuple(s for s in sources if quote_contains(s.quote, part.value)) or sources


def focused_answer(fig: Figure, revision: Revision | None, part: Part | None) -> Message:
    """The value the question asked for first (an earlier value, or one line of a breakdown), in
    its figure's context, with the sources that quote it; the figure's latest value follows."""
    holder = revision or fig
    counts = (revision.counts if revision else None) or fig.counts
    latest = f"The latest value is {fig.value_line}, as of {fig.as_of.display}."
    context = f"{holder.value_text} {counts}, as of {holder.as_of.display}"
    if part is not None:
        title = f"{fig.title}: {part.label}"
        value_line = part.display_value
        sentence = f"{part.label}: {part.display_value}, in the breakdown of {context}."
        sources = _sources_quoting(holder.sources, part)
        parts = tuple(Line(p.label, p.display_value) for p in holder.parts if p is not part)
    else:
        title = fig.title
        value_line = holder.value_line  # with its caveat when it rests on copies alone
        sentence = f"{context}: an earlier value of this measure."
        sources = holder.sources
        parts = tuple(Line(p.label, p.display_value) for p in holder.parts)
    if revision is not None:
        sentence += " " + latest
    others = tuple(_revision_line(r, fig.counts) for r in fig.revisions if r is not revision)
    return Message(
        Kind.ANSWER,
        title,
        value_line=value_line,
        sentence=sentence,
        as_of=f"As of {holder.as_of.display}",
        parts=parts,
        revisions=others,
        sources=tuple(source_ref(s) for s in sources),
        note=(revision.note if revision else None) or fig.note,
        footer=(
            f"Counts: {counts}. Ask `figure {fig.id}` for the latest value, "
            f"`source {fig.id}` for every quote."
        ),
        ref=fig.id,
        link=sources[0].url if sources else None,
    )


def no_value_at(outcome: NoValueAt) -> Message:
    """The question names a time the figure has no value for: say so, and what the book has."""
    fig = outcome.fact
    values: list[Revision | Figure] = [*fig.revisions, fig]  # oldest first
    earliest, latest = values[0], values[-1]
    asked = outcome.asked
    if len(values) == 1:
        has = f"its only value is {fig.value_text}, as of {fig.as_of.display}"
    elif asked and asked[:4].isdigit() and int(asked[:4]) < earliest.as_of.year:
        has = f"its earliest is {earliest.value_text}, as of {earliest.as_of.display}"
    elif asked and asked[-4:].isdigit() and int(asked[-4:]) > latest.as_of.year:
        has = f"its latest is {latest.value_text}, as of {latest.as_of.display}"
    else:
        has = "it has " + "; ".join(f"{v.value_text} as of {v.as_of.display}" for v in values)
    return Message(
        Kind.NOT_FOUND,
        f"No figure for {asked}",
        sentence=f"The book has no figure for {asked} on {fig.title}; {has}.",
        choices=(Choice(fig.id, fig.title, _hint(fig)),),
        footer=f"Ask `figure {fig.id}` for the latest value and its sources.",
        ref=fig.id,
        private=True,
    )


def resolved(outcome: Answer) -> Message:
    """A confident answer, focused on the value the question asked for."""
    fact = outcome.fact
    if isinstance(fact, Figure) and (outcome.revision is not None or outcome.part is not None):
        return focused_answer(fact, outcome.revision, outcome.part)
    return answer(fact)


def event_answer(event: Event) -> Message:
    return Message(
        Kind.ANSWER,
        event.title,
        sentence=event.summary,
        as_of=event.date.display,
        sources=tuple(source_ref(s) for s in event.sources),
        note=event.note,
        footer=f"Ask `source {event.id}` for every quote.",
        actions=all_sources(event),
        ref=event.id,
        link=event.sources[0].url if event.sources else None,
    )


def answer(fact: Fact) -> Message:
    return figure_answer(fact) if isinstance(fact, Figure) else event_answer(fact)


def _hint(fact: Fact) -> str:
    if isinstance(fact, Figure):
        return f"figure, as of {fact.as_of.display}"
    return f"event, {fact.date.display}"


def choice(fact: Fact) -> Choice:
    """A fact offered as a did-you-mean option: its id, title and what it is; never its value."""
    return Choice(fact.id, fact.title, _hint(fact))


def choices(query: str, candidates: tuple[Scored, ...]) -> Message:
    return Message(
        Kind.CHOICES,
        "Did you mean one of these?",
        sentence=f"I'm not sure which fact you mean by “{query}”, but I know about:",
        choices=tuple(choice(s.fact) for s in candidates),
        footer="Ask again with one of the ids, e.g. `figure " + candidates[0].fact.id + "`.",
        echo=query,
        private=True,
    )


def not_found(query: str, suggestions: tuple[Scored, ...] = ()) -> Message:
    if suggestions:
        sentence = f"I don't know “{query}”, but I know about:"
    else:
        sentence = f"I don't know “{query}”. I only answer from the facts book, and nothing in it matches."
    return Message(
        Kind.NOT_FOUND,
        "No matching figure",
        sentence=sentence,
        choices=tuple(choice(s.fact) for s in suggestions),
        footer="Try `figures` for the topics covered, or `help` for the commands.",
        echo=query,
        private=True,
    )


def sources_of(fact: Fact) -> Message:
    refs = [source_ref(s) for s in fact.sources]
    if isinstance(fact, Figure):
        for rev in fact.revisions:
            refs.extend(source_ref(s) for s in rev.sources)
    seen: set[tuple[str, str]] = set()
    unique = []
    for ref in refs:
        if (ref.url, ref.quote) not in seen:
            seen.add((ref.url, ref.quote))
            unique.append(ref)
    weak = any(r.weak for r in unique)
    return Message(
        Kind.SOURCES,
        f"Sources: {fact.title}",
        sentence=f"{len(unique)} source{'s' if len(unique) != 1 else ''} for `{fact.id}`.",
        sources=tuple(unique),
        note="Sources marked (copy) are mirrors or rewrites, not the original publisher's page."
        if weak
        else None,
        ref=fact.id,
        link=unique[0].url if unique else None,
    )


def timeline(title: str, events: list[Event], *, more: int = 0, hint: str = "") -> Message:
    items = tuple(
        Item(
            title=e.title,
            text=e.summary,
            date=e.date.display,
            url=e.sources[0].url if e.sources else "",
            ref=e.id,
        )
        for e in events
    )
    footer = hint
    if more:
        footer = f"{more} more not shown. " + hint
    return Message(Kind.TIMELINE, title, items=items, footer=footer.strip() or None)
