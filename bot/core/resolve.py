"""Query text to ``Answer | Ambiguous | NotFound``, over ids, aliases, titles, statements and tags.

How it scores: every fact is indexed once per book load into an inverted index of normalised
tokens, each posting carrying the weight of the field it came from (an alias counts more than a
word of the statement). A query token matches book tokens exactly, by a shared stem prefix
("suspended" ~ "suspension") or, for typos, by rapidfuzz similarity. A fact's score is the
IDF-weighted share of the query it explains, so words the book has never seen ("weather",
"manchester") pull every score down: that is what keeps unrelated questions from getting a
confident number. The facts near the top then gain a bonus for how well one of their names
(title or alias) fits the question as a whole.

A confident answer needs all of: a high enough score, a clear lead over the runner-up, most of
the question matched, and most of one of the answer's names used by the question. Anything less
is a did-you-mean list (never showing a number) or "I don't know".
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.core.text_safety import MAX_QUERY
from bot.facts.model import Event, Fact, FactBook, Figure
from bot.facts.names import fold as normalise

# Field weights: how strongly a token found in that field ties a query to the fact.
W_ALIAS = 3.0
W_TITLE = 2.6
W_ID = 2.2
W_TAG = 1.6
W_COUNTS = 1.4
W_TEXT = 0.9  # statement / summary
W_YEAR = 2.0  # a year in the query matching the fact's date or as-of
MAX_WEIGHT = W_ALIAS

# Decision thresholds, tuned on tests/core/resolver_cases.py (see bench/bench_resolver.py).
ANSWER_MIN = 0.52  # best score needed for a confident answer
ANSWER_MARGIN = 0.05  # ... and its lead over the runner-up
MIN_COVERAGE = 0.6  # ... and it matches at least this IDF-weighted share of the question
MIN_NAME_MATCH = 0.6  # ... and the question uses at least this share of one of its names
CHOICES_MIN = 0.40  # below this we say "I don't know" (still listing what is close)
SUGGEST_MIN = 0.22  # below this nothing is worth offering at all
CHOICES = 5  # did-you-mean choices shown at most

# Name bonuses: added to the word score of the facts near the top (see ``scores``).
NAME_SIMILARITY_WEIGHT = 0.08  # fuzzy likeness of the whole phrase to a title or alias
NAME_FIT_WEIGHT = 0.4  # how much of a name the question uses, and of the question the name covers
NAME_BONUS_MAX = NAME_SIMILARITY_WEIGHT + NAME_FIT_WEIGHT
RERANK_LIMIT = 40  # facts re-scored with the name bonuses, at most

STOPWORDS = frozenset(
    {
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
        "figure",
        "figures",
        "stat",
        "stats",
        "statistic",
        "statistics",
        "latest",
        "current",
        "currently",
        "now",
        "total",
        "get",
        "got",
        # A light verb, like get and give: "put into special measures" is about the measures.
        "put",
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
    }
)
# Words that say which kind of fact the asker wants; used as a gentle tie-breaker, not a filter.
EVENT_WORDS = frozenset({"when", "date", "day", "anniversary", "happened", "published", "publish"})
FIGURE_WORDS = frozenset({"many", "much", "number", "count", "percent", "percentage", "share", "proportion"})

_YEAR = re.compile(r"^(19|20)\d\d$")


def tokens(text: str) -> list[str]:
    return [t for t in normalise(text).split() if t not in STOPWORDS]


def stem(token: str) -> str:
    """A deliberately small suffix stripper; prefix matching below covers what it misses."""
    if token.endswith("ies") and len(token) > 5:
        return token[:-3] + "y"  # duties -> duty, inquiries -> inquiry
    for suffix in ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "ed", "es", "er", "s", "ly"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def name_key(text: str) -> frozenset[str]:
    """Word keys for comparing a question with a name: stems cut to six letters, so that
    "dismissed", "dismissals" and "dismissal" meet, as do "convicted" and "convictions"."""
    return frozenset(stem(t)[:6] for t in tokens(text))


@dataclass(frozen=True)
class Scored:
    fact: Fact
    score: float
    coverage: float = 1.0  # IDF-weighted share of the query's words this fact matches at all
    name_match: float = 0.0  # best share of one of the fact's names (title, alias) the query uses


@dataclass(frozen=True)
class Answer:
    fact: Fact
    score: float


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[Scored, ...]


@dataclass(frozen=True)
class NotFound:
    suggestions: tuple[Scored, ...] = ()


Resolution = Answer | Ambiguous | NotFound


def _fact_years(fact: Fact) -> set[int]:
    if isinstance(fact, Figure):
        return {fact.as_of.year, *(r.as_of.year for r in fact.revisions)}
    return {fact.date.year}


def _fields(fact: Fact) -> list[tuple[float, str]]:
    fields: list[tuple[float, str]] = [(W_ID, fact.id.replace("_", " ")), (W_TITLE, fact.title)]
    fields += [(W_ALIAS, a) for a in fact.aliases]
    fields += [(W_TAG, t) for t in fact.tags]
    if isinstance(fact, Figure):
        fields.append((W_COUNTS, fact.counts))
        fields.append((W_TEXT, fact.statement))
    else:
        fields.append((W_TEXT, fact.summary))
    return fields


class Resolver:
    """Built once per book load; ``resolve`` and ``suggest`` are read-only and thread-safe."""

    def __init__(self, book: FactBook) -> None:
        self.book = book
        self.facts: tuple[Fact, ...] = book.facts
        self._exact: dict[str, int] = {}
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for i, fact in enumerate(self.facts):
            for key in (fact.id, fact.id.replace("_", " "), fact.title, *fact.aliases):
                self._exact.setdefault(normalise(key), i)
            for weight, text in _fields(fact):
                for tok in tokens(text):
                    for form in {tok, stem(tok)}:
                        if postings[form].get(i, 0.0) < weight:
                            postings[form][i] = weight
        self._postings = dict(postings)
        self._vocab = sorted(self._postings)
        # Typo matching only looks at words from names (ids, titles, aliases, tags): a typo'd query
        # word meeting a random word of a statement ("weather" ~ "whether") is noise, not a match.
        self._name_words = sorted(t for t, p in self._postings.items() if max(p.values()) >= W_TAG)
        n = len(self.facts) or 1
        self._idf = {t: math.log(1 + n / len(p)) for t, p in self._postings.items()}
        self._max_idf = math.log(1 + n)
        self._years = [_fact_years(f) for f in self.facts]
        self._is_event = [isinstance(f, Event) for f in self.facts]
        self._names_of = [
            [" ".join(tokens(n)) for n in (f.title, *f.aliases) if tokens(n)] for f in self.facts
        ]
        self._name_stems = [[name_key(n) for n in (f.title, *f.aliases)] for f in self.facts]
        # Per-instance cache: a new book gets a new resolver, so entries never go stale.
        self._match = lru_cache(maxsize=4096)(self._match_uncached)

    # -- token matching ------------------------------------------------------------------------
    def _match_uncached(self, token: str, partial: bool) -> tuple[tuple[str, float], ...]:
        """Book tokens that a query token may mean, with a similarity in (0, 1]."""
        found: dict[str, float] = {}
        for form in {token, stem(token)}:
            if form in self._postings:
                found[form] = 1.0
        # Shared prefix: "suspended"/"suspension", "investigators"/"investigation".
        # Autocomplete (partial) accepts shorter prefixes, since the word is still being typed.
        min_prefix = 3 if partial else 5
        if len(token) >= min_prefix:
            head = token[: max(min_prefix, min(len(token), 6))] if not partial else token
            lo = bisect.bisect_left(self._vocab, head)
            for cand in self._vocab[lo : lo + 40]:
                if not cand.startswith(head):
                    break
                found.setdefault(cand, 0.9 if not partial else 0.85)
        if len(token) >= 4 and (not found or len(token) >= 6):
            # Typos ("convictoins") and near forms ("waiting" ~ "awaiting"). Short words only when
            # nothing else matched, and a high cut-off, keep noise ("weather" ~ "whether") out.
            cutoff = 80 if not found else 88
            for cand, sim, _ in process.extract(
                token, self._name_words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
            ):
                found.setdefault(cand, 0.8 * sim / 100)
        return tuple(found.items())

    # -- scoring -------------------------------------------------------------------------------
    def scores(self, query: str, *, partial: bool = False) -> list[Scored]:
        """Every fact with a positive score, best first."""
        words = normalise(query[:MAX_QUERY]).split()
        content = [w for w in words if w not in STOPWORDS]
        if not content:
            return []
        want_event = any(w in EVENT_WORDS for w in words)
        want_figure = "how" in words and any(w in FIGURE_WORDS for w in words)
        best: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        total = 0.0
        idf_total = 0.0
        for pos, word in enumerate(content):
            last = partial and pos == len(content) - 1
            if _YEAR.match(word):
                weight = self._max_idf * 0.6
                total += weight * MAX_WEIGHT
                idf_total += weight
                year = int(word)
                for i, years in enumerate(self._years):
                    if year in years:
                        best[i] += weight * W_YEAR
                        covered[i] += weight
                continue
            matches = self._match(word, last)
            # A word the book has never seen weighs the most: it is what the question is about.
            weight = max((self._idf[t] for t, _ in matches), default=self._max_idf * 1.5)
            total += weight * MAX_WEIGHT
            idf_total += weight
            gained: dict[int, float] = {}
            for tok, sim in matches:
                for i, w in self._postings[tok].items():
                    value = w * sim
                    if value > gained.get(i, 0.0):
                        gained[i] = value
            for i, value in gained.items():
                best[i] += weight * value
                covered[i] += weight
        if total == 0:
            return []
        base: dict[int, float] = {}
        for i, raw in best.items():
            score = raw / total
            if want_event and self._is_event[i]:
                score *= 1.12
            elif want_figure and not self._is_event[i]:
                score *= 1.08
            base[i] = score
        # Name bonuses (at most NAME_BONUS_MAX) can only reorder facts close to the leader, so
        # only those pay for the phrase comparisons: this keeps a 10,000-fact book fast.
        order = sorted(base, key=lambda i: -base[i])
        if not order:
            return []
        floor = base[order[0]] - NAME_BONUS_MAX
        phrase = " ".join(content)
        query_stems = name_key(" ".join(content))
        ranked = []
        for rank, i in enumerate(order):
            score = base[i]
            name_match = 0.0
            if rank < RERANK_LIMIT and score >= floor:
                # Ties on words are broken by how closely the whole phrase reads like one of the
                # fact's names: "casey report" is nearer "casey final report" than "casey report pages".
                score += NAME_SIMILARITY_WEIGHT * self._name_similarity(i, phrase)
                fit, name_match = self._name_fit(i, query_stems)
                score += NAME_FIT_WEIGHT * fit
            ranked.append(Scored(self.facts[i], score, covered[i] / idf_total, name_match))
        ranked.sort(key=lambda s: (-s.score, s.fact.id))
        return ranked

    def _name_similarity(self, i: int, phrase: str) -> float:
        best = 0.0
        for name in self._names_of[i]:
            best = max(best, fuzz.token_set_ratio(phrase, name) + fuzz.token_sort_ratio(phrase, name))
        return best / 200

    def _name_fit(self, i: int, query_stems: frozenset[str]) -> tuple[float, float]:
        """How well one of the fact's names (title or alias) and the question fit each other:
        the share of the name the question uses times the share of the question the name covers.
        An alias found whole inside the question ("convicted officers" in "convicted officers in
        the met") scores high; a title with extra concepts ("... with sexual offences") less."""
        best = used = 0.0  # fit (both ways) and the share of the name used
        for name_stems in self._name_stems[i]:
            shared = len(name_stems & query_stems)
            if shared:
                best = max(best, (shared / len(name_stems)) * (shared / len(query_stems)))
                used = max(used, shared / len(name_stems))
        return best, used

    def _spell_corrected(self, key: str) -> str:
        """Each word the book does not know replaced by the one name word it is a typo of."""
        words = []
        for word in key.split():
            if word in self._postings or len(word) < 5:
                words.append(word)
                continue
            found = process.extractOne(word, self._name_words, scorer=fuzz.ratio, score_cutoff=85)
            words.append(found[0] if found else word)
        return " ".join(words)

    def resolve(self, query: str) -> Resolution:
        query = query[:MAX_QUERY]  # a question is short; a pasted page is not read further
        key = normalise(query)
        if not key:
            return NotFound()
        if key in self._exact:
            return Answer(self.facts[self._exact[key]], 1.0)
        corrected = self._spell_corrected(key)
        if corrected in self._exact:  # "convictoins" -> the alias "convictions"
            return Answer(self.facts[self._exact[corrected]], 0.95)
        ranked = self.scores(query)
        if not ranked or ranked[0].score < SUGGEST_MIN:
            return NotFound()
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        floor = max(SUGGEST_MIN, top.score * 0.6)
        close = tuple(s for s in ranked[:CHOICES] if s.score >= floor)
        # Offered alongside "I don't know": only facts that match most of the question or whose
        # name it uses ("<!channel> convictions" still offers the convictions figure), so
        # "weather in london" lists nothing rather than whatever mentions London.
        related = tuple(s for s in close if s.coverage >= MIN_COVERAGE or s.name_match >= MIN_NAME_MATCH)[:3]
        if top.coverage < MIN_COVERAGE:
            # Much of the question is about something the book does not hold ("weather", "manchester").
            return NotFound(related)
        # One vague word ("sacked", "review") must not pick one fact out of many: the question has
        # to use most of some name of the answer, not just share a word with it.
        specific = top.name_match >= MIN_NAME_MATCH
        if specific and top.score >= ANSWER_MIN and top.score - runner_up >= ANSWER_MARGIN:
            return Answer(top.fact, top.score)
        return Ambiguous(close) if top.score >= CHOICES_MIN else NotFound(related)

    def suggest(self, text: str, limit: int = 25) -> list[Fact]:
        """Ranked facts for autocomplete while the user types; figures first when text is empty."""
        if not normalise(text):
            return list(sorted(self.book.figures, key=lambda f: f.title.lower())[:limit])
        return [s.fact for s in self.scores(text, partial=True)[:limit]]

    def lookup_id(self, ref: str) -> Fact | None:
        """An id, alias or title typed exactly (case and punctuation aside)."""
        found = self._exact.get(normalise(ref))
        return None if found is None else self.facts[found]
