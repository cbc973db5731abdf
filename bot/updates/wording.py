"""The words of an update post: "Suspended Met officers: 202 now (was 201, 18 September 2023)".

One change is one post with the statement, the as-of date and the source that quotes the new
value; several changes from one batch are one digest listing the first few. Posts are ordinary
``Message``s, so every surface renders and escapes them as it does answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.message import Item, Kind, Message
from bot.facts.model import copy_mark
from bot.updates.changes import ChangeKind, FactState, Update

DIGEST_SHOWN = 5  # a digest lists this many; the rest are counted
PageUrl = Callable[[str], str | None]  # fact id -> its page on the book's site, when there is one


def _value(state: FactState) -> str:
    return state.value_text or state.value or ""


def _date(state: FactState) -> str:
    return state.date.display


def headline(update: Update) -> str:
    state, was = update.state, update.was
    if update.kind is ChangeKind.NEW_EVENT:
        return f"New in the timeline: {state.title} ({_date(state)})"
    if update.kind is ChangeKind.NEW_FIGURE or was is None:
        return f"New figure: {state.title}: {_value(state)} ({_date(state)})"
    if update.kind is ChangeKind.NEW_VALUE:
        return f"{state.title}: {_value(state)} now (was {_value(was)}, {_date(was)})"
    if was.as_of == state.as_of:
        return f"Corrected: {state.title}: {_value(state)} for {_date(state)}; the book said {_value(was)}"
    return (
        f"Corrected: {state.title}: {_value(state)} for {_date(state)}; "
        f"the book said {_value(was)} for {_date(was)}"
    )


def _as_of(state: FactState) -> str:
    return f"As of {_date(state)}" if state.kind == "figure" else _date(state)


def _ask(state: FactState) -> str:
    return f"`figure {state.fact_id}`" if state.kind == "figure" else f"`source {state.fact_id}`"


def update_message(updates: Sequence[Update], page_url: PageUrl | None = None) -> Message:
    """One post for ``updates`` (at least one): the change itself, or a digest of them."""
    if not updates:
        raise ValueError("an update post needs at least one change")
    if len(updates) == 1:
        return _single(updates[0], page_url)
    return _digest(updates, page_url)


def _single(update: Update, page_url: PageUrl | None) -> Message:
    state = update.state
    page = page_url(state.fact_id) if page_url else None
    footer = f"Full history and sources: {page}" if page else f"Ask {_ask(state)} for the full history."
    return Message(
        Kind.UPDATE,
        headline(update),
        sentence=state.statement or None,
        as_of=_as_of(state),
        sources=(state.source,) if state.source else (),
        footer=footer,
        ref=state.fact_id,
        link=page or (state.source.url if state.source else None),
    )


def _digest(updates: Sequence[Update], page_url: PageUrl | None) -> Message:
    items = []
    for update in updates[:DIGEST_SHOWN]:
        state, source = update.state, update.state.source
        page = page_url(state.fact_id) if page_url else None
        text = state.statement
        if source is not None:
            text += f" ({source.publisher}{copy_mark(source.publisher, source.weak)}, {source.published})"
        items.append(
            Item(
                title=headline(update),
                text=text,
                url=page or (source.url if source else ""),
                ref=state.fact_id,
            )
        )
    rest = len(updates) - DIGEST_SHOWN
    more = f"…and {rest} more. " if rest > 0 else ""
    return Message(
        Kind.UPDATE,
        f"The facts book changed: {len(updates)} updates",
        items=tuple(items),
        footer=f"{more}Ask `figure <id>` for any of them, with every source.",
        ref=",".join(u.state.fact_id for u in updates[:DIGEST_SHOWN]),
    )
