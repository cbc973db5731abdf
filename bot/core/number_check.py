"""Each number of a draft, held against the book: the machinery of ``check`` and ``verify``.

A number is tied to the fact its clause is about (the resolver's ``about``: the clause's subject
words, a part of a breakdown, a date in the sentence), never to a fact merely because the fact
has that number. Verdicts are cautious, because a wrong "that's right" is worse than none:

* **matches**: the fact the clause is about has this number (with a compatible unit and
  qualifier) for the time the sentence gives, or, with no time given, as its latest or an earlier
  value (the earlier one is named as such);
* **differs**: the clause is confidently about one figure and the number is not its value for that
  time: the reply gives the book's value, date and source;
* **unknown** (not in the book): anything else, including a number that is some other figure's
  value while the clause is about something the book does not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.core.draft_numbers import APPROXIMATE, MAX_NUMBERS, Found, numbers_in
from bot.core.resolve import Answer, Resolver
from bot.facts.model import Event, Fact, Figure, Part, PartialDate, Revision, Source

__all__ = ["MAX_NUMBERS", "Found", "Verdict", "judge", "numbers_in"]

_MORE = frozenset({"more than", "over", "just over", "at least"})
_LESS = frozenset({"fewer than", "less than", "under", "just under", "up to"})
_FIRST_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class BookValue:
    """The value of the book a number was compared with."""

    number: Decimal
    unit: str  # "count" | "percent" | "ratio"
    text: str  # as the book shows it: "more than 1,400", "26%"
    qualifier: str
    as_of: PartialDate
    sources: tuple[Source, ...]
    earlier: bool = False  # an earlier value of the figure, not its latest
    part: str = ""  # the line of the breakdown, if it is one


@dataclass(frozen=True)
class Verdict:
    found: Found
    outcome: str  # "matches" | "differs" | "unknown"
    fact: Fact | None = None
    book: BookValue | None = None


_SHARE_WORDS = re.compile(r"\b(?:half|halves|thirds?|quarters?|fifths?|tenths?|per ?cent)\b|%")
_SHARE_COUNTS = re.compile(r"^(?:share|proportion|percentage)\b|\bpercent\b|\bper cent\b")


def _unit_of(display: str, counts: str = "") -> str:
    text = display.lower()
    if _SHARE_WORDS.search(text) or _SHARE_COUNTS.search(counts.lower()):
        return "percent"
    if text.startswith(("one in", "1 in")) or " one in " in f" {text}":
        return "ratio" if "%" not in text else "percent"
    return "count"


def _figure_value(fig: Figure, holder: Figure | Revision, earlier: bool) -> BookValue:
    return BookValue(
        Decimal(holder.value),
        _unit_of(holder.value_text, holder.counts or fig.counts),
        holder.value_line,
        holder.qualifier or "",
        holder.as_of,
        holder.sources,
        earlier,
    )


def _part_value(part: Part, holder: Figure | Revision) -> BookValue | None:
    if isinstance(part.value, str):
        number = _FIRST_NUMBER.search(part.value)
        if number is None:
            return None
        value = Decimal(number.group().replace(",", ""))
        qualifier = next((q for q in APPROXIMATE | _MORE | _LESS if part.value.lower().startswith(q)), "")
    else:
        value, qualifier = Decimal(part.value), ""
    unit = _unit_of(part.display_value)
    text = part.display_value
    return BookValue(value, unit, text, qualifier, holder.as_of, holder.sources, part=part.label)


def _comparable(found: Found, book: BookValue) -> Decimal | None:
    """The book's number in the claim's unit, or None when the two cannot be compared."""
    if found.unit == book.unit:
        return book.number
    if found.unit == "percent" and book.unit == "ratio" and book.number:
        return (Decimal(100) / book.number).quantize(Decimal("0.1"))
    if found.unit == "ratio" and book.unit == "percent" and book.number:
        return (Decimal(100) / book.number).quantize(Decimal("0.1"))
    return None


def agrees(found: Found, book: BookValue) -> bool | None:
    """Does the claim say what the book says? None when the units cannot be compared."""
    number = _comparable(found, book)
    if number is None:
        return None
    claim, q = found.value, found.qualifier
    if found.unit == "ratio" and book.unit == "percent":
        claim = (Decimal(100) / found.value).quantize(Decimal("0.1"))
        number = book.number
    if claim == number:
        return not ((q in _MORE and book.qualifier in _LESS) or (q in _LESS and book.qualifier in _MORE))
    if q in APPROXIMATE or book.qualifier in APPROXIMATE or found.unit != "count":
        # "almost 700" is 689; "a third" is 33.3 and the book's 33%.
        return abs(claim - number) <= max(claim * Decimal("0.05"), Decimal("0.5"))
    if q in _MORE:
        return number > claim or (number == claim and book.qualifier in _MORE)
    if q in _LESS:
        return number < claim or (number == claim and book.qualifier in _LESS)
    return False


def _event_value(found: Found, event: Event) -> BookValue | None:
    """An event's title or summary states the number (with its own qualifier, if any)."""
    for text in (event.title, event.summary):
        for match in _FIRST_NUMBER.finditer(text):
            value = Decimal(match.group().replace(",", ""))
            before = text[: match.start()].lower().rstrip()
            qualifier = next((q for q in (*APPROXIMATE, *_MORE, *_LESS) if before.endswith(q)), "")
            book = BookValue(value, "count", match.group(), qualifier, event.date, event.sources)
            if agrees(found, book):
                return book
    return None


