"""The numbers a reader sees in a piece of text, and the numbers a quote can vouch for.

``numbers_in(text)`` finds every number as written: digits (``1,131``, ``1131``, ``1 131``, ``2.5``,
``47%``, ``37th``, ``1.2 million``), number words (``nine``, ``twenty-one``, ``a hundred``),
fractions (``half``, ``a third``, ``three-quarters``) and ratios (``one in five``, ``1 in 200``).
Each becomes a ``Mention`` whose ``key`` compares equal across forms, so "nine" in a statement is
vouched for by "9" in a quote, "20 per cent" by "20%", and "one in five" by "1 in 5"; a share (a
fraction or a ratio) and a percentage are never equal to a count, nor to each other.

``shown_numbers(text)`` drops what is not a number for the book's number-in-quote rule: years, days
of the month, clock times and a period that frames a measure ("in the 12 months to September").
Ages and sentence lengths stay numbers.

Number words are read from a closed table, not a parser library, because none of the maintained
ones reads the book's forms (checked on every text of facts.yaml): text2num 3.1 leaves "one"/"two"
as words by default and, with its threshold off, reads "no one" and "one another" as numbers, "a
third" as the ordinal "a 3rd", "1.2 million" as two numbers, and leaves "two-thirds", "half" and
"a thousand" alone; number-parser 0.3 reads "a third" as 3 and no fractions; numerizer 0.2 turns
every "a" into 1 ("1 claim", "City 1.M."); word2number 1.1 parses one whole string, summing
unrelated numbers. The table is small, and the rule must be predictable to a curator.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# A count or amount ("n"), a percentage ("percent": 20%, 20 per cent) or a share ("share": a fraction
# or a ratio). Kinds never vouch for each other: "47 officers" in a quote does not back "47%".
Key = tuple[str, Fraction]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# "a third", "two-thirds", "three quarters": the denominator a fraction word names.
FRACTION_PARTS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "tenth": 10,
    "tenths": 10,
}
_MONTHS = (  # noqa: SIM905 - two dozen words read better as one string
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()

_WORD = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(k for k in _UNITS if _UNITS[k] < 10) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
# A run of number words: "twenty-one", "a hundred", "two hundred and fifty", "a thousand".
_WORDS = re.compile(
    rf"\b(?:{_WORD}|an?(?=\s+(?:hundred|thousand|million|billion)\b))"
    rf"(?:\s+(?:and\s+)?(?:{_WORD}|hundred|thousand|million|billion)\b)*\b",
    re.IGNORECASE,
)
_PART_WORDS = "|".join(sorted(FRACTION_PARTS, key=len, reverse=True))
# "a third", "two-thirds", "three quarters", "one half"; and "half" on its own.
_FRACTION = re.compile(
    rf"\b(?:(an?|{_WORD})[- ]({_PART_WORDS})|(half))\b",
    re.IGNORECASE,
)
# Digits: "1,131", "1131", "1 131" (a space or a thin space between groups of three), "2.5".
# Not inside a word or a longer number ("Covid-19", "A1", "11,131" must not yield 131).
_DIGITS = (
    r"(?<![\w.,])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,])"
    r"|\d+)(\.\d+)?(?![.,]\d)"
)
_NUMBER = re.compile(
    _DIGITS + r"(?:(\s?(?:%|per\s?cent|percent)\b|%)|(st|nd|rd|th)\b|(\s?(?:million|m|billion|bn)\b))?",
    re.IGNORECASE,
)
# "one in five", "1 in 200", "one in every 100".
_RATIO = re.compile(
    rf"\b({_WORD}|\d+)\s+in\s+(?:every\s+)?({_WORD}|\d{{1,3}}(?:,\d{{3}})+|\d+)\b",
    re.IGNORECASE,
)
# Words that look like numbers but count nothing: "no one", "one another", "a one-off", "the first half".
_NOT_A_NUMBER = re.compile(
    r"\b(?:no|any|some|every)\s*one\b|\bone\s+another\b|\bone-off\b|\b(?:first|second|latter)\s+half\b",
    re.IGNORECASE,
)
_MONTH = r"(?:" + "|".join(_MONTHS) + r")\.?"
_AFTER_DAY = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b", re.IGNORECASE)
_BEFORE_DAY = re.compile(rf"\b{_MONTH}\s+$", re.IGNORECASE)
_CLOCK = re.compile(
    r"(?<![\d.,])\d{1,2}(?::\d{2}(?:\s?(?:am|pm|a\.m\.|p\.m\.))?|[.]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)"
    r"|\s?(?:am|pm|a\.m\.|p\.m\.))(?!\w)",
    re.IGNORECASE,
)
# The period a measure covers: "the 12 months to September", "the past six months".
_PERIOD_AFTER = re.compile(
    r"^\s+(?:calendar\s+|financial\s+)?(?:days?|weeks?|months?|years?)\b", re.IGNORECASE
)
_PERIOD_BEFORE = re.compile(
    r"\bthe\s+(?:(?:past|last|previous|preceding|first|next|latest|following)\s+)?$", re.IGNORECASE
)
# "2022-23", "2019–22", "2022/23": the second half of a span of years.
_YEAR_SPAN = re.compile(r"\b(?:1[89]|20)\d\d[-–/]$")


@dataclass(frozen=True)
class Mention:
    """One number as written in a text, with where it stands and what it is worth."""

    text: str
    key: Key
    start: int
    end: int


def _words_value(words: str) -> int | None:
    """ "two hundred and fifty" -> 250; "a thousand" -> 1000; None if it is not one number."""
    total = current = 0
    seen = False
    for raw in re.split(r"[\s-]+", words.lower()):
        if raw in ("and", ""):
            continue
        if raw in ("a", "an"):
            current = 1
        elif raw in _UNITS:
            current += _UNITS[raw]
        elif raw in _TENS:
            current += _TENS[raw]
        elif raw == "hundred":
            current = (current or 1) * 100
        elif raw in _SCALES:
            total += (current or 1) * _SCALES[raw]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _count(text: str) -> Fraction | None:
    """Digits or number words as a plain value."""
    cleaned = re.sub(r"[,\s\u00a0\u2009\u202f]", "", text)
    if cleaned.replace(".", "", 1).isdigit():
        return Fraction(Decimal(cleaned))
    words = _words_value(text)
    return Fraction(words) if words is not None else None


@functools.lru_cache(maxsize=8192)
def numbers_in(text: str) -> tuple[Mention, ...]:
    """Every number in ``text``, in order; a ratio or a fraction is one mention, not two.

    Cached: the number rule reads the same quotes once for every item that cites them, and a
    reload reads the same texts again; mentions are frozen, so sharing them is safe."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, key: Key) -> None:
        found.append(Mention(text[start:end], key, start, end))
        taken.append((start, end))

    for match in _NOT_A_NUMBER.finditer(text):
        taken.append(match.span())
    for match in _RATIO.finditer(text):
        top, bottom = _count(match.group(1)), _count(match.group(2))
        if re.fullmatch(r"(?:1[89]|20)\d\d", match.group(2)):
            continue  # "two in 2021" is a count and a year, not a ratio
        if top and bottom and free(*match.span()):
            add(*match.span(), ("share", top / bottom))
    for match in _FRACTION.finditer(text):
        if not free(*match.span()):
            continue
        if match.group(3):
            add(*match.span(), ("share", Fraction(1, 2)))
            continue
        top = _count(match.group(1))
        if top:
            add(*match.span(), ("share", top / FRACTION_PARTS[match.group(2).lower()]))
    for match in _NUMBER.finditer(text):
        if not free(*match.span()):
            continue
        whole, decimals, _percent, _ordinal, scale = match.groups()
        value = Fraction(Decimal(re.sub(r"[,\s\u00a0\u2009\u202f]", "", whole) + (decimals or "")))
        if scale:
            word = scale.strip().lower()
            value *= 1_000_000_000 if word in ("billion", "bn") else 1_000_000
        add(*match.span(), ("percent" if _percent else "n", value))
    for match in _WORDS.finditer(text):
        if not free(*match.span()):
            continue
        words = _words_value(match.group(0))
        if words is not None:
            add(*match.span(), ("n", Fraction(words)))
    return tuple(sorted(found, key=lambda m: m.start))


