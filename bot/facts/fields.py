"""Reading the fields of a facts file's node tree: mappings of known fields, lists, text, numbers,
dates and flags, each checked for its shape.

Every reader reports what is wrong to the ``Reader`` and returns a stand-in value (``""``, ``None``,
``NO_DATE``), so the walk carries on and a curator sees every defect of the file in one run. The
record readers (sources, figures, events, vocabulary) and the whole-book checks are built on these.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.facts.model import Number, PartialDate
from bot.facts.problems import Problem
from bot.facts.strict_yaml import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    position,
)

_ID = re.compile(r"[a-z0-9][a-z0-9_]*\Z")
# ASCII digits only: "٢٠٢٣" must not pass as a year, nor "١٢" as a figure.
_DATE_SHAPE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?\Z", re.ASCII)
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9]\d*)\Z", re.ASCII)
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\Z", re.ASCII)
_GROUPED_NUMBER = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\Z", re.ASCII)
_SNIPPET = 60  # characters of a bad value quoted back in a message
_TRUE = frozenset({"yes", "true", "on"})  # what PyYAML resolves as true, lowercased

NO_DATE = PartialDate(1)  # stands in for an unreadable date; never reaches a built book


@dataclass(frozen=True)
class Shape:
    """The fields one kind of mapping may have, in the order the format documents them."""

    what: str
    fields: tuple[str, ...]
    required: frozenset[str]


def shape(what: str, fields: str, optional: str = "") -> Shape:
    """A ``Shape`` from space-separated names: every field is required unless named in ``optional``."""
    names = tuple(fields.split())
    return Shape(what, names, frozenset(names) - frozenset(optional.split()))


def join(where: str, name: str) -> str:
    """A field's path for messages: "figures[3]" and "value" make "figures[3].value"."""
    return f"{where}.{name}" if where else name


