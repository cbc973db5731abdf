"""The words of a question or of the book, made comparable. General English only.

Each step is a well-kept library or a plain rule about English, never about this book:

* folding (``bot.facts.names.fold``): case, accents, punctuation, thousands separators;
* number words by text2num: "a hundred and forty-four" -> "144", "eleven" -> "11";
* Snowball stemming by PyStemmer: "dismissals", "dismissed" -> "dismiss";
* chat shorthand ("pls", "approx", "yr", "rn") read as the words they stand for.

What a word *means* in this domain ("plod" = officers, "binned" = dismissed) is not here: the
book's own ``vocabulary:`` section carries it (see ``bot.core.index``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from text_to_num import find_numbers

from bot.facts.names import fold

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "from",
        "with",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "how",
        "many",
        "much",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "there",
        "their",
        "they",
        "them",
        "me",
        "my",
        "i",
        "we",
        "our",
        "you",
        "your",
        "tell",
        "show",
        "give",
        "about",
        "please",
        "any",
        "some",
        "number",
        "numbers",
        "count",
        "tally",
        "become",
        "became",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "us",
        "against",
        "figure",
        "figures",
        "stat",
        "stats",
        "statistic",
        "statistics",
        "total",
        "get",
        "got",
        "gets",
        "getting",
        # Light verbs, like get and give: "put into special measures" is about the measures.
        "put",
        "puts",
        "gave",
        "given",
        "according",
        "say",
        "says",
        "said",
        "than",
        "into",
        "as",
        "so",
        "if",
        "not",
        "no",
        "yes",
        "can",
        "could",
        "would",
        "should",
        "will",
        "just",
        "also",
        "still",
        "happen",
        "happened",
        "s",
        "t",
        "ve",
        "ll",
        "re",
        "d",
        "m",
        "let",
        "lets",
        "know",
        "want",
        "need",
        "like",
        "ok",
        "okay",
        "hi",
        "hey",
        "anyone",
        "somebody",
        "someone",
        "thanks",
        "thank",
        "exactly",
        "roughly",
        "approximately",
        "around",
        "each",
        "every",
        "all",
        "both",
        "either",
        "neither",
        "own",
        "same",
        "such",
        "very",
        "really",
        "only",
        "even",
        "actually",
        "basically",
        "literally",
        "guys",
        "folks",
        "anyway",
        "pretty",
        "quite",
        "lot",
        "lots",
        "bit",
    ]
)

# English irregular verbs, which Snowball stemming leaves apart from their present ("fell" is not
# "fall"): the past forms people type in questions, read as the verb. A closed class of English,
# not knowledge of any book. ("met" is left out on purpose: it is the Met.)
IRREGULAR = {
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "grew": "grow",
    "grown": "grow",
    "went": "go",
    "gone": "go",
    "caught": "catch",
    "found": "find",
    "held": "hold",
    "ran": "run",
    "rang": "ring",
    "rung": "ring",
    "sent": "send",
    "stole": "steal",
    "stolen": "steal",
    "spoke": "speak",
    "spoken": "speak",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "came": "come",
    "began": "begin",
    "begun": "begin",
    "broke": "break",
    "broken": "break",
    "brought": "bring",
    "thought": "think",
    "told": "tell",
    "paid": "pay",
    "led": "lead",
    "lost": "lose",
    "made": "make",
    "saw": "see",
    "seen": "see",
    "fought": "fight",
    "kept": "keep",
    "knew": "know",
    "known": "know",
    "sold": "sell",
    "stood": "stand",
    "struck": "strike",
    "won": "win",
    "wrote": "write",
    "written": "write",
    "drove": "drive",
    "driven": "drive",
    "chose": "choose",
    "chosen": "choose",
    "hid": "hide",
    "hidden": "hide",
    "shot": "shoot",
    "shown": "show",
    "threw": "throw",
    "thrown": "throw",
    "beat": "beat",
    "beaten": "beat",
    "swore": "swear",
    "sworn": "swear",
    "forgot": "forget",
    "forgotten": "forget",
}

# Verbs that name no subject of their own in a question ("how long does a case take", "did the met
# make", "went back for"): the nouns beside them say what is asked. ("face" and "commit" are not
# here: "faced up to five claims", "crimes committed before joining" are what a line says.)
LIGHT_VERBS = frozenset(
    [
        *("take", "takes", "taking", "took", "taken"),
        *("make", "makes", "making", "made"),
        *("go", "goes", "going", "went", "gone"),
        *("come", "comes", "coming", "came"),
    ]
)

# Words that say *when* or *which value* rather than *what*, and the light verbs above: they count
# for a fact whose text has them ("first officers referred", "crimes committed before joining") and
# are otherwise ignored, so "latest number of suspended officers" is not penalised for "latest".
SOFT = LIGHT_VERBS | frozenset(
    [
        "latest",
        "current",
        "currently",
        "now",
        "today",
        "recent",
        "recently",
        "first",
        "earliest",
        "original",
        "originally",
        "initially",
        "previous",
        "previously",
        "earlier",
        "before",
        "after",
        "ago",
        "again",
        "ever",
        "since",
        "last",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "so",
        "far",
        "yet",
        "right",
        "new",
        "newest",
        "old",
        "oldest",
        "more",
        "over",
        "under",
    ]
)

# Chat shorthand, as it is typed in Slack and Discord, and the words it stands for.
SHORTHAND = {
    "pls": "please",
    "plz": "please",
    "approx": "approximately",
    "abt": "about",
    "yr": "year",
    "yrs": "years",
    "mth": "month",
    "mths": "months",
    "wk": "week",
    "wks": "weeks",
    "govt": "government",
    "gov": "government",
    "ppl": "people",
    "u": "you",
    "ur": "your",
    "rn": "now",
    "atm": "now",
    "num": "number",
    "nr": "number",
    "thx": "thanks",
    "ty": "thanks",
    "w": "with",
    "b4": "before",
}

# Words that make text2num look at a run of words at all (a fast test before the library call).
NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
    ]
)
# Plurals that stand for "many", not a number: "hundreds of officers" is not 100.
VAGUE = frozenset({"hundreds", "thousands", "millions", "dozens", "tens"})

_thread = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    # A Snowball stemmer object must not be shared between threads (an index may be built in a
    # worker thread while the event loop answers with the previous one).
    stemmer = getattr(_thread, "stemmer", None)
    if stemmer is None:
        stemmer = _thread.stemmer = Stemmer.Stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of one folded word; digits are kept as they are."""
    if word.isdigit():
        return word
    result: str = _stemmer().stemWord(IRREGULAR.get(word, word))
    return result


