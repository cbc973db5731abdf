"""Does a source's quote really contain the figure's number?

A quote is the reader's evidence, so the number must appear as a whole number in it: 16 is found in
"16 officers" but not inside "161" or "2016", and 2.5 is not found inside "12.5" or "2.55".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from bot.facts.numbers import numbers_in

Number = int | Decimal  # as in bot.facts.model, which imports this module

# Not preceded by a digit, nor by a digit and a separator ("1,131" must not yield 131);
# not followed by a digit, nor by a separator and a digit ("1,131,000" must not yield 1,131).
_BEFORE = r"(?<!\d)(?<!\d[.,])"
_AFTER = r"(?!\d)(?![.,]\d)"


def number_forms(value: Number) -> tuple[str, ...]:
    """How a quote may write ``value``: 1131 -> ('1131', '1,131'); Decimal('2.50') -> ('2.50', '2.5').

    The sign is left out: a quote says "fell by 5" as often as "-5".
    """
    magnitude = abs(value)
    if isinstance(magnitude, int):
        candidates = [str(magnitude), f"{magnitude:,}"]
    else:
        candidates = []
        for spec in ("f", ",f"):
            text = format(magnitude, spec)  # never scientific: Decimal("1E+3") -> "1000"
            candidates.append(text)
            if "." in text:
                candidates.append(text.rstrip("0").rstrip("."))
    return tuple(dict.fromkeys(candidates))


@lru_cache(maxsize=4096)
def _number_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first so "1,131" is tried before "1131" would stop short of it.
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}")


def _spelled_pattern(form: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in form.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def quote_contains(quote: str, value: Number, spelled: Iterable[str] = ()) -> bool:
    """True when ``quote`` shows ``value`` as a whole number (in digits, grouped "1 131", or number
    words such as "nine"), or one of its declared ``spelled`` forms as words."""
    if _number_pattern(number_forms(value)).search(quote):
        return True
    # Digits are matched as written above (so "1.0" and "00" stay other numbers); the reader adds only
    # what the pattern cannot see: number words ("nine") and groups split by spaces ("1 131").
    wanted = Fraction(value if value >= 0 else -value)
    if any(m.key in (("n", wanted), ("percent", wanted)) and _unseen(m.text) for m in numbers_in(quote)):
        return True
    return any(form.strip() and _spelled_pattern(form).search(quote) for form in spelled)


def with_digits(quote: str, value: Number, spelled: Iterable[str]) -> str:
    """``quote`` with each declared spelled form of ``value`` written in digits, so the number reader
    sees "Two and a half per cent" as the percentage it is, and "307, 452" as one number."""
    for form in spelled:
        if form.strip():
            quote = _spelled_pattern(form).sub(str(value), quote)
    return quote


def _unseen(text: str) -> bool:
    """A form the digit pattern cannot see: number words, or digit groups split by a space."""
    digits = re.match(r"[\d.,\s\u00a0\u2009\u202f]*", text)
    core = digits.group(0).strip() if digits else ""
    return not core or bool(re.search(r"\s", core))


def describe_forms(value: Number, spelled: Iterable[str] = ()) -> str:
    """The forms looked for, for an error message: "'1131' or '1,131'"."""
    forms = [*number_forms(value), *(s for s in spelled if s.strip())]
    quoted = [repr(f) for f in forms]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