def _units(fact: Fact) -> set[str]:
    """The units of a fact's own values (its parts are other measures): an event's are counts."""
    if isinstance(fact, Event):
        return {"count"}
    units = {_unit_of(fact.value_text, fact.counts)}
    units |= {_unit_of(r.value_text, r.counts or fact.counts) for r in fact.revisions}
    return units


def _lines_named(resolver: Resolver, found: Found, fig: Figure, holder: Figure | Revision) -> list[BookValue]:
    """Lines of the breakdown whose label the clause uses ("76 were for serious traffic
    offences"), of the unit the claim has: what the number is compared with before the headline."""
    words = resolver.understand(found.about).terms
    named = []
    for part in holder.parts:
        label = resolver.understand(part.label).terms
        book = _part_value(part, holder)
        if book is not None and words & label and _comparable(found, book) is not None:
            named.append(book)
    return named


def judge(resolver: Resolver, found: Found) -> Verdict:
    wanted = {found.unit} | ({"ratio", "percent"} - {"count"} if found.unit != "count" else set())

    def fits(fact: Fact) -> bool:
        return bool(_units(fact) & wanted)

    def figure_fits(fact: Fact) -> bool:
        return isinstance(fact, Figure) and fits(fact)

    # Figures first (a number is a figure's value before it is an event's wording); the clause
    # alone first, then the whole sentence when the clause does not name its subject ("..., with
    # 14 reports now received a week").
    outcome = None
    for text in (found.about, found.sentence_without):
        for test in (figure_fits, fits):
            outcome = resolver.about(text, found.sentence, test)
            if isinstance(outcome, Answer):
                break
        if isinstance(outcome, Answer):
            break
    if not isinstance(outcome, Answer):
        return Verdict(found, "unknown")
    fact = outcome.fact
    if isinstance(fact, Event):
        book = _event_value(found, fact)
        return Verdict(found, "matches", fact, book) if book else Verdict(found, "unknown")
    holder: Figure | Revision = outcome.revision or fact
    if outcome.part is not None:
        value = _part_value(outcome.part, holder)
        candidates = [value] if value else []
    elif outcome.revision is not None or outcome.asked:
        candidates = [_figure_value(fact, holder, outcome.revision is not None)]
    else:
        # No time given: a line the clause names, the latest value, or any earlier one (named as
        # such in the reply).
        candidates = _lines_named(resolver, found, fact, holder)
        candidates += [_figure_value(fact, fact, False)]
        candidates += [_figure_value(fact, r, True) for r in reversed(fact.revisions)]
    comparable = [(c, agrees(found, c)) for c in candidates]
    comparable = [(c, ok) for c, ok in comparable if ok is not None]
    if not comparable:
        return Verdict(found, "unknown")  # a share asked of a count: not this figure's number
    for book, ok in comparable:
        if ok:
            return Verdict(found, "matches", fact, book)
    return Verdict(found, "differs", fact, comparable[0][0])
