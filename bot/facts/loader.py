"""The facts file to a validated ``FactBook``, or a ``BookError`` naming every problem at once.

The YAML is composed once into nodes (which keep positions and the text as written) and walked
once. Each reader records what is wrong and carries on with a stand-in value, so a curator sees
every defect in one run instead of fixing them one at a time. The book is built only when nothing
was found.

This module is the entry and the top of the walk; the parts live beside it: ``fields`` (shapes and
scalars), ``sources``, ``figures`` (with revisions and parts), ``events``, ``vocabulary``,
``number_checks`` (the number-in-quote rule over the nodes) and ``book_checks`` (ids, names and
cross-references across the whole book).
"""

from __future__ import annotations

import os

from bot.facts.book_checks import Entry, check_names, link_measures
from bot.facts.events import read_event
from bot.facts.fields import Reader, shape
from bot.facts.figures import QUALIFIERS, read_figure
from bot.facts.model import FactBook, version_of
from bot.facts.problems import BookError, Problem
from bot.facts.strict_yaml import compose
from bot.facts.vocabulary import book_words, read_vocabulary

__all__ = ["MAX_BYTES", "QUALIFIERS", "BookError", "Problem", "load_book", "parse_book"]

MAX_BYTES = 10_000_000  # a facts file larger than this is refused unread (the real book: ~0.2 MB)

_TOP = shape("the file", "book figures events vocabulary", optional="vocabulary")
_BOOK = shape("the book", "title description")


def parse_book(text: str, path: str = "<string>") -> FactBook:
    """Validate facts YAML given as text; raise ``BookError`` listing every problem."""
    return _read(path, text, version_of(text.encode("utf-8")))


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
    return _read(shown, text, version_of(data))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _read(path: str, text: str, version: str) -> FactBook:
    """Walk the document: every record first, then the checks across records, then the vocabulary
    (which may only name words the records use)."""
    reader = Reader(path, text.removeprefix("\ufeff"))
    root = compose(reader.text_read, path)
    if root is None:
        raise BookError([Problem(path, 1, 1, "", "the file is empty: it needs book, figures and events")])
    values = reader.fields(root, "", _TOP)
    if values is None:
        raise BookError(reader.problems)
    book = reader.fields(values.get("book"), "book", _BOOK) or {}
    title = reader.text(book.get("title"), "book.title")
    description = reader.text(book.get("description"), "book.description")
    entries: list[Entry] = []
    figures = [
        read_figure(reader, item, f"figures[{i}]", entries)
        for i, item in enumerate(reader.items(values.get("figures"), "figures", "figures"))
    ]
    events = [
        read_event(reader, item, f"events[{i}]", entries)
        for i, item in enumerate(reader.items(values.get("events"), "events", "events"))
    ]
    check_names(reader, entries)
    built = link_measures(reader, [f for f in figures if f is not None], entries)
    vocabulary = read_vocabulary(
        reader, values.get("vocabulary"), book_words([*built, *(e for e in events if e is not None)])
    )
    if reader.problems:
        raise BookError(reader.problems)
    return FactBook(
        title=title,
        description=description,
        figures=built,
        events=tuple(e for e in events if e is not None),
        version=version,
        path=path,
        vocabulary=vocabulary,
        warnings=tuple(sorted(reader.warnings)),
    )
