"""What kind of answer a question wants, and for when: read from its words, not from the book.

"when / what date" wants an event; "how many / how much / what share" a figure. A year, a month
with a year, or "latest / first / previous" says which of a figure's values is meant.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.facts.model import PartialDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
LATEST = frozenset({"latest", "current", "currently", "now", "today", "newest", "recent", "recently"})
EARLIEST = frozenset({"first", "earliest", "original", "originally", "initially", "oldest"})
PREVIOUS = frozenset({"previous", "previously", "earlier", "before", "prior"})
_EVENT_CUES = frozenset({"when", "date", "dated", "anniversary"})
_FIGURE_CUES = frozenset(
    {"many", "much", "number", "share", "proportion", "percentage", "percent", "fraction"}
)
_HOW_CUES = frozenset({"long", "big", "often", "large"})


@dataclass(frozen=True)
class When:
    """The time a question names: years (with a month for the first, if one was given) or a pick."""

    years: tuple[int, ...] = ()
    month: int = 0
    pick: str = ""  # "latest" | "earliest" | "previous" | ""

    @property
    def date(self) -> PartialDate | None:
        return PartialDate(self.years[0], self.month) if self.years else None

    def label(self) -> str:
        """How the answer names the time asked about: "2020", "March 2022"."""
        date = self.date
        return date.display if date else ""


@dataclass(frozen=True)
class Intent:
    wants: str  # "event" | "figure" | ""
    when: When
    year_words: frozenset[str]  # the words that named years or months (not topic words)


def is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1900 <= int(word) <= 2099


def read(words: list[str]) -> Intent:
    """``words`` as ``language.words`` gives them (folded, numbers as digits, stopwords kept)."""
    years: list[int] = []
    month = 0
    pick = ""
    time_words: set[str] = set()
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if is_year(word):
            years.append(int(word))
            time_words.add(word)
            # "2024/25": a financial year, named by both of its calendar years.
            if len(nxt) == 2 and nxt.isdigit() and int(nxt) == (int(word) + 1) % 100:
                years.append(int(word) + 1)
                time_words.add(nxt)
        elif word in MONTHS and (is_year(nxt) or (i > 0 and is_year(words[i - 1]))):
            # "may" alone is a verb; a month counts only beside a year.
            if not month and (not years or is_year(nxt)):
                month = MONTHS[word]
            time_words.add(word)
        elif not pick and word in LATEST:
            pick = "latest"
        elif not pick and word in EARLIEST:
            pick = "earliest"
        elif not pick and word in PREVIOUS and not (is_year(nxt) or nxt in MONTHS):
            pick = "previous"
    if "right" in words and "now" in words:
        pick = "latest"
    wanted = set(words)
    wants = ""
    if wanted & _EVENT_CUES or ("what" in wanted and wanted & {"day", "year"} and "many" not in wanted):
        wants = "event"
    elif wanted & _FIGURE_CUES or ("how" in wanted and wanted & _HOW_CUES):
        wants = "figure"
    return Intent(wants, When(tuple(years), month if years else 0, pick), frozenset(time_words))
