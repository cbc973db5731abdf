"""The facts file to a validated ``FactBook``, or a ``BookError`` naming every problem at once.

The YAML is composed once into nodes (which keep positions and the text as written) and walked
once. Each reader records what is wrong and carries on with a stand-in value, so a curator sees
every defect in one run instead of fixing them one at a time. The book is built only when nothing
was found.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from urllib.parse import urlsplit

from bot.facts.model import (
    Event,
    FactBook,
    Figure,
    MeasureLink,
    Number,
    Part,
    PartialDate,
    Precision,
    Revision,
    Source,
    Term,
    copy_caveat,
    version_of,
)
from bot.facts.names import fold
from bot.facts.number_rule import Key, Mention, evaluative, keys_of, unsupported
from bot.facts.numbers import shown_numbers
from bot.facts.problems import BookError, Problem
from bot.facts.quotes import describe_forms, quote_contains, with_digits
from bot.facts.strict_yaml import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose,
    position,
)

__all__ = ["MAX_BYTES", "QUALIFIERS", "BookError", "Problem", "load_book", "parse_book"]

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

_ID = re.compile(r"[a-z0-9][a-z0-9_]*\Z")
# ASCII digits only: "٢٠٢٣" must not pass as a year, nor "١٢" as a figure.
_DATE_SHAPE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?\Z", re.ASCII)
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9]\d*)\Z", re.ASCII)
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\Z", re.ASCII)
_GROUPED_NUMBER = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\Z", re.ASCII)
_SNIPPET = 60  # characters of a bad value quoted back in a message
MAX_BYTES = 10_000_000  # a facts file larger than this is refused unread (the real book: ~0.2 MB)
_TRUE = frozenset({"yes", "true", "on"})  # what PyYAML resolves as true, lowercased


@dataclass(frozen=True)
class _Shape:
    """The fields one kind of mapping may have, in the order the format documents them."""

    what: str
    fields: tuple[str, ...]
    required: frozenset[str]


def _shape(what: str, fields: str, optional: str = "") -> _Shape:
    names = tuple(fields.split())
    return _Shape(what, names, frozenset(names) - frozenset(optional.split()))


_TOP = _shape("the file", "book figures events vocabulary", optional="vocabulary")
_BOOK = _shape("the book", "title description")
_FIGURE = _shape(
    "a figure",
    "id title value display qualifier computed counts as_of statement aliases tags spelled other_measure"
    " parts revisions note related sources",
    optional="display qualifier computed aliases tags spelled other_measure parts revisions note related",
)
_REVISION = _shape(
    "a revision",
    "value display qualifier computed as_of counts parts note sources",
    optional="display qualifier computed counts parts note",
)
_PART = _shape("a part", "label value computed", optional="computed")
_SOURCE = _shape(
    "a source",
    "publisher title url published published_precision quote weak copy",
    optional="published_precision weak copy",
)
_PRECISIONS = ("day", "month", "year", "inferred")
# The fields of each record whose text an answer shows, held to the quotes (the value itself has
# its own rule: a quote must state it, and every other quote must back some number shown).
_FIGURE_SHOWN = ("title", "display", "computed", "counts", "statement", "note")
_REVISION_SHOWN = ("display", "counts", "note")
_EVENT_SHOWN = ("title", "summary", "anniversary", "note")
_EVENT = _shape(
    "an event",
    "id date title summary anniversary remind tags aliases related note sources",
    optional="anniversary remind tags aliases related note",
)

_QUESTION_ALIAS = _shape("a question alias", "question")
# An alias that starts like a question ("how many ...", "when was ...") rather than a name.
_QUESTION = re.compile(r"(?:how|when|what|which|who|whom|whose|why|where|is|are|was|were|did|does|do)\b")

_NO_DATE = PartialDate(1)  # stands in for an unreadable date; never reaches a built book


def _stated(value: Number | None, spelled: tuple[str, ...], sources: tuple[Source, ...]) -> frozenset[Key]:
    """The value as its quotes write it, a declared spelled form read as digits: "Two and a half per
    cent" states the percentage 2.5, which the number reader alone cannot see."""
    if value is None:
        return frozenset()
    written = keys_of(with_digits(s.quote, value, spelled) for s in sources)
    return frozenset(key for key in written if key[1] == Fraction(value))


@dataclass(frozen=True)
class _Cited:
    """A source as read, with its quote's node for messages about it."""

    source: Source
    node: Node | None
    where: str


