"""The number-in-quote rule: every number an answer shows stands in a quote of that fact's sources.

``number_checks`` runs these over each shown field (titles, statements, counts, parts, notes,
summaries, anniversary wording, revisions) with the quotes the field may lean on, and reports what
is left.

A number the curator worked out (a share, a sum, a difference) is allowed only when it says so:
in prose, straight after the number, as "47% (computed: 76 of 161)", whose own numbers must then
be quoted; on a value or a part, with a ``computed`` field, which the answer shows beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.facts.numbers import Key, Mention, numbers_in, quoted_keys, shown_numbers

__all__ = ["Key", "Mention", "evaluative", "keys_of", "unsupported"]

_COMPUTED = re.compile(r"\s*\(computed:\s*[^()]*\)", re.IGNORECASE)
# House style: a figure is not talked up or down outside a quote ("only 29%", "just 3").
_EVALUATIVE = re.compile(
    r"\b(only|just|merely|a\s+mere|as\s+many\s+as|as\s+few\s+as|a\s+staggering|a\s+whopping)\s+$",
    re.IGNORECASE,
)


def keys_of(quotes: Iterable[str]) -> frozenset[Key]:
    return quoted_keys(tuple(quotes))


def unsupported(text: str, keys: frozenset[Key]) -> list[Mention]:
    """The numbers ``text`` shows that no quote behind ``keys`` vouches for.

    A number followed by "(computed: ...)" is the curator's own arithmetic, declared; the numbers
    inside the parentheses are held to the quotes like any other.
    """
    declared = {m.start() for m in _COMPUTED.finditer(text)}
    return [m for m in shown_numbers(text) if m.key not in keys and m.end not in declared]


def evaluative(text: str) -> list[tuple[str, Mention]]:
    """ "only" or "just" (and their kin) right before a number, with the word found."""
    found = []
    for mention in numbers_in(text):
        match = _EVALUATIVE.search(text[: mention.start])
        if match:
            found.append((match.group(1), mention))
    return found