def _is_framing(text: str, mention: Mention) -> bool:
    """A year, a day of the month, a clock time, or the period a measure covers."""
    before, after = text[: mention.start], text[mention.end :]
    kind, value = mention.key
    if kind != "n":
        return False
    written = mention.text.strip()
    if re.fullmatch(r"(?:1[89]|20)\d\d", written):
        return True  # a year
    if _YEAR_SPAN.search(before) and re.fullmatch(r"\d\d", written):
        return True
    next_to_month = _AFTER_DAY.match(after) or (
        _BEFORE_DAY.search(before) and not re.match(r"\s*(?:%|per\s?cent)", after, re.IGNORECASE)
    )
    if value.denominator == 1 and 1 <= value <= 31 and next_to_month:
        return True
    return bool(_PERIOD_AFTER.match(after) and _PERIOD_BEFORE.search(before))


def shown_numbers(text: str) -> list[Mention]:
    """The numbers in ``text`` that the number-in-quote rule holds to a quote."""
    clocks = [m.span() for m in _CLOCK.finditer(text)]
    return [
        m
        for m in numbers_in(text)
        if not _is_framing(text, m) and all(m.end <= a or m.start >= b for a, b in clocks)
    ]


def quoted_keys(quotes: list[str] | tuple[str, ...]) -> frozenset[Key]:
    """Every number any of ``quotes`` shows, as keys (a million-form also vouches for its digits)."""
    keys: set[Key] = set()
    for quote in quotes:
        for mention in numbers_in(quote):
            keys.add(mention.key)
            scaled = re.search(r"(\d[\d,.]*)\s?(?:million|m|billion|bn)\b", mention.text, re.IGNORECASE)
            if scaled:
                keys.add(("n", Fraction(Decimal(scaled.group(1).replace(",", "")))))
    return frozenset(keys)
