"""Figures: a value with what it counts, as of a date, its parts, its earlier values (revisions)
and the sources whose quotes state it.

Each value is held to the number-in-quote rule here, while the nodes are at hand: a quote must state
the value (or back some other number the answer shows), and every number in the shown fields must
stand in a quote the field may lean on.
"""

from __future__ import annotations

import calendar
import datetime as dt

from bot.facts.book_checks import Entry, read_entry
from bot.facts.fields import NO_DATE, Reader, plain_fields, shape, snippet
from bot.facts.model import Figure, Number, Part, PartialDate, Revision
from bot.facts.names import fold
from bot.facts.number_checks import (
    FIGURE_SHOWN,
    REVISION_SHOWN,
    hold_figure,
    hold_value,
    shown_keys,
    value_as_quoted,
)
from bot.facts.quotes import describe_forms, quote_contains
from bot.facts.sources import read_sources, warn_copies
from bot.facts.strict_yaml import MappingNode, Node

QUALIFIERS = (
    "around",
    "about",
    "almost",
    "nearly",
    "more than",
    "at least",
    "up to",
    "over",
    "fewer than",
    "less than",
    "roughly",
    "approximately",
)

_FIGURE = shape(
    "a figure",
    "id title value display qualifier computed counts as_of statement aliases tags spelled other_measure"
    " parts revisions note related sources",
    optional="display qualifier computed aliases tags spelled other_measure parts revisions note related",
)
_REVISION = shape(
    "a revision",
    "value display qualifier computed as_of counts parts note sources",
    optional="display qualifier computed counts parts note",
)
_PART = shape("a part", "label value computed", optional="computed")


def read_figure(reader: Reader, node: Node, where: str, entries: list[Entry]) -> Figure | None:
    """One figure, or None when it is not even a mapping; its names go to ``entries``."""
    values = reader.fields(node, where, _FIGURE)
    if values is None:
        return None
    entry = read_entry(reader, values, where, entries)
    other_node = values.get("other_measure")
    other = reader.fact_id(other_node, f"{where}.other_measure")
    if other and other_node is not None:
        entry.other_measure = (other, other_node)
    value = reader.number(values.get("value"), f"{where}.value")
    computed = reader.optional_text(values.get("computed"), f"{where}.computed")
    as_of = reader.date(values.get("as_of"), f"{where}.as_of")
    spelled = tuple(w for w, _ in reader.words(values.get("spelled"), f"{where}.spelled", "spelled forms"))
    revision_items = reader.items(values.get("revisions"), f"{where}.revisions", "revisions")
    revisions = [_revision(reader, r, f"{where}.revisions[{i}]", as_of) for i, r in enumerate(revision_items)]
    cited = read_sources(reader, values.get("sources"), f"{where}.sources", "a figure")
    sources = tuple(c.source for c in cited)
    shown = shown_keys(values, ("value", *FIGURE_SHOWN))
    for item in revision_items:
        if isinstance(item, MappingNode):
            shown |= shown_keys(plain_fields(item), ("value", "computed", *REVISION_SHOWN))
    if computed or value is not None:
        hold_value(reader, None if computed else value, spelled, cited, shown)
    if value is not None:
        warn_copies(reader, values.get("value"), f"{where}.value", sources, value, computed, spelled)
    stated = value_as_quoted(value, spelled, sources)
    hold_figure(
        reader, values, where, sources, [r for r in revisions if r is not None], revision_items, stated
    )
    return Figure(
        id=entry.id,
        title=entry.title,
        value=value if value is not None else 0,
        display=_display(reader, values.get("display"), f"{where}.display", value, spelled),
        qualifier=_qualifier(reader, values.get("qualifier"), f"{where}.qualifier"),
        computed=computed,
        counts=reader.text(values.get("counts"), f"{where}.counts"),
        as_of=as_of or NO_DATE,
        statement=reader.text(values.get("statement"), f"{where}.statement"),
        aliases=tuple(a for a, _ in entry.aliases),
        tags=tuple(t for t, _ in reader.words(values.get("tags"), f"{where}.tags", "tags")),
        spelled=spelled,
        parts=_parts(reader, values.get("parts"), f"{where}.parts"),
        # Oldest first; sorted() is stable, so same-dated revisions keep the file's order.
        revisions=tuple(sorted((r for r in revisions if r is not None), key=lambda r: r.as_of)),
        note=reader.optional_text(values.get("note"), f"{where}.note"),
        related=tuple(r for r, _ in entry.related),
        sources=sources,
    )


