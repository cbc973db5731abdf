"""Checks across the whole book: ids unique, no name (id, title, alias) leading to two facts,
``related`` and ``other_measure`` naming facts that exist.

They run after every record was read, on an ``Entry`` kept for each figure and event even when the
record has other problems, so one run reports a clash together with whatever else is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.facts.fields import Reader, line_of, shape, snippet, suggestion
from bot.facts.model import Figure, MeasureLink
from bot.facts.names import fold
from bot.facts.strict_yaml import MappingNode, Node

_QUESTION_ALIAS = shape("a question alias", "question")
# An alias that starts like a question ("how many ...", "when was ...") rather than a name.
_QUESTION = re.compile(r"(?:how|when|what|which|who|whom|whose|why|where|is|are|was|were|did|does|do)\b")


@dataclass
class Entry:
    """What the whole-book checks need from one figure or event, kept even if it has other problems."""

    where: str
    id: str = ""
    id_node: Node | None = None
    title: str = ""
    title_node: Node | None = None
    aliases: list[tuple[str, Node]] = field(default_factory=list)
    related: list[tuple[str, Node]] = field(default_factory=list)
    other_measure: tuple[str, Node] | None = None


def read_entry(reader: Reader, values: dict[str, Node], where: str, entries: list[Entry]) -> Entry:
    """The names of one figure or event (id, title, aliases, related ids), added to ``entries``."""
    entry = Entry(
        where=where,
        id=reader.fact_id(values.get("id"), f"{where}.id"),
        id_node=values.get("id"),
        title=reader.text(values.get("title"), f"{where}.title"),
        title_node=values.get("title"),
        aliases=_aliases(reader, values.get("aliases"), f"{where}.aliases"),
        related=reader.words(values.get("related"), f"{where}.related", "ids"),
    )
    entries.append(entry)
    return entry


def _aliases(reader: Reader, node: Node | None, where: str) -> list[tuple[str, Node]]:
    """Names people use for a fact. An alias shaped like a whole question ("how many ...") is
    usually a test phrasing copied into the book: the resolver should understand questions
    without it, so it draws a warning unless written as ``{question: ...}`` on purpose."""
    found = []
    for i, item in enumerate(reader.items(node, where, "aliases")):
        marked = isinstance(item, MappingNode)
        if marked:
            values = reader.fields(item, f"{where}[{i}]", _QUESTION_ALIAS)
            item = (values or {}).get("question", item)
            if values is None or "question" not in values:
                continue
        alias = reader.text(item, f"{where}[{i}]")
        if not alias:
            continue
        if not marked and (_QUESTION.match(fold(alias)) or alias.endswith("?")):
            reader.warn(
                item,
                f"{where}[{i}]",
                f"alias {snippet(alias)} is a whole question; aliases are names people use. "
                "Remove it, or write it as {question: ...} if the question really is its name",
            )
        found.append((alias, item))
    return found


def check_names(reader: Reader, entries: list[Entry]) -> None:
    """Ids unique; titles and aliases never name two facts; related ids exist."""
    by_id: dict[str, Entry] = {}
    for entry in entries:
        if not entry.id or entry.id_node is None:
            continue
        first = by_id.get(entry.id)
        if first is None:
            by_id[entry.id] = entry
        else:
            reader.report(
                entry.id_node,
                f"{entry.where}.id",
                f"duplicate id {snippet(entry.id)} (first at line {line_of(first.id_node)}, {first.where})",
            )

    # Every name a person may type, folded, with the fact it leads to and what kind of name it is.
    names: dict[str, tuple[Entry, str, Node]] = {}
    for entry in entries:
        if entry.id and entry.id_node is not None:
            names.setdefault(fold(entry.id), (entry, "the id", entry.id_node))
    for entry in entries:
        if not entry.title or entry.title_node is None:
            continue
        owner = names.setdefault(fold(entry.title), (entry, "the title", entry.title_node))
        if owner[0] is not entry:
            reader.report(
                entry.title_node,
                f"{entry.where}.title",
                f"title {snippet(entry.title)} is already {_naming(owner)}; two facts cannot share a name",
            )
    for entry in entries:
        for i, (alias, node) in enumerate(entry.aliases):
            owner = names.setdefault(fold(alias), (entry, "an alias", node))
            if owner[2] is node or (owner[0] is entry and owner[1] != "an alias"):
                continue  # new, or the fact's own id or title said again: harmless
            clash = (
                f"is given twice (first at line {line_of(owner[2])})"
                if owner[0] is entry
                else f"is already {_naming(owner)}"
            )
            reader.report(node, f"{entry.where}.aliases[{i}]", f"alias {snippet(alias)} {clash}")

    known = list(by_id)
    for entry in entries:
        for i, (target, node) in enumerate(entry.related):
            if target == entry.id:
                reader.report(node, f"{entry.where}.related[{i}]", f"{snippet(target)} is this fact's own id")
            elif target not in by_id:
                hint = suggestion(target, known)
                reader.report(node, f"{entry.where}.related[{i}]", f"unknown id {snippet(target)}{hint}")


def link_measures(reader: Reader, figures: list[Figure], entries: list[Entry]) -> tuple[Figure, ...]:
    """Fill each figure's ``other_measure`` from the figure it names, which must be another figure."""
    by_id = {f.id: f for f in figures}
    events = {e.id for e in entries if e.where.startswith("events")}
    linked = []
    for figure in figures:
        entry = next((e for e in entries if e.id == figure.id and e.where.startswith("figures")), None)
        if entry is None or entry.other_measure is None:
            linked.append(figure)
            continue
        target, node = entry.other_measure
        other = by_id.get(target)
        if target == figure.id:
            reader.report(node, f"{entry.where}.other_measure", f"{snippet(target)} is this figure's own id")
        elif other is None:
            kind = "an event, not a figure" if target in events else "not the id of a figure"
            reader.report(node, f"{entry.where}.other_measure", f"{snippet(target)} is {kind}")
        else:
            link = MeasureLink(other.id, other.title, other.counts, other.value_line, other.as_of)
            figure = replace(figure, other_measure=link)
        linked.append(figure)
    return tuple(linked)


def _naming(owner: tuple[Entry, str, Node]) -> str:
    entry, kind, node = owner
    return f"{kind} of {entry.where} (line {line_of(node)})"