@dataclass
class _Entry:
    """What the whole-book checks need from one figure or event, kept even if it has other problems."""

    where: str
    id: str = ""
    id_node: Node | None = None
    title: str = ""
    title_node: Node | None = None
    aliases: list[tuple[str, Node]] = field(default_factory=list)
    related: list[tuple[str, Node]] = field(default_factory=list)
    other_measure: tuple[str, Node] | None = None


def parse_book(text: str, path: str = "<string>") -> FactBook:
    """Validate facts YAML given as text; raise ``BookError`` listing every problem."""
    return _Reader(path).book(text, _version(text.encode("utf-8")))


def load_book(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> FactBook:
    """Read and validate a facts file (UTF-8); raise ``BookError`` listing every problem.

    A file over ``max_bytes`` is refused before anything is parsed: a book is a few hundred
    kilobytes, and parsing a file of many megabytes would take the machine's memory and time.
    """
    shown = os.fspath(path)
    try:
        with open(shown, "rb") as file:
            data = file.read(max_bytes + 1)  # never more than one byte past the limit
    except OSError as error:
        raise BookError(
            [Problem(shown, 1, 1, "", f"cannot read the file: {error.strerror or error}")]
        ) from None
    if len(data) > max_bytes:
        size = _megabytes(os.stat(shown).st_size if os.path.exists(shown) else len(data))
        message = f"the file is too large ({size}); the limit is {_megabytes(max_bytes)}"
        raise BookError([Problem(shown, 1, 1, "", message)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot be decoded"
        raise BookError([Problem(shown, 1, 1, "", message)]) from None
    return _Reader(shown).book(text, _version(data))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _version(data: bytes) -> str:
    return version_of(data)


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _snippet(text: str) -> str:
    return repr(text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…")


def _describe(node: Node) -> str:
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
    return f"text {_snippet(node.value)}"


def _kind(node: Node) -> str:
    """A node's kind, without its content."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a single value (plain text, not YAML fields)"


def _last_day(date: PartialDate) -> dt.date:
    if date.day:
        return date.as_date()
    month = date.month or 12
    return dt.date(date.year, month, calendar.monthrange(date.year, month)[1])


def _decimal(text: str) -> Decimal | None:
    """A decimal from the text as written, so 0.1 stays exactly 0.1 (never via float)."""
    cleaned = text.strip().replace("_", "")
    return Decimal(cleaned) if _PLAIN_DECIMAL.match(cleaned) else None


class _Reader:
    """Walks the node tree of one file, collecting problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.text_read = ""

    def report(self, node: Node, where: str, message: str) -> None:
        line, col = position(node)
        self.problems.append(Problem(self.path, line, col, where, message))

    def warn(self, node: Node, where: str, message: str) -> None:
        line, col = position(node)
        self.warnings.append(Problem(self.path, line, col, where, f"warning: {message}"))

    # -- the document ---------------------------------------------------------------------------

    def book(self, text: str, version: str) -> FactBook:
        self.text_read = text.removeprefix("\ufeff")
        root = compose(self.text_read, self.path)
        if root is None:
            raise BookError(
                [Problem(self.path, 1, 1, "", "the file is empty: it needs book, figures and events")]
            )
        values = self.fields(root, "", _TOP)
        if values is None:
            raise BookError(self.problems)
        book = self.fields(values.get("book"), "book", _BOOK) or {}
        title = self.text(book.get("title"), "book.title")
        description = self.text(book.get("description"), "book.description")
        entries: list[_Entry] = []
        figures = [
            self.figure(item, f"figures[{i}]", entries)
            for i, item in enumerate(self.items(values.get("figures"), "figures", "figures"))
        ]
        events = [
            self.event(item, f"events[{i}]", entries)
            for i, item in enumerate(self.items(values.get("events"), "events", "events"))
        ]
        self.check_names(entries)
        built = self.link_measures([f for f in figures if f is not None], entries)
        vocabulary = self.vocabulary(
            values.get("vocabulary"), book_words([*built, *(e for e in events if e is not None)])
        )
        if self.problems:
            raise BookError(self.problems)
        return FactBook(
            title=title,
            description=description,
            figures=built,
            events=tuple(e for e in events if e is not None),
            version=version,
            path=self.path,
            vocabulary=vocabulary,
            warnings=tuple(sorted(self.warnings)),
        )

    # -- vocabulary -----------------------------------------------------------------------------

    def vocabulary(self, node: Node | None, known: frozenset[str]) -> tuple[Term, ...]:
        """``book word: [what people say, ...]``. Each entry must lead to words the book really
        uses, in one step: a word people say appears once, and is never itself an entry (that
        would be a chain or a circle, whose meaning depends on the order of expansion)."""
        if node is None:
            return ()
        if not isinstance(node, MappingNode):
            self.report(
                node, "vocabulary", f"expected a mapping of book words to lists, got {_describe(node)}"
            )
            return ()
        entries: list[tuple[str, Node, list[tuple[str, Node]]]] = []
        for key_node, value_node in node.value:
            where = f"vocabulary.{key_node.value}" if isinstance(key_node, ScalarNode) else "vocabulary"
            word = self.text(key_node, where)
            if not word:
                continue
            missing = [w for w in fold(word).split() if w not in known]
            if missing:
                unknown = (
                    f"{_snippet(word)} is not a word of the book"
                    if len(fold(word).split()) == 1
                    else f"{_snippet(word)} uses {', '.join(map(repr, missing))}, not a word of the book"
                )
                self.report(
                    key_node,
                    where,
                    f"{unknown} (no title, alias, count, statement, summary, tag or part has it); "
                    "an entry must name the book's own word",
                )
            entries.append((word, key_node, self.words(value_node, where, "words people say")))
        targets = {fold(word): key_node for word, key_node, _ in entries}
        seen: dict[str, tuple[str, Node]] = {}
        terms = []
        for word, _key_node, said in entries:
            kept = []
            for i, (phrase, phrase_node) in enumerate(said):
                folded = fold(phrase)
                where = f"vocabulary.{word}[{i}]"
                if folded == fold(word):
                    self.report(phrase_node, where, f"{_snippet(phrase)} is listed as a word for itself")
                elif folded in targets:
                    self.report(
                        phrase_node,
                        where,
                        f"{_snippet(phrase)} is itself a vocabulary entry "
                        f"(line {self.line(targets[folded])}): "
                        "entries must lead to the book's words in one step, never through another "
                        "entry (a chain or a circle)",
                    )
                elif folded in seen:
                    first_word, first_node = seen[folded]
                    self.report(
                        phrase_node,
                        where,
                        f"{_snippet(phrase)} is listed twice (first under {_snippet(first_word)}, "
                        f"line {self.line(first_node)})",
                    )
                else:
                    seen[folded] = (word, phrase_node)
                    kept.append(phrase)
            terms.append(Term(word, tuple(kept)))
        return tuple(terms)

    # -- mappings and lists ---------------------------------------------------------------------

    def fields(self, node: Node | None, where: str, shape: _Shape) -> dict[str, Node] | None:
        """The value node of each known field; reports repeated, unknown and missing fields."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            if where:
                self.report(
                    node, where, f"expected {shape.what} (a mapping of fields), got {_describe(node)}"
                )
            else:
                # Not even the file's shape is right: it may be any file the path happens to lead
                # to, so none of its content is quoted back (only its kind).
                self.report(node, "", f"expected a mapping with book, figures and events, got {_kind(node)}")
            return None
        keys: dict[str, Node] = {}
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, where, f"a field name must be plain text, not {_describe(key_node)}")
                continue
            name = str(key_node.value)
            if name in keys:
                first = position(keys[name])[0]
                self.report(
                    key_node, _join(where, name), f"duplicate key {_snippet(name)} (first at line {first})"
                )
                continue
            keys[name] = key_node
            if name in shape.fields:
                values[name] = value_node
            else:
                self.report(key_node, _join(where, name), self.unknown_field(name, shape))
        for name in shape.fields:
            if name in shape.required and name not in keys:
                self.report(node, _join(where, name), f"missing required field {name!r}")
        return values

    @staticmethod
    def unknown_field(name: str, shape: _Shape) -> str:
        if name == "<<":
            return "YAML merge keys ('<<') are not supported: write the fields out"
        close = difflib.get_close_matches(name[:_SNIPPET], shape.fields, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown field {_snippet(name)}{hint}; {shape.what} may have: {', '.join(shape.fields)}"

    def items(self, node: Node | None, where: str, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            hint = " (write [a, b])" if isinstance(node, ScalarNode) and node.tag != NULL else ""
            self.report(node, where, f"expected a list of {what}, got {_describe(node)}{hint}")
            return []
        return list(node.value)

    # -- scalars --------------------------------------------------------------------------------

    def text(self, node: Node | None, where: str) -> str:
        """Non-empty text exactly as written ("No" stays "No"); "" when missing or wrong."""
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.report(node, where, f"expected text, got {_describe(node)}")
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

    def aliases(self, node: Node | None, where: str) -> list[tuple[str, Node]]:
        """Names people use for a fact. An alias shaped like a whole question ("how many ...") is
        usually a test phrasing copied into the book: the resolver should understand questions
        without it, so it draws a warning unless written as ``{question: ...}`` on purpose."""
        found = []
        for i, item in enumerate(self.items(node, where, "aliases")):
            marked = isinstance(item, MappingNode)
            if marked:
                values = self.fields(item, f"{where}[{i}]", _QUESTION_ALIAS)
                item = (values or {}).get("question", item)
                if values is None or "question" not in values:
                    continue
            alias = self.text(item, f"{where}[{i}]")
            if not alias:
                continue
            if not marked and (_QUESTION.match(fold(alias)) or alias.endswith("?")):
                self.warn(
                    item,
                    f"{where}[{i}]",
                    f"alias {_snippet(alias)} is a whole question; aliases are names people use. "
                    "Remove it, or write it as {question: ...} if the question really is its name",
                )
            found.append((alias, item))
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
        self.report(node, where, f"expected a number, got {_describe(node)}{_number_hint(node)}")
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
            self.report(node, where, f"expected a number or short text, got {_describe(node)}")
            return None
        return self.number(node, where)

    def flag(self, node: Node | None, where: str) -> bool:
        if node is None:
            return False
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            return str(node.value).lower() in _TRUE
        self.report(node, where, f"expected true or false, got {_describe(node)}")
        return False

    def date(self, node: Node | None, where: str) -> PartialDate | None:
        """YYYY-MM-DD, YYYY-MM or YYYY, quoted or not (the node keeps the text as written)."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.report(node, where, f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got {_describe(node)}")
            return None
        raw = str(node.value).strip()
        if node.tag == NULL or not raw:
            self.report(node, where, "is empty; expected a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        if not _DATE_SHAPE.match(raw):
            self.report(node, where, f"not a date: {_snippet(raw)} (write YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        try:
            return PartialDate.parse(raw)
        except ValueError as error:
            self.report(node, where, f"impossible date {raw!r}: {error}")
            return None

    def qualifier(self, node: Node | None, where: str) -> str | None:
        word = self.optional_text(node, where)
        if word is None or node is None:
            return None
        folded = fold(word)
        if folded in QUALIFIERS:
            return folded
        self.report(node, where, f"unknown qualifier {_snippet(word)}; use one of: {', '.join(QUALIFIERS)}")
        return None

    def display(
        self, node: Node | None, where: str, value: Number | None, spelled: tuple[str, ...]
    ) -> str | None:
        """How a value reads ("26%", "one in 200"): it must still show the value itself."""
        text = self.optional_text(node, where)
        if text is None or node is None or value is None:
            return text
        if not quote_contains(text, value, spelled):
            self.report(
                node,
                where,
                f"display {_snippet(text)} does not show the value "
                f"(looked for {describe_forms(value, spelled)})",
            )
        return text

    def fact_id(self, node: Node | None, where: str) -> str:
        fact_id = self.text(node, where)
        if fact_id and node is not None and not _ID.match(fact_id):
            self.report(
                node,
                where,
                f"id {_snippet(fact_id)} is not snake_case "
                "(lowercase letters, digits and '_', starting with a letter or digit)",
            )
        return fact_id

    # -- records --------------------------------------------------------------------------------

    def entry(self, values: dict[str, Node], where: str) -> _Entry:
        return _Entry(
            where=where,
            id=self.fact_id(values.get("id"), f"{where}.id"),
            id_node=values.get("id"),
            title=self.text(values.get("title"), f"{where}.title"),
            title_node=values.get("title"),
            aliases=self.aliases(values.get("aliases"), f"{where}.aliases"),
            related=self.words(values.get("related"), f"{where}.related", "ids"),
        )

    def sources(self, node: Node | None, where: str, owner: str) -> list[_Cited]:
        if isinstance(node, SequenceNode | ScalarNode) and not node.value:
            self.report(node, where, f"{owner} needs at least one source")
            return []
        items = self.items(node, where, "sources")
        found = [self.source(item, f"{where}[{i}]") for i, item in enumerate(items)]
        return [c for c in found if c is not None]

    def source(self, node: Node, where: str) -> _Cited | None:
        values = self.fields(node, where, _SOURCE)
        if values is None:
            return None
        url = self.url(values.get("url"), f"{where}.url")
        quote = self.text(values.get("quote"), f"{where}.quote")
        published = self.date(values.get("published"), f"{where}.published")
        weak = self.flag(values.get("weak"), f"{where}.weak")
        copy_node = values.get("copy")
        copy = self.optional_text(copy_node, f"{where}.copy")
        if copy and copy_node is not None and not weak:
            self.report(copy_node, f"{where}.copy", "copy says what a weak source is: add weak: true")
        source = Source(
            publisher=self.text(values.get("publisher"), f"{where}.publisher"),
            title=self.text(values.get("title"), f"{where}.title"),
            url=url,
            published=published or _NO_DATE,
            quote=quote,
            weak=weak,
            copy=copy,
            published_inferred=self.published_precision(
                values.get("published_precision"), f"{where}.published_precision", published
            ),
        )
        return _Cited(source, values.get("quote"), f"{where}.quote")

    def hold_value(
        self, value: Number | None, spelled: tuple[str, ...], cited: list[_Cited], shown: frozenset[Key]
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
                self.report(
                    c.node, c.where, f"quote backs no number this answer shows: {_snippet(c.source.quote)}"
                )
            else:
                self.report(
                    c.node,
                    c.where,
                    f"quote does not contain the number (looked for {describe_forms(value, spelled)}): "
                    f"{_snippet(c.source.quote)}",
                )

    def published_precision(self, node: Node | None, where: str, published: PartialDate | None) -> bool:
        """``day``, ``month`` or ``year`` must agree with the date as written; ``inferred`` says the
        page prints no date of its own. True for inferred."""
        word = self.optional_text(node, where)
        if word is None or node is None:
            return False
        if word not in _PRECISIONS:
            choices = ", ".join(_PRECISIONS)
            self.report(node, where, f"unknown precision {_snippet(word)}; use one of: {choices}")
            return False
        if word != "inferred" and published is not None and Precision(word) is not published.precision:
            self.report(
                node,
                where,
                f"says {word}, but the date {published} is precise to the {published.precision.value}",
            )
        return word == "inferred"

    def url(self, node: Node | None, where: str) -> str:
        url = self.text(node, where)
        if not url or node is None:
            return url
        reason = ""
        if any(ch.isspace() for ch in url):
            reason = " (it contains a space)"
        else:
            try:
                parts = urlsplit(url)
            except ValueError:
                parts = None
            if parts is not None and parts.scheme in ("http", "https") and parts.netloc:
                return url
        self.report(node, where, f"not an http(s) URL: {_snippet(url)}{reason}")
        return url

    def parts(self, node: Node | None, where: str) -> tuple[Part, ...]:
        found = []
        for i, item in enumerate(self.items(node, where, "parts")):
            values = self.fields(item, f"{where}[{i}]", _PART)
            if values is not None:
                label = self.text(values.get("label"), f"{where}[{i}].label")
                value = self.part_value(values.get("value"), f"{where}[{i}].value")
                computed = self.optional_text(values.get("computed"), f"{where}[{i}].computed")
                found.append(Part(label, value if value is not None else 0, computed))
        return tuple(found)

    def revision(self, node: Node, where: str, figure_as_of: PartialDate | None) -> Revision | None:
        values = self.fields(node, where, _REVISION)
        if values is None:
            return None
        value = self.number(values.get("value"), f"{where}.value")
        computed = self.optional_text(values.get("computed"), f"{where}.computed")
        as_of = self.date(values.get("as_of"), f"{where}.as_of")
        as_of_node = values.get("as_of")
        if as_of and figure_as_of and as_of_node and as_of.as_date() > _last_day(figure_as_of):
            self.report(
                as_of_node,
                f"{where}.as_of",
                f"this earlier value is dated {as_of}, after the figure's own as_of {figure_as_of}; "
                "the newest value belongs in the figure's value",
            )
        cited = self.sources(values.get("sources"), f"{where}.sources", "a revision")
        sources = tuple(c.source for c in cited)
        # Spelled forms belong to the figure's latest value; a computed value is in no quote.
        shown = self.shown_keys(values, ("computed", *_REVISION_SHOWN)) | self.shown_keys(
            {"value": values.get("value")}, ("value",)
        )
        if computed or value is not None:
            self.hold_value(None if computed else value, (), cited, shown)
        self.warn_copies(values.get("value"), f"{where}.value", sources, value, computed)
        return Revision(
            value=value if value is not None else 0,
            as_of=as_of or _NO_DATE,
            display=self.display(values.get("display"), f"{where}.display", value, ()),
            qualifier=self.qualifier(values.get("qualifier"), f"{where}.qualifier"),
            computed=computed,
            counts=self.optional_text(values.get("counts"), f"{where}.counts"),
            parts=self.parts(values.get("parts"), f"{where}.parts"),
            note=self.optional_text(values.get("note"), f"{where}.note"),
            sources=sources,
        )

    def figure(self, node: Node, where: str, entries: list[_Entry]) -> Figure | None:
        values = self.fields(node, where, _FIGURE)
        if values is None:
            return None
        entry = self.entry(values, where)
        entries.append(entry)
        other_node = values.get("other_measure")
        other = self.fact_id(other_node, f"{where}.other_measure")
        if other and other_node is not None:
            entry.other_measure = (other, other_node)
        value = self.number(values.get("value"), f"{where}.value")
        computed = self.optional_text(values.get("computed"), f"{where}.computed")
        as_of = self.date(values.get("as_of"), f"{where}.as_of")
        spelled = tuple(w for w, _ in self.words(values.get("spelled"), f"{where}.spelled", "spelled forms"))
        revision_items = self.items(values.get("revisions"), f"{where}.revisions", "revisions")
        revisions = [self.revision(r, f"{where}.revisions[{i}]", as_of) for i, r in enumerate(revision_items)]
        cited = self.sources(values.get("sources"), f"{where}.sources", "a figure")
        sources = tuple(c.source for c in cited)
        shown = self.shown_keys(values, ("value", *_FIGURE_SHOWN))
        for item in revision_items:
            if isinstance(item, MappingNode):
                shown |= self.shown_keys(self.plain_fields(item), ("value", "computed", *_REVISION_SHOWN))
        if computed or value is not None:
            self.hold_value(None if computed else value, spelled, cited, shown)
        if value is not None:
            self.warn_copies(values.get("value"), f"{where}.value", sources, value, computed, spelled)
        stated = _stated(value, spelled, sources)
        self.hold_figure(
            values, where, sources, [r for r in revisions if r is not None], revision_items, stated
        )
        return Figure(
            id=entry.id,
            title=entry.title,
            value=value if value is not None else 0,
            display=self.display(values.get("display"), f"{where}.display", value, spelled),
            qualifier=self.qualifier(values.get("qualifier"), f"{where}.qualifier"),
            computed=computed,
            counts=self.text(values.get("counts"), f"{where}.counts"),
            as_of=as_of or _NO_DATE,
            statement=self.text(values.get("statement"), f"{where}.statement"),
            aliases=tuple(a for a, _ in entry.aliases),
            tags=tuple(t for t, _ in self.words(values.get("tags"), f"{where}.tags", "tags")),
            spelled=spelled,
            parts=self.parts(values.get("parts"), f"{where}.parts"),
            # Oldest first; sorted() is stable, so same-dated revisions keep the file's order.
            revisions=tuple(sorted((r for r in revisions if r is not None), key=lambda r: r.as_of)),
            note=self.optional_text(values.get("note"), f"{where}.note"),
            related=tuple(r for r, _ in entry.related),
            sources=sources,
        )

    def event(self, node: Node, where: str, entries: list[_Entry]) -> Event | None:
        values = self.fields(node, where, _EVENT)
        if values is None:
            return None
        entry = self.entry(values, where)
        entries.append(entry)
        date = self.date(values.get("date"), f"{where}.date")
        remind_node = values.get("remind")
        remind = self.flag(remind_node, f"{where}.remind")
        if remind and remind_node is not None and date is not None and not date.day:
            self.report(
                remind_node,
                f"{where}.remind",
                f"remind: true needs a date with a day, but the date is {date} "
                "(give the full date or set remind: false)",
            )
        sources = tuple(c.source for c in self.sources(values.get("sources"), f"{where}.sources", "an event"))
        if remind and remind_node is not None and sources and all(s.weak for s in sources):
            self.report(
                remind_node,
                f"{where}.remind",
                "remind: true needs a day that a source other than a copy gives "
                "(every source here is weak; set remind: false)",
            )
        keys = keys_of(s.quote for s in sources)
        for name in _EVENT_SHOWN:
            self.hold(values.get(name), f"{where}.{name}", keys, "this fact's sources")
        return Event(
            id=entry.id,
            date=date or _NO_DATE,
            title=entry.title,
            summary=self.text(values.get("summary"), f"{where}.summary"),
            anniversary=self.optional_text(values.get("anniversary"), f"{where}.anniversary"),
            remind=remind,
            tags=tuple(t for t, _ in self.words(values.get("tags"), f"{where}.tags", "tags")),
            aliases=tuple(a for a, _ in entry.aliases),
            related=tuple(r for r, _ in entry.related),
            note=self.optional_text(values.get("note"), f"{where}.note"),
            sources=sources,
        )

    # -- the number-in-quote rule ---------------------------------------------------------------

    def hold_figure(
        self,
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
        self.hold_shown(values, where, ("display",), own, whose)
        self.hold_shown(values, where, ("title", "counts", "statement", "note"), every, whose)
        self.hold_parts(values.get("parts"), f"{where}.parts", own, "this fact's sources")
        for i, item in enumerate(revision_items):
            if not isinstance(item, MappingNode):
                continue
            fields = self.plain_fields(item)
            keys = own | keys_of(self.quotes_under(fields.get("sources")))
            whose = "this earlier value's sources or the fact's"
            self.hold_shown(fields, f"{where}.revisions[{i}]", _REVISION_SHOWN, keys, whose)
            self.hold_parts(fields.get("parts"), f"{where}.revisions[{i}].parts", keys, whose)

    def hold_parts(self, node: Node | None, where: str, keys: frozenset[Key], whose: str) -> None:
        if not isinstance(node, SequenceNode):
            return
        for i, item in enumerate(node.value):
            if isinstance(item, MappingNode):
                self.hold_shown(self.plain_fields(item), f"{where}[{i}]", ("label", "value"), keys, whose)

    def hold_shown(
        self, fields: dict[str, Node], where: str, names: tuple[str, ...], keys: frozenset[Key], whose: str
    ) -> None:
        """Hold the named fields to the quotes: a declared ``computed`` value is exempt, its workings not."""
        for name in (*names, "computed"):
            if name in ("value", "display") and "computed" in fields:
                continue
            self.hold(fields.get(name), _join(where, name), keys, whose)

    def hold(self, node: Node | None, where: str, keys: frozenset[Key], whose: str) -> None:
        """Report each number in a shown scalar that no quote behind ``keys`` contains."""
        if not isinstance(node, ScalarNode) or node.tag in (NULL, BOOL):
            return
        text = str(node.value)
        for mention in unsupported(text, keys):
            line, col = self.locate(node, text, mention)
            self.problems.append(
                Problem(self.path, line, col, where, f"{mention.text} is in no quote of {whose}")
            )
        for word, mention in evaluative(text):
            line, col = self.locate(node, text, mention)
            self.problems.append(
                Problem(
                    self.path,
                    line,
                    col,
                    where,
                    f"{word!r} before {mention.text} judges the number; attribute it or drop the word",
                )
            )

    def warn_copies(
        self,
        node: Node | None,
        where: str,
        sources: tuple[Source, ...],
        value: Number | None,
        computed: str | None,
        spelled: tuple[str, ...] = (),
    ) -> None:
        if node is None or value is None:
            return
        stating = (
            sources if computed else tuple(s for s in sources if quote_contains(s.quote, value, spelled))
        )
        caveat = copy_caveat(stating or sources)
        if caveat is not None:
            self.warn(node, where, f"rests on copies alone; answers say: {caveat}")

    @staticmethod
    def plain_fields(node: MappingNode) -> dict[str, Node]:
        """A mapping's value nodes by field name, without checks (they were made elsewhere)."""
        return {str(k.value): v for k, v in node.value if isinstance(k, ScalarNode)}

    def shown_keys(self, values: Mapping[str, Node | None], names: tuple[str, ...]) -> frozenset[Key]:
        """Every number the named fields show, with the labels and values of their parts."""
        texts = [str(n.value) for n in (values.get(name) for name in names) if isinstance(n, ScalarNode)]
        parts = values.get("parts")
        if isinstance(parts, SequenceNode):
            for item in parts.value:
                if isinstance(item, MappingNode):
                    texts += [
                        str(v.value) for v in self.plain_fields(item).values() if isinstance(v, ScalarNode)
                    ]
        return frozenset(m.key for text in texts for m in shown_numbers(text))

    def locate(self, node: Node, text: str, mention: Mention) -> tuple[int, int]:
        """Line and column of ``mention`` in the file; the scalar's start if it cannot be pinned down
        (a folded scalar may have broken the number's words across lines)."""
        start, end = node.start_mark, node.end_mark
        if start is None or end is None:
            return position(node)
        nth = text.count(mention.text, 0, mention.start)
        pattern = r"\s+".join(re.escape(word) for word in mention.text.split())
        matches = list(re.finditer(pattern, self.text_read[start.index : end.index]))
        if nth >= len(matches):
            return position(node)
        index = start.index + matches[nth].start()
        line_start = self.text_read.rfind("\n", 0, index) + 1
        return self.text_read.count("\n", 0, index) + 1, index - line_start + 1

    def quotes_under(self, node: Node | None) -> list[str]:
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

    # -- whole-book checks ----------------------------------------------------------------------

    def check_names(self, entries: list[_Entry]) -> None:
        """Ids unique; titles and aliases never name two facts; related ids exist."""
        by_id: dict[str, _Entry] = {}
        for entry in entries:
            if not entry.id or entry.id_node is None:
                continue
            first = by_id.get(entry.id)
            if first is None:
                by_id[entry.id] = entry
            else:
                self.report(
                    entry.id_node,
                    f"{entry.where}.id",
                    f"duplicate id {_snippet(entry.id)} "
                    f"(first at line {self.line(first.id_node)}, {first.where})",
                )

        # Every name a person may type, folded, with the fact it leads to and what kind of name it is.
        names: dict[str, tuple[_Entry, str, Node]] = {}
        for entry in entries:
            if entry.id and entry.id_node is not None:
                names.setdefault(fold(entry.id), (entry, "the id", entry.id_node))
        for entry in entries:
            if not entry.title or entry.title_node is None:
                continue
            owner = names.setdefault(fold(entry.title), (entry, "the title", entry.title_node))
            if owner[0] is not entry:
                self.report(
                    entry.title_node,
                    f"{entry.where}.title",
                    f"title {_snippet(entry.title)} is already {self.naming(owner)}; "
                    "two facts cannot share a name",
                )
        for entry in entries:
            for i, (alias, node) in enumerate(entry.aliases):
                owner = names.setdefault(fold(alias), (entry, "an alias", node))
                if owner[2] is node or (owner[0] is entry and owner[1] != "an alias"):
                    continue  # new, or the fact's own id or title said again: harmless
                clash = (
                    f"is given twice (first at line {self.line(owner[2])})"
                    if owner[0] is entry
                    else f"is already {self.naming(owner)}"
                )
                self.report(node, f"{entry.where}.aliases[{i}]", f"alias {_snippet(alias)} {clash}")

        known = list(by_id)
        for entry in entries:
            for i, (target, node) in enumerate(entry.related):
                if target == entry.id:
                    self.report(
                        node, f"{entry.where}.related[{i}]", f"{_snippet(target)} is this fact's own id"
                    )
                elif target not in by_id:
                    close = difflib.get_close_matches(target[:_SNIPPET], known, n=1, cutoff=0.6)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    self.report(node, f"{entry.where}.related[{i}]", f"unknown id {_snippet(target)}{hint}")

    def link_measures(self, figures: list[Figure], entries: list[_Entry]) -> tuple[Figure, ...]:
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
                self.report(
                    node, f"{entry.where}.other_measure", f"{_snippet(target)} is this figure's own id"
                )
            elif other is None:
                kind = "an event, not a figure" if target in events else "not the id of a figure"
                self.report(node, f"{entry.where}.other_measure", f"{_snippet(target)} is {kind}")
            else:
                link = MeasureLink(other.id, other.title, other.counts, other.value_line, other.as_of)
                figure = replace(figure, other_measure=link)
            linked.append(figure)
        return tuple(linked)

    @staticmethod
    def line(node: Node | None) -> int:
        return position(node)[0] if node is not None else 1

    def naming(self, owner: tuple[_Entry, str, Node]) -> str:
        entry, kind, node = owner
        return f"{kind} of {entry.where} (line {self.line(node)})"


def book_words(facts: list[Figure | Event]) -> frozenset[str]:
    """Every word a fact shows or is found by, folded: what a vocabulary entry may point at."""
    texts: list[str] = []
    for fact in facts:
        texts += [fact.id.replace("_", " "), fact.title, *fact.aliases, *fact.tags, fact.note or ""]
        if isinstance(fact, Figure):
            texts += [fact.counts, fact.statement, *(p.label for p in fact.parts)]
            for rev in fact.revisions:
                texts += [rev.counts or "", rev.note or "", *(p.label for p in rev.parts)]
        else:
            texts += [fact.summary, fact.anniversary or ""]
    return frozenset(word for text in texts for word in fold(text).split())


def _number_hint(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        return ""
    raw = str(node.value).strip()
    if _GROUPED_NUMBER.match(raw):
        return f" (write it without separators: {raw.replace(',', '')})"
    if raw.endswith("%") and _decimal(raw[:-1]) is not None:
        return f" (write {raw[:-1]} and say it is a percentage in 'counts')"
    return ""