def _revision(reader: Reader, node: Node, where: str, figure_as_of: PartialDate | None) -> Revision | None:
    values = reader.fields(node, where, _REVISION)
    if values is None:
        return None
    value = reader.number(values.get("value"), f"{where}.value")
    computed = reader.optional_text(values.get("computed"), f"{where}.computed")
    as_of = reader.date(values.get("as_of"), f"{where}.as_of")
    as_of_node = values.get("as_of")
    if as_of and figure_as_of and as_of_node and as_of.as_date() > _last_day(figure_as_of):
        reader.report(
            as_of_node,
            f"{where}.as_of",
            f"this earlier value is dated {as_of}, after the figure's own as_of {figure_as_of}; "
            "the newest value belongs in the figure's value",
        )
    cited = read_sources(reader, values.get("sources"), f"{where}.sources", "a revision")
    sources = tuple(c.source for c in cited)
    # Spelled forms belong to the figure's latest value; a computed value is in no quote.
    shown = shown_keys(values, ("computed", *REVISION_SHOWN)) | shown_keys(
        {"value": values.get("value")}, ("value",)
    )
    if computed or value is not None:
        hold_value(reader, None if computed else value, (), cited, shown)
    warn_copies(reader, values.get("value"), f"{where}.value", sources, value, computed)
    return Revision(
        value=value if value is not None else 0,
        as_of=as_of or NO_DATE,
        display=_display(reader, values.get("display"), f"{where}.display", value, ()),
        qualifier=_qualifier(reader, values.get("qualifier"), f"{where}.qualifier"),
        computed=computed,
        counts=reader.optional_text(values.get("counts"), f"{where}.counts"),
        parts=_parts(reader, values.get("parts"), f"{where}.parts"),
        note=reader.optional_text(values.get("note"), f"{where}.note"),
        sources=sources,
    )


def _parts(reader: Reader, node: Node | None, where: str) -> tuple[Part, ...]:
    found = []
    for i, item in enumerate(reader.items(node, where, "parts")):
        values = reader.fields(item, f"{where}[{i}]", _PART)
        if values is not None:
            label = reader.text(values.get("label"), f"{where}[{i}].label")
            value = reader.part_value(values.get("value"), f"{where}[{i}].value")
            computed = reader.optional_text(values.get("computed"), f"{where}[{i}].computed")
            found.append(Part(label, value if value is not None else 0, computed))
    return tuple(found)


def _qualifier(reader: Reader, node: Node | None, where: str) -> str | None:
    # Compared and kept folded: "More than" is "more than", the form answers put before the number.
    return reader.choice(node, where, "qualifier", QUALIFIERS, fold)


def _display(
    reader: Reader, node: Node | None, where: str, value: Number | None, spelled: tuple[str, ...]
) -> str | None:
    """How a value reads ("26%", "one in 200"): it must still show the value itself."""
    text = reader.optional_text(node, where)
    if text is None or node is None or value is None:
        return text
    if not quote_contains(text, value, spelled):
        reader.report(
            node,
            where,
            f"display {snippet(text)} does not show the value (looked for {describe_forms(value, spelled)})",
        )
    return text


def _last_day(date: PartialDate) -> dt.date:
    """The last day a partial date may mean (2023-05: 31 May), so a revision dated within the
    figure's own month or year is not taken for a later one."""
    if date.day:
        return date.as_date()
    month = date.month or 12
    return dt.date(date.year, month, calendar.monthrange(date.year, month)[1])
