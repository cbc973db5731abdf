"""The sources of a figure, a revision or an event: publisher, title, an http(s) URL, the date
published and how precise it is, the quote, and whether the source is only a copy.

A value whose quotes are all copies is allowed, but draws a warning: answers say so, and a curator
running ``figurebot check`` should see which figures still want an original.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.facts.fields import NO_DATE, Reader, shape, snippet
from bot.facts.model import Number, PartialDate, Precision, Source, copy_caveat
from bot.facts.quotes import quote_contains
from bot.facts.strict_yaml import Node, ScalarNode, SequenceNode

_SOURCE = shape(
    "a source",
    "publisher title url published published_precision quote weak copy",
    optional="published_precision weak copy",
)
_PRECISIONS = ("day", "month", "year", "inferred")


@dataclass(frozen=True)
class Cited:
    """A source as read, with its quote's node for messages about it."""

    source: Source
    node: Node | None
    where: str


def read_sources(reader: Reader, node: Node | None, where: str, owner: str) -> list[Cited]:
    """The sources listed under ``where``; ``owner`` ("a figure") words the message for none."""
    if isinstance(node, SequenceNode | ScalarNode) and not node.value:
        reader.report(node, where, f"{owner} needs at least one source")
        return []
    items = reader.items(node, where, "sources")
    found = [_source(reader, item, f"{where}[{i}]") for i, item in enumerate(items)]
    return [c for c in found if c is not None]


def _source(reader: Reader, node: Node, where: str) -> Cited | None:
    values = reader.fields(node, where, _SOURCE)
    if values is None:
        return None
    url = _url(reader, values.get("url"), f"{where}.url")
    quote = reader.text(values.get("quote"), f"{where}.quote")
    published = reader.date(values.get("published"), f"{where}.published")
    weak = reader.flag(values.get("weak"), f"{where}.weak")
    copy_node = values.get("copy")
    copy = reader.optional_text(copy_node, f"{where}.copy")
    if copy and copy_node is not None and not weak:
        reader.report(copy_node, f"{where}.copy", "copy says what a weak source is: add weak: true")
    source = Source(
        publisher=reader.text(values.get("publisher"), f"{where}.publisher"),
        title=reader.text(values.get("title"), f"{where}.title"),
        url=url,
        published=published or NO_DATE,
        quote=quote,
        weak=weak,
        copy=copy,
        published_inferred=_published_precision(
            reader, values.get("published_precision"), f"{where}.published_precision", published
        ),
    )
    return Cited(source, values.get("quote"), f"{where}.quote")


def _published_precision(
    reader: Reader, node: Node | None, where: str, published: PartialDate | None
) -> bool:
    """``day``, ``month`` or ``year`` must agree with the date as written; ``inferred`` says the
    page prints no date of its own. True for inferred."""
    word = reader.choice(node, where, "precision", _PRECISIONS)
    if word is None or node is None:
        return False
    if word != "inferred" and published is not None and Precision(word) is not published.precision:
        reader.report(
            node,
            where,
            f"says {word}, but the date {published} is precise to the {published.precision.value}",
        )
    return word == "inferred"


def _url(reader: Reader, node: Node | None, where: str) -> str:
    url = reader.text(node, where)
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
    reader.report(node, where, f"not an http(s) URL: {snippet(url)}{reason}")
    return url


def warn_copies(
    reader: Reader,
    node: Node | None,
    where: str,
    sources: tuple[Source, ...],
    value: Number | None,
    computed: str | None,
    spelled: tuple[str, ...] = (),
) -> None:
    """Warn at ``node`` when the sources that state ``value`` (all of them for a computed value,
    which no quote states) are copies alone, in the words answers will use."""
    if node is None or value is None:
        return
    stating = sources if computed else tuple(s for s in sources if quote_contains(s.quote, value, spelled))
    caveat = copy_caveat(stating or sources)
    if caveat is not None:
        reader.warn(node, where, f"rests on copies alone; answers say: {caveat}")