class NumberToken:
    """A word for text2num's ``find_numbers`` (its Token protocol), with its place in the text it
    came from (a draft's clause) when that matters. A plain class: questions make many of them."""

    __slots__ = ("end", "start", "word")

    def __init__(self, word: str, start: int = 0, end: int = 0) -> None:
        self.word, self.start, self.end = word, start, end

    def text(self) -> str:
        return self.word.lower()

    def nt_separated(self, previous: object) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self.word.lower() in VAGUE


def digits_for_number_words(words: list[str]) -> list[str]:
    """Runs of number words replaced by their digits, other words kept:
    ["a", "hundred", "and", "forty", "four", "cops"] -> ["a", "144", "cops"]. Ordinals stay words
    ("first" asks for the earliest value, "a third" is a fraction)."""
    if not any(w in NUMBER_WORDS for w in words):
        return words
    out: list[str] = []
    last = 0
    for found in find_numbers([NumberToken(w) for w in words], "en", threshold=0):
        if found.is_ordinal:
            continue
        out += words[last : found.start]
        out.append(format(int(found.value)) if found.value == int(found.value) else format(found.value))
        last = found.end
    return out + words[last:]


_PERCENT = re.compile(r"%")


def words(text: str) -> list[str]:
    """Folded words with shorthand expanded and number words as digits: every word, stopwords
    included (the intent of a question lives in them)."""
    return list(_words(text))


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    folded = fold(_PERCENT.sub(" percent ", text)).split()
    expanded = []
    for i, word in enumerate(folded):
        if word == "no" and i + 1 < len(folded) and folded[i + 1] == "of":
            expanded.append("number")  # "no. of officers"
        else:
            expanded.extend(SHORTHAND.get(word, word).split())
    return tuple(digits_for_number_words(expanded))


def stems(text: str) -> list[str]:
    """The content of a text: stems of its words that are not stopwords."""
    return list(_stems(text))


@lru_cache(maxsize=16384)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _words(text) if w not in STOPWORDS)


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
