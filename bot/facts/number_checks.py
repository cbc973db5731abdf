"""The number-in-quote rule applied to a record's nodes: which shown field leans on which quotes.

``number_rule`` says what one text may show given a set of quoted numbers; this module walks a
figure, its revisions and parts, or an event, and reports each number at its own line and column.
It reads the nodes again rather than the built records, so a problem elsewhere in a record never
hides a number that no quote states.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

from bot.facts.fields import Reader, join, plain_fields, snippet
from bot.facts.model import Number, Revision, Source
from bot.facts.number_rule import Key, Mention, evaluative, keys_of, unsupported
from bot.facts.numbers import shown_numbers
from bot.facts.problems import Problem
from bot.facts.quotes import describe_forms, quote_contains, with_digits
from bot.facts.sources import Cited
from bot.facts.strict_yaml import BOOL, NULL, MappingNode, Node, ScalarNode, SequenceNode, position

# The fields of each record whose text an answer shows, held to the quotes (the value itself has
# its own rule: a quote must state it, and every other quote must back some number shown).
FIGURE_SHOWN = ("title", "display", "computed", "counts", "statement", "note")
REVISION_SHOWN = ("display", "counts", "note")
EVENT_SHOWN = ("title", "summary", "anniversary", "note")


def value_as_quoted(
    value: Number | None, spelled: tuple[str, ...], sources: tuple[Source, ...]
) -> frozenset[Key]:
    """The value as its quotes write it, a declared spelled form read as digits: "Two and a half per
    cent" states the percentage 2.5, which the number reader alone cannot see."""
    if value is None:
        return frozenset()
    written = keys_of(with_digits(s.quote, value, spelled) for s in sources)
    return frozenset(key for key in written if key[1] == Fraction(value))


def hold_value(
    reader: Reader,
    value: Number | None,
    spelled: tuple[str, ...],
    cited: list[Cited],
    shown: frozenset[Key],
) -> None:
    """The value stands in at least one quote; every other quote backs some number the answer shows.

    A quote that states neither is either a typo in the value or evidence for nothing shown.
    ``value`` is None for a computed value, which no quote states.
    """
    stating = [value is not None and quote_contains(c.source.quote, value, spelled) for c in cited]
    for c, states in zip(cited, stating, strict=True):
        if states or c.node is None or not c.source.quote:
            continue
        if value is None or any(stating):
            if keys_of([c.source.quote]) & shown:
                continue
            reader.report(
                c.node, c.where, f"quote backs no number this answer shows: {snippet(c.source.quote)}"
            )
        else:
            reader.report(
                c.node,
                c.where,
                f"quote does not contain the number (looked for {describe_forms(value, spelled)}): "
                f"{snippet(c.source.quote)}",
            )


def hold_figure(
    reader: Reader,
    values: dict[str, Node],
    where: str,
    sources: tuple[Source, ...],
    revisions: list[Revision],
    revision_items: list[Node],
    stated: frozenset[Key],
) -> None:
    """Hold every number a figure's answer shows to its quotes.

    The latest value's parts lean on the figure's own sources; its title, statement, counts and
    note may also lean on the sources of earlier values (they explain the series); an earlier
    value's fields lean on its own sources or the figure's. ``stated`` is the value itself when a
    quote gives it in a declared spelled form ("307, 452"), which the number reader cannot see.
    """
    own = keys_of(s.quote for s in sources) | stated
    every = own | keys_of(s.quote for r in revisions for s in r.sources)
    whose = "this fact's sources"
    _hold_shown(reader, values, where, ("display",), own, whose)
    _hold_shown(reader, values, where, ("title", "counts", "statement", "note"), every, whose)
    _hold_parts(reader, values.get("parts"), f"{where}.parts", own, "this fact's sources")
    for i, item in enumerate(revision_items):
        if not isinstance(item, MappingNode):
            continue
        fields = plain_fields(item)
        keys = own | keys_of(_quotes_under(fields.get("sources")))
        whose = "this earlier value's sources or the fact's"
        _hold_shown(reader, fields, f"{where}.revisions[{i}]", REVISION_SHOWN, keys, whose)
        _hold_parts(reader, fields.get("parts"), f"{where}.revisions[{i}].parts", keys, whose)


def _hold_parts(reader: Reader, node: Node | None, where: str, keys: frozenset[Key], whose: str) -> None:
    if not isinstance(node, SequenceNode):
        return
    for i, item in enumerate(node.value):
        if isinstance(item, MappingNode):
            _hold_shown(reader, plain_fields(item), f"{where}[{i}]", ("label", "value"), keys, whose)


def _hold_shown(
    reader: Reader,
    fields: dict[str, Node],
    where: str,
    names: tuple[str, ...],
    keys: frozenset[Key],
    whose: str,
) -> None:
    """Hold the named fields to the quotes: a declared ``computed`` value is exempt, its workings not."""
    for name in (*names, "computed"):
        if name in ("value", "display") and "computed" in fields:
            continue
        hold(reader, fields.get(name), join(where, name), keys, whose)


def hold(reader: Reader, node: Node | None, where: str, keys: frozenset[Key], whose: str) -> None:
    """Report each number in a shown scalar that no quote behind ``keys`` contains."""
    if not isinstance(node, ScalarNode) or node.tag in (NULL, BOOL):
        return
    text = str(node.value)
    for mention in unsupported(text, keys):
        line, col = _locate(reader.text_read, node, text, mention)
        reader.problems.append(
            Problem(reader.path, line, col, where, f"{mention.text} is in no quote of {whose}")
        )
    for word, mention in evaluative(text):
        line, col = _locate(reader.text_read, node, text, mention)
        reader.problems.append(
            Problem(
                reader.path,
                line,
                col,
                where,
                f"{word!r} before {mention.text} judges the number; attribute it or drop the word",
            )
        )


def shown_keys(values: Mapping[str, Node | None], names: tuple[str, ...]) -> frozenset[Key]:
    """Every number the named fields show, with the labels and values of their parts."""
    texts = [str(n.value) for n in (values.get(name) for name in names) if isinstance(n, ScalarNode)]
    parts = values.get("parts")
    if isinstance(parts, SequenceNode):
        for item in parts.value:
            if isinstance(item, MappingNode):
                texts += [str(v.value) for v in plain_fields(item).values() if isinstance(v, ScalarNode)]
    return frozenset(m.key for text in texts for m in shown_numbers(text))


def _locate(file_text: str, node: Node, text: str, mention: Mention) -> tuple[int, int]:
    """Line and column of ``mention`` in the file; the scalar's start if it cannot be pinned down
    (a folded scalar may have broken the number's words across lines)."""
    start, end = node.start_mark, node.end_mark
    if start is None or end is None:
        return position(node)
    nth = text.count(mention.text, 0, mention.start)
    pattern = r"\s+".join(re.escape(word) for word in mention.text.split())
    matches = list(re.finditer(pattern, file_text[start.index : end.index]))
    if nth >= len(matches):
        return position(node)
    index = start.index + matches[nth].start()
    line_start = file_text.rfind("\n", 0, index) + 1
    return file_text.count("\n", 0, index) + 1, index - line_start + 1


def _quotes_under(node: Node | None) -> list[str]:
    """The quotes of a list of sources, read straight from the nodes."""
    quotes = []
    if isinstance(node, SequenceNode):
        for item in node.value:
            if isinstance(item, MappingNode):
                quotes += [
                    str(v.value)
                    for k, v in item.value
                    if isinstance(k, ScalarNode) and k.value == "quote" and isinstance(v, ScalarNode)
                ]
    return quotes
