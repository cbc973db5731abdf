"""The numbers of a draft, as a reporter writes them: digits ("1,131", "4.5"), number words
("nine", "a hundred and forty-four", by text2num), percentages ("26%", "26 per cent"), fractions
("a third", "two-thirds", "three-quarters", "half") and ratios ("one in 200", "four in five"),
each with the qualifier before it ("more than", "almost") and the sentence and clause it is in.

Years, days of the month, clock times and ordinals are not claims and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import find_numbers

from bot.core.intent import MONTHS
from bot.core.language import NUMBER_WORDS, NumberToken
from bot.facts.numbers import FRACTION_PARTS

MAX_NUMBERS = 10  # `check` reads a paragraph, not a whole article
MAX_DRAFT_NUMBERS = 500  # `verify` reads an article

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])|\n\s*\n|\n\s*[•*-]\s+")
# A number's context is its clause: "161 officers had convictions and 250 were suspended" holds
# two claims. Commas inside numbers ("1,131") have no space after them, so they do not split.
_CLAUSE_BREAK = re.compile(
    r",\s+|;\s+|:\s+|\s+[–—-]\s+|(?<!hundred)(?<!thousand)\s+(?:and|but|while|whereas)\s+", re.IGNORECASE
)
# "in six months", "over the next 12 months": a period that frames a measure, not a claim.
_PERIOD_BEFORE = frozenset({"in", "over", "within", "past", "last", "next", "the", "previous", "first"})
_PERIODS = frozenset(
    {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"}
)
_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+(?:['’][A-Za-z]+)?|%")
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "nine": 9}
# Longest first, so "more than" is read before "more".
QUALIFIERS = (
    "just over",
    "just under",
    "more than",
    "fewer than",
    "less than",
    "up to",
    "at least",
    "close to",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "under",
    "approx",
)
APPROXIMATE = frozenset(
    {"about", "around", "roughly", "approximately", "approx", "some", "nearly", "almost", "close to"}
)


@dataclass(frozen=True)
class Found:
    """A number in a draft, with what it is about."""

    text: str  # as written: "1,131", "nine", "a third", "26%", "one in 200"
    value: Decimal  # 1131, 9, 33.3…, 26, 200
    unit: str  # "count" | "percent" | "ratio" (a ratio's value is the N of "one in N")
    qualifier: str  # "more than", "almost", ... or ""
    sentence: str  # the whole sentence, as written
    clause: str  # the clause it stands in: what it is about
    start: int  # where the number starts in the clause
    end: int  # ... and ends

    @property
    def about(self) -> str:
        """The clause without the number (and its qualifier): the words that say what it counts."""
        return self.clause[: self.start] + " " + self.clause[self.end :]

    @property
    def sentence_without(self) -> str:
        """The whole sentence without this number's clause's number: the wider context."""
        at = self.sentence.find(self.clause)
        if at < 0:
            return self.sentence
        return self.sentence[:at] + self.about + self.sentence[at + len(self.clause) :]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_BREAK.split(sentence) if c.strip()]


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _is_year(tok: NumberToken, value: Decimal) -> bool:
    return "," not in tok.word and len(tok.word) == 4 and 1900 <= value <= 2099


def _qualifier(clause: str, start: int) -> tuple[str, int]:
    before = clause[:start].rstrip().lower()
    for q in QUALIFIERS:
        if before.endswith(q) and (len(before) == len(q) or not before[-len(q) - 1].isalpha()):
            return q, len(clause[:start].rstrip()) - len(q)
    return "", start


def _read_clause(clause: str, sentence: str) -> list[Found]:
    toks = [NumberToken(m.group(), m.start(), m.end()) for m in _WORD.finditer(clause)]
    lower = [t.word.lower() for t in toks]
    found: list[Found] = []
    used: set[int] = set()

    def add(first: int, last: int, value: Decimal, unit: str) -> None:
        period = last + 1 < len(toks) and lower[last + 1] in _PERIODS
        if period and first > 0 and lower[first - 1] in _PERIOD_BEFORE:
            return
        if value == value.to_integral_value():
            value = Decimal(int(value))
        if unit == "percent" and last + 1 < len(toks) and lower[last + 1] in {"%", "percent", "per"}:
            last += 2 if lower[last + 1] == "per" and last + 2 < len(toks) else 1
        start, end = toks[first].start, toks[last].end
        qualifier, qstart = _qualifier(clause, start)
        found.append(Found(clause[start:end], value, unit, qualifier, sentence, clause, qstart, end))
        used.update(range(first, last + 1))

    # Fractions and ratios first: "two-thirds", "a third", "one in 200", "four in five".
    for i, word in enumerate(lower):
        if i in used:
            continue
        if word in FRACTION_PARTS and i > 0 and lower[i - 1] in _SMALL and i - 1 not in used:
            value = Decimal(100 * _SMALL[lower[i - 1]]) / FRACTION_PARTS[word]
            add(i - 1, i, value.quantize(Decimal("0.1")), "percent")
        elif word == "half" and (i == 0 or lower[i - 1] not in _SMALL):
            add(i, i, Decimal(50), "percent")
        elif word == "in" and 0 < i < len(toks) - 1 and i - 1 not in used:
            a, b = _small_or_digit(lower[i - 1]), _small_or_digit(lower[i + 1])
            if a and b and b > a:
                if a == 1:
                    add(i - 1, i + 1, Decimal(b), "ratio")
                else:
                    add(i - 1, i + 1, (Decimal(100 * a) / b).quantize(Decimal("0.1")), "percent")
    # Number words: text2num, over the words not read yet.
    words = [t for i, t in enumerate(toks) if i not in used and not t.word[0].isdigit()]
    if any(t.word.lower() in NUMBER_WORDS for t in words):
        for occ in find_numbers(words, "en", threshold=0):
            if occ.is_ordinal:
                continue
            first, last = toks.index(words[occ.start]), toks.index(words[occ.end - 1])
            if first > 0 and lower[first - 1] in {"a", "an"}:
                first -= 1  # "a hundred"
            if (first > 0 and lower[first - 1] == "no") or (lower[first] == "one" and _pronoun(lower, last)):
                continue  # "no one", "one of the"
            add(first, last, Decimal(str(occ.value)).normalize(), _unit(lower, last))
    # Digits.
    for i, tok in enumerate(toks):
        if i in used or not tok.word[0].isdigit():
            continue
        number = _decimal(tok.word)
        if number is None:
            continue
        value = number
        nxt = lower[i + 1] if i + 1 < len(toks) else ""
        prev = lower[i - 1] if i > 0 else ""
        after = clause[tok.end : tok.end + 1]
        if _is_year(tok, value) and _unit(lower, i) == "count":
            continue
        if value <= 31 and (nxt in MONTHS or prev in MONTHS) and _unit(lower, i) == "count":
            continue  # "6 April", "April 6"
        if after == ":" or (clause[tok.start - 1 : tok.start] == ":" and tok.start > 0):
            continue  # a clock time "21:30"
        if nxt in {"st", "nd", "rd", "th"}:
            continue
        add(i, i, value, _unit(lower, i))
    found.sort(key=lambda f: f.start)
    return found


def _pronoun(lower: list[str], last: int) -> bool:
    return last + 1 < len(lower) and lower[last + 1] in {"of", "another", "who", "that"}


def _small_or_digit(word: str) -> int:
    if word.isdigit():
        return int(word)
    return {**_SMALL, "six": 6, "seven": 7, "eight": 8, "ten": 10}.get(word, 0)


def _unit(lower: list[str], i: int) -> str:
    nxt = lower[i + 1] if i + 1 < len(lower) else ""
    after = lower[i + 2] if i + 2 < len(lower) else ""
    if nxt == "%" or nxt == "percent" or (nxt == "per" and after == "cent"):
        return "percent"
    return "count"


def numbers_in(text: str, limit: int = MAX_NUMBERS) -> list[Found]:
    """Numbers worth checking, in text order."""
    found: list[Found] = []
    for sentence in sentences(text):
        for clause in _clauses(sentence):
            for number in _read_clause(clause, sentence):
                found.append(number)
                if len(found) == limit:
                    return found
    return found
