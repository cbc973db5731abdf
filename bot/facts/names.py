"""How names are compared, once for the whole bot: the loader's clash checks and the resolver use
the same ``fold``, so two names that ``figurebot check`` lets through can never collide in a lookup
(an alias ``criminal-records`` on an event and a title "Criminal records" are the same name)."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
# "1,131" is one number, not "1 131"; the separator goes before punctuation becomes space.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A possessive is the same name as its noun: "Casey's report" ~ "Casey report".
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def fold(text: str) -> str:
    """Lower case, accents folded, possessives and thousands separators dropped, every run of
    punctuation or space as one space: "Met’s  CRIMINAL-records (1,131)" -> "met criminal records 1131"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = _THOUSANDS.sub("", _POSSESSIVE.sub("", text))
    return " ".join(_NON_WORD.sub(" ", text).split())