def snippet(text: str) -> str:
    """A value quoted back in a message, cut short so a long one cannot drown the message."""
    return repr(text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…")


def suggestion(name: str, choices: Sequence[str]) -> str:
    """The hint after a misspelt field name or id: " (did you mean 'x'?)", or "" if none is close."""
    close = difflib.get_close_matches(name[:_SNIPPET], choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def describe(node: Node) -> str:
    """A node as a curator would name it: "a list", "text 'x'", "the number 5"."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing"
    if node.tag == BOOL:
        return f"the true/false value {node.value!r}"
    if node.tag in (INT, FLOAT):
        return f"the number {node.value}"
    return f"text {snippet(node.value)}"


def _kind(node: Node) -> str:
    """A node's kind, without its content."""
    if isinstance(node, ScalarNode):
        return "a single value (plain text, not YAML fields)"
    return describe(node)


def _decimal(text: str) -> Decimal | None:
    """A decimal from the text as written, so 0.1 stays exactly 0.1 (never via float)."""
    cleaned = text.strip().replace("_", "")
    return Decimal(cleaned) if _PLAIN_DECIMAL.match(cleaned) else None


def _number_hint(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        return ""
    raw = str(node.value).strip()
    if _GROUPED_NUMBER.match(raw):
        return f" (write it without separators: {raw.replace(',', '')})"
    if raw.endswith("%") and _decimal(raw[:-1]) is not None:
        return f" (write {raw[:-1]} and say it is a percentage in 'counts')"
    return ""


def plain_fields(node: MappingNode) -> dict[str, Node]:
    """A mapping's value nodes by field name, without checks (they were made elsewhere)."""
    return {str(k.value): v for k, v in node.value if isinstance(k, ScalarNode)}


def line_of(node: Node | None) -> int:
    """The line a node starts on, for messages that point back at an earlier place."""
    return position(node)[0] if node is not None else 1


class Reader:
    """The problems and warnings found in one file so far, and the readers that find them.

    One instance walks one file; its text is kept so that a number inside a long scalar can be
    reported at its own line and column.
    """

    def __init__(self, path: str, text_read: str) -> None:
        self.path = path
        self.text_read = text_read
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def report(self, node: Node, where: str, message: str) -> None:
        line, col = position(node)
        self.problems.append(Problem(self.path, line, col, where, message))

    def warn(self, node: Node, where: str, message: str) -> None:
        line, col = position(node)
        self.warnings.append(Problem(self.path, line, col, where, f"warning: {message}"))

    # -- mappings and lists ---------------------------------------------------------------------

    def fields(self, node: Node | None, where: str, shape: Shape) -> dict[str, Node] | None:
        """The value node of each known field; reports repeated, unknown and missing fields."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            if where:
                self.report(node, where, f"expected {shape.what} (a mapping of fields), got {describe(node)}")
            else:
                # Not even the file's shape is right: it may be any file the path happens to lead
                # to, so none of its content is quoted back (only its kind).
                self.report(node, "", f"expected a mapping with book, figures and events, got {_kind(node)}")
            return None
        keys: dict[str, Node] = {}
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, where, f"a field name must be plain text, not {describe(key_node)}")
                continue
            name = str(key_node.value)
            if name in keys:
                first = position(keys[name])[0]
                self.report(
                    key_node, join(where, name), f"duplicate key {snippet(name)} (first at line {first})"
                )
                continue
            keys[name] = key_node
            if name in shape.fields:
                values[name] = value_node
            else:
                self.report(key_node, join(where, name), _unknown_field(name, shape))
        for name in shape.fields:
            if name in shape.required and name not in keys:
                self.report(node, join(where, name), f"missing required field {name!r}")
        return values

    def items(self, node: Node | None, where: str, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            hint = " (write [a, b])" if isinstance(node, ScalarNode) and node.tag != NULL else ""
            self.report(node, where, f"expected a list of {what}, got {describe(node)}{hint}")
            return []
        return list(node.value)

    # -- scalars --------------------------------------------------------------------------------

    def text(self, node: Node | None, where: str) -> str:
        """Non-empty text exactly as written ("No" stays "No"); "" when missing or wrong."""
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.report(node, where, f"expected text, got {describe(node)}")
            return ""
        value = str(node.value).strip()
        if node.tag == NULL or not value:
            self.report(node, where, "is empty")
            return ""
        return value

    def optional_text(self, node: Node | None, where: str) -> str | None:
        return self.text(node, where) or None

    def words(self, node: Node | None, where: str, what: str) -> list[tuple[str, Node]]:
        """A list of non-empty strings, each with its node for later messages."""
        found = []
        for i, item in enumerate(self.items(node, where, what)):
            word = self.text(item, f"{where}[{i}]")
            if word:
                found.append((word, item))
        return found

    def number(self, node: Node | None, where: str) -> Number | None:
        """int for a YAML integer; Decimal for a YAML float or a numeric string; None if wrong."""
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            raw = str(node.value).strip()
            if node.tag == INT:
                cleaned = raw.replace("_", "")
                if _PLAIN_INT.match(cleaned):
                    return int(cleaned)
                # YAML 1.1 reads 010 as 8 and 1:30 as 90; a figure must never change silently.
                self.report(node, where, f"write {raw!r} as a plain decimal number")
                return None
            if node.tag in (FLOAT, "tag:yaml.org,2002:str"):
                number = _decimal(raw)
                if number is not None:
                    return number
                if node.tag == FLOAT:
                    self.report(node, where, f"expected a finite decimal number, got {raw!r}")
                    return None
            if node.tag == NULL or not raw:
                self.report(node, where, "is empty; expected a number")
                return None
        self.report(node, where, f"expected a number, got {describe(node)}{_number_hint(node)}")
        return None

    def part_value(self, node: Node | None, where: str) -> Number | str | None:
        """A number, or short text such as "20%" kept as written."""
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag not in (INT, FLOAT, BOOL, NULL):
            raw = str(node.value).strip()
            if raw and _decimal(raw) is None:
                return raw
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            self.report(node, where, f"expected a number or short text, got {describe(node)}")
            return None
        return self.number(node, where)

    def flag(self, node: Node | None, where: str) -> bool:
        if node is None:
            return False
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            return str(node.value).lower() in _TRUE
        self.report(node, where, f"expected true or false, got {describe(node)}")
        return False

    def date(self, node: Node | None, where: str) -> PartialDate | None:
        """YYYY-MM-DD, YYYY-MM or YYYY, quoted or not (the node keeps the text as written)."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.report(node, where, f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got {describe(node)}")
            return None
        raw = str(node.value).strip()
        if node.tag == NULL or not raw:
            self.report(node, where, "is empty; expected a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        if not _DATE_SHAPE.match(raw):
            self.report(node, where, f"not a date: {snippet(raw)} (write YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        try:
            return PartialDate.parse(raw)
        except ValueError as error:
            self.report(node, where, f"impossible date {raw!r}: {error}")
            return None

    def choice(
        self,
        node: Node | None,
        where: str,
        what: str,
        choices: tuple[str, ...],
        normal: Callable[[str], str] | None = None,
    ) -> str | None:
        """A word from a closed list (compared as ``normal`` writes it, else as written); None when
        missing or not in the list."""
        word = self.optional_text(node, where)
        if word is None or node is None:
            return None
        key = normal(word) if normal else word
        if key in choices:
            return key
        self.report(node, where, f"unknown {what} {snippet(word)}; use one of: {', '.join(choices)}")
        return None

    def fact_id(self, node: Node | None, where: str) -> str:
        fact_id = self.text(node, where)
        if fact_id and node is not None and not _ID.match(fact_id):
            self.report(
                node,
                where,
                f"id {snippet(fact_id)} is not snake_case "
                "(lowercase letters, digits and '_', starting with a letter or digit)",
            )
        return fact_id


def _unknown_field(name: str, shape: Shape) -> str:
    if name == "<<":
        return "YAML merge keys ('<<') are not supported: write the fields out"
    hint = suggestion(name, shape.fields)
    return f"unknown field {snippet(name)}{hint}; {shape.what} may have: {', '.join(shape.fields)}"
