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
# Verbs that, in a "when" question, say that the event happened ("when was the report published",
# "when was the hotline launched"); the nouns say which event.
OCCURRENCE = frozenset(
    {
        *("publish", "published", "publishes", "release", "released", "releases", "issue", "issued"),
        *("announce", "announced", "announces", "launch", "launched", "launches", "unveil", "unveiled"),
        *("happen", "happened", "start", "started", "starts", "begin", "began", "begun"),
        *("occur", "occurred", "out"),  # "when is the report out"
    }
)
_FIGURE_CUES = frozenset(
    {"many", "much", "number", "share", "proportion", "percentage", "percent", "fraction"}
)
_HOW_CUES = frozenset({"long", "big", "often", "large"})
_SHARE_CUES = frozenset({"percent", "percentage", "share", "proportion", "fraction", "ratio"})
# Spans a count can be over or per, by the words that name them.
PERIODS = {
    "day": "day",
    "days": "day",
    "daily": "day",
    "week": "week",
    "weeks": "week",
    "weekly": "week",
    "month": "month",
    "months": "month",
    "monthly": "month",
    "year": "year",
    "years": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
}
_PER = frozenset({"per", "a", "an", "each", "every"})  # "per month", "a week", "each year"
_NOT_A_SPAN = frozenset({"ago", "earlier", "later", "before", "after", "on", "since"})  # "a year ago"


# "how many X", "number of X", "share of X": X is what the answer must be a count (or share) of.
_MEASURE_CUES = {
    ("how", "many"),
    ("number", "of"),
    ("share", "of"),
    ("proportion", "of"),
    ("percentage", "of"),
}
_DETERMINERS = frozenset({"of", "the", "those", "these", "a", "an", "our", "their", "its"})
MEASURE_WORDS = 2  # the head of "how many met officers" is within its first two words


def measure(words: list[str], stopwords: frozenset[str], soft: frozenset[str]) -> list[str]:
    """The words after a counting cue that say what is counted: "how many bent coppers got binned"
    -> ["bent", "coppers"]; "how many of the convicted officers" -> ["convicted", "officers"]. Empty
    when the cue is followed by a verb of its own ("how many were identified") or there is no cue."""
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) not in _MEASURE_CUES:
            continue
        rest = words[i + 2 :]
        while rest and rest[0] in _DETERMINERS:
            rest = rest[1:]
        found: list[str] = []
        for word in rest:
            if word in soft or word.isdigit():  # "how many new recruits", "number of 2023 hearings"
                if found:
                    break
                continue
            if word in stopwords or len(found) == MEASURE_WORDS:
                break
            found.append(word)
        return found
    return []


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
    share: bool = False  # a percentage, share or proportion is asked for, not a count
    period: str = ""  # the span a count is asked over or per: "week", "month", "year", "day"


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
    period = ""
    for i, word in enumerate(words):
        unit = PERIODS.get(word)
        if unit is None or (i + 1 < len(words) and words[i + 1] in _NOT_A_SPAN):
            continue
        before = words[i - 1] if i else ""
        # "monthly", "per month", "a week", "each year", "six months" (a count, not a year number)
        if (
            word in ("daily", "weekly", "monthly", "yearly", "annual", "annually")
            or before in _PER
            or (before.isdigit() and not is_year(before))
        ):
            period = unit
            break
    wanted = set(words)
    wants = ""
    if wanted & _EVENT_CUES or ("what" in wanted and wanted & {"day", "year"} and "many" not in wanted):
        wants = "event"
    elif wanted & _FIGURE_CUES or ("how" in wanted and wanted & _HOW_CUES):
        wants = "figure"
    share = bool(wanted & _SHARE_CUES)
    when = When(tuple(years), month if years else 0, pick)
    return Intent(wants, when, frozenset(time_words), share, period)
