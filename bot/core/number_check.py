"""`check <text>`: each number in a draft paragraph, held against the book.

Verdicts are deliberately cautious, because a wrong "that's right" is worse than none:

* **matches**: a figure the sentence is about has this exact number, as its latest or an earlier
  value (so "161 officers with convictions" matches, and the reply says the book's latest is 322);
* **differs**: no figure near the sentence has the number, and the sentence is confidently about
  one figure: the reply gives the book's value, date and source;
* **not in the book**: anything else. Years, days of the month and times are not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.core.resolve import Answer, Resolver
from bot.facts.model import Figure, Number

MAX_NUMBERS = 10  # a paragraph, not a whole article
MIN_COVERAGE = 0.5  # a candidate figure must match at least half of the sentence's weight
CANDIDATES = 8

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
# A number's context is its clause: "161 officers had convictions and 250 were suspended" holds
# two claims. Commas inside numbers ("1,131") have no space after them, so they do not split.
_CLAUSE_BREAK = re.compile(r",\s+|;\s+|:\s+|\s+(?:and|but|while|whereas)\s+", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![\w.,:])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)(?!:\d)(\s*(?:%|per\s?cent))?",
    re.IGNORECASE,
)
_MONTHS = (  # noqa: SIM905 - a list of 24 words reads better as one string
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_DAY_OF_MONTH = re.compile(r"^\s*(?:" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(_MONTHS) + r")\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A number in the text, with the sentence it stands in."""

    text: str  # as written: "1,131", "26%"
    value: Decimal
    sentence: str  # the clause it stands in
    start: int  # offset in the clause


@dataclass(frozen=True)
class Verdict:
    found: Found
    outcome: str  # "matches" | "differs" | "unknown"
    figure: Figure | None = None
    earlier: bool = False  # matched an earlier value, not the latest


def numbers_in(text: str) -> list[Found]:
    """Numbers worth checking, in order: not years, not days of the month, not clock times."""
    found: list[Found] = []
    clauses = (c for s in _SENTENCE_END.split(text) for c in _CLAUSE_BREAK.split(s))
    for sentence in clauses:
        for match in _NUMBER.finditer(sentence):
            raw, percent = match.group(1), match.group(2)
            try:
                value = Decimal(raw.replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
                continue
            after, before = sentence[match.end() :], sentence[: match.start()]
            is_year = not percent and "," not in raw and len(raw) == 4 and 1900 <= value <= 2099
            is_day = (
                not percent and value <= 31 and (_DAY_OF_MONTH.match(after) or _MONTH_BEFORE.search(before))
            )
            if is_year or is_day:
                continue
            found.append(Found(raw + ("%" if percent else ""), value, sentence, match.start()))
            if len(found) == MAX_NUMBERS:
                return found
    return found


def _equal(a: Number, b: Decimal) -> bool:
    return Decimal(a) == b


def judge(resolver: Resolver, found: Found) -> Verdict:
    # The sentence without the number says what the number is about.
    about = found.sentence[: found.start] + " " + found.sentence[found.start + len(found.text) :]
    ranked = [s for s in resolver.scores(about) if isinstance(s.fact, Figure) and s.coverage >= MIN_COVERAGE][
        :CANDIDATES
    ]
    for scored in ranked:
        figure = scored.fact
        assert isinstance(figure, Figure)
        if _equal(figure.value, found.value):
            return Verdict(found, "matches", figure)
        if any(_equal(r.value, found.value) for r in figure.revisions):
            return Verdict(found, "matches", figure, earlier=True)
    outcome = resolver.resolve(about)
    if isinstance(outcome, Answer) and isinstance(outcome.fact, Figure):
        return Verdict(found, "differs", outcome.fact)
    return Verdict(found, "unknown")
