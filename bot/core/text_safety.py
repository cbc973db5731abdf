"""Making user text safe to process and to echo.

The core only normalises; each surface still escapes for its own markup. Queries are cut to a
length no real question needs, so a 10,000-character paste costs nothing downstream.
"""

from __future__ import annotations

import unicodedata

MAX_TEXT = 2000  # characters kept from a command line (a `check` paragraph); cut, never rejected
MAX_QUERY = 300  # characters of a lookup question the resolver reads
ECHO_LIMIT = 80  # characters of the query echoed back in "I don't know X"


def clean_query(text: str, limit: int = MAX_TEXT) -> str:
    """Drop control and format characters, fold whitespace, cut to ``limit`` characters."""
    kept = []
    for ch in text[: limit * 4]:
        category = unicodedata.category(ch)
        if ch.isspace():
            kept.append(" ")
        elif category[0] == "C":  # Cc control, Cf format (zero-width, bidi), Cs, Co, Cn
            continue
        else:
            kept.append(ch)
    return " ".join("".join(kept).split())[:limit]


def echo_text(text: str) -> str:
    """The query as it may be quoted back: cleaned and shortened with an ellipsis."""
    cleaned = clean_query(text)
    return cleaned if len(cleaned) <= ECHO_LIMIT else cleaned[: ECHO_LIMIT - 1].rstrip() + "…"
