"""How names are compared: one fold for the loader's clash check and the resolver's lookups.

Two names that fold alike are the same name to a reader typing them, so the loader refuses a
book where they lead to different facts (``criminal-records`` on an event and ``criminal records``
on a figure), and the resolver finds a fact by any name folded this way.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, accents folded, punctuation to spaces, digits' thousands separators removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = text.replace("'s ", " ").replace("’s ", " ")
    return " ".join(_NON_WORD.sub(" ", text).split())
