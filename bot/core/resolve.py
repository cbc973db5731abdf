"""A question to ``Answer | Ambiguous | NotFound | NoValueAt``, over the book's index.

How it decides:

1. The question's words are folded, shorthand and number words read, typos corrected against the
   book's own words, and what people say led to the book's words by its vocabulary
   (``bot.core.index``). Its intent ("when" wants an event, "how many" a figure) and the time it
   names (a year, a month, "latest", "first") are read apart (``bot.core.intent``).
2. Every fact gets a BM25F-style score: the IDF-weighted share of the question it explains, each
   word counted with the weight of the strongest field it is found in. Words the book has never
   seen weigh the most, so "weather in london" pulls every score down. Facts near the top gain a
   bonus for how well one of their names (title or alias) fits the question as a whole.
3. Within the best figure, a line of a breakdown is the answer when the question's words that
   the headline does not explain are explained by that line's label ("how many of the convicted
   officers had traffic offences"); a year or month picks the value as of then. When the figure
   has no value for the time asked, that is said plainly (``NoValueAt``), never the latest value
   as if it answered.

A wrong number is the worst answer, so a confident one needs all of: a high enough score and a
clear lead over the runner-up; most of the question explained, and most of it by what the answer
shows (its headline or the line answered); most of one of the answer's names used, or nearly all
of the question explained by its headline; the measure asked for ("how many X" wants a fact that
counts X, a percentage a share, "per month" a count over a month); no close rival as good on every
kind of evidence or clearly better on one (``_rivalled``); and no line of the breakdown that the
question may mean instead of the headline (``_points_at_a_line``). A did-you-mean that would offer
one choice alone (nothing else scores within the choices' floor of it) is answered when everything
but the share shown by the headline holds: the asker would only tap it. Anything less is a
did-you-mean list (never showing a number) or "I don't know".
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.core import intent as intents
from bot.core import language
from bot.core.index import W_TEXT, Index, PartRef, value_dates
from bot.core.text_safety import MAX_QUERY
from bot.facts.model import Event, Fact, FactBook, Figure, Part, Revision
from bot.facts.names import fold

# Decision thresholds: tuned on tests/core/resolver_cases.py only (see bench/bench_resolver.py);
# the held-out tables in tests/core/heldout_cases.py and resolver_heldout2.py are never used to
# set them (the second was written blind, and its misses are not looked at).
ANSWER_MIN = 0.5  # best score needed for a confident answer
ANSWER_MARGIN = 0.08  # ... and its lead over the runner-up
MIN_COVERAGE = 0.6  # ... and it explains at least this IDF-weighted share of the question
ANSWER_COVERAGE = 0.75  # ... (for a confident answer, this share: what it leaves out is little)
MIN_NAME_MATCH = 0.6  # ... and the question uses at least this share of one of its names,
MIN_HEADLINE = 0.9  # ... or the answer's own headline words (with a line's label) explain this share
MIN_NAME_SHARE = 0.4  # ... and, with the headline, the question still uses this share of a name
MIN_SHOWN = 0.7  # ... and the headline (or the line answered) explains this share of the question
PART_COVERAGE = 0.5  # a line whose words the description shares must explain this share of the question
PART_OWN = 0.1  # ... and words only the line explains must be at least this share of it
PART_LABEL_USE = 0.5  # ... and the question must use more than this IDF-weighted share of what sets it apart
RIVAL_RATIO = 1.2  # a fact within this ratio of the leader's score is a rival (see ``_rivalled``) ...
EVIDENCE_SLACK = 0.02  # ... unproven if the rival is within this of it on every kind of evidence,
EVIDENCE_LEAD = 0.3  # ... or ahead of it by more than this on one
ABOUT_COVERAGE = 0.5  # a draft's clause: the share of it the fact must explain (see ``about``)
CHOICES_MIN = 0.35  # below this we say "I don't know" (still listing what is close)
SUGGEST_MIN = 0.2  # below this nothing is worth offering at all
CHOICES = 5  # did-you-mean choices shown at most

# Name bonuses: added to the word score of the facts near the top (see ``scores``).
NAME_SIMILARITY_WEIGHT = 0.08  # fuzzy likeness of the whole phrase to a title or alias
NAME_FIT_WEIGHT = 0.4  # how much of a name the question uses, and of the question the name covers
NAME_BONUS_MAX = NAME_SIMILARITY_WEIGHT + NAME_FIT_WEIGHT
RERANK_LIMIT = 40  # facts re-scored with the name bonuses, at most
RANK_LIMIT = 300  # facts ranked at all, at most (the rest score too low to be shown or chosen)

UNKNOWN_WORD = 1.5  # weight of a word the book has never seen, in units of the largest IDF
DRAFT_UNKNOWN_WORD = 0.75  # ... in a draft's clause, which tells a story around its subject
UNKNOWN_NUMBER = 0.3  # ... of a number the book has never seen (a count in passing, "2 or more")
SOFT_WORD = 0.5  # share of its IDF that a soft word ("first", "latest") adds where it is found
YEAR_WEIGHT = 0.6  # a year of the question found in a fact's dates or words, in units of the largest IDF
INTENT_BOOST = 1.15  # "when" questions favour events, "how many" questions figures
INTENT_DAMP = 0.9  # ... and disfavour the other kind
EVENT_PRIOR = 0.95  # with no cue either way, a figure bot's question is more often about a figure

_SOFT_STEMS = frozenset(language.stem(w) for w in language.SOFT)
_OCCURRENCE_STEMS = frozenset(language.stem(w) for w in intents.OCCURRENCE)
_PERIOD_STEMS = {
    unit: frozenset(language.stem(w) for w, u in intents.PERIODS.items() if u == unit)
    for unit in set(intents.PERIODS.values())
}
_PICK_STEMS = {
    "previous": frozenset(language.stem(w) for w in intents.PREVIOUS),
    "earliest": frozenset(language.stem(w) for w in intents.EARLIEST),
}


@dataclass(frozen=True)
class Scored:
    fact: Fact
    score: float
    coverage: float = 1.0  # IDF-weighted share of the question this fact explains at all
    name_match: float = 0.0  # best share of one of the fact's names (title, alias) the question uses
    headline: float = 0.0  # share of the question explained by the fact's headline words


@dataclass(frozen=True)
class Answer:
    fact: Fact
    score: float
    revision: Revision | None = None  # the earlier value asked for; None: the latest
    part: Part | None = None  # the line of the breakdown asked for
    asked: str = ""  # the time the question named ("March 2022"), when it picked the value


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[Scored, ...]


@dataclass(frozen=True)
class NotFound:
    suggestions: tuple[Scored, ...] = ()


@dataclass(frozen=True)
class NoValueAt:
    """The question is about this figure at a time the book has no value for."""

    fact: Figure
    asked: str  # "2020", "March 2022"
    score: float


Resolution = Answer | Ambiguous | NotFound | NoValueAt


@dataclass(frozen=True)
class Question:
    words: tuple[str, ...]
    intent: intents.Intent
    concepts: tuple[tuple[str, ...], ...]  # each: alternative stems for one thing asked about
    measure: tuple[tuple[str, ...], ...] = ()  # what "how many ..." asks a count of, as concepts
    # Stems that are evidence where a fact has them and cost nothing where it does not: the verb of
    # "when was the report published" says that the event happened, its noun says which event.
    optional: frozenset[str] = frozenset()

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(t for c in self.concepts for t in c if t not in _SOFT_STEMS)


def _key(term: str) -> str:
    """Stems cut to six letters, so "suspend" and "suspens" meet when names are compared."""
    return term[:6]


def _explains(term: str, terms: frozenset[str]) -> bool:
    return term in terms or (len(term) >= 5 and any(t[:5] == term[:5] for t in terms if len(t) >= 5))


class Resolver:
    """Built once per book load; ``resolve`` and ``suggest`` are read-only and thread-safe."""

    def __init__(self, book: FactBook) -> None:
        self.book = book
        self.index = Index(book)
        self.facts = self.index.facts
        self._is_event = [isinstance(f, Event) for f in self.facts]
        self._position = {f.id: i for i, f in enumerate(self.facts)}
        self._name_keys = [[frozenset(map(_key, n)) for n in names[1:]] for names in self.index.names]
        # Each name (id, title, alias) as its words' keys with their IDF, dates left out: "(Apr 2023)"
        # qualifies a title, it does not name the fact.
        idf = self.index.idf
        self._name_weights = [
            [
                {_key(t): idf.get(t, 0.0) for t in name if not (intents.is_year(t) or t in intents.MONTHS)}
                for name in names
            ]
            for names in self.index.names
        ]

    # -- reading the question --------------------------------------------------------------------

    def understand(self, query: str, *, partial: bool = False) -> Question:
        words = language.words(query[:MAX_QUERY])
        intent = intents.read(words)
        last = len(words) - 1
        corrected = [
            w if (partial and i == last) else self.index.corrected(w)
            for i, w in enumerate(words)
            if w not in intent.year_words
        ]
        measure = intents.measure(words, language.STOPWORDS, language.SOFT)
        counted = self.index.said_to_book([self.index.corrected(w) for w in measure])
        concepts = tuple(self.index.said_to_book(corrected))
        optional = _OCCURRENCE_STEMS if intent.wants == "event" else frozenset()
        return Question(tuple(words), intent, concepts, tuple(counted), optional)

    # -- scoring -------------------------------------------------------------------------------

    def scores(self, query: str, *, partial: bool = False) -> list[Scored]:
        """Every fact with a positive score, best first."""
        return self._scores(self.understand(query, partial=partial), partial=partial)

    def _scores(
        self, q: Question, *, partial: bool = False, unknown_word: float = UNKNOWN_WORD
    ) -> list[Scored]:
        index = self.index
        best: dict[int, float] = {}
        covered: dict[int, float] = {}
        extra: dict[int, float] = {}  # optional words' weight where found (see ``Question.optional``)
        total = idf_total = 0.0
        last = len(q.concepts) - 1
        for pos, concept in enumerate(q.concepts):
            soft = concept[0] in _SOFT_STEMS
            optional = concept[0] in q.optional
            matches: dict[str, float] = {}
            for alt in concept:
                for term, sim in index.matches(alt, partial and pos == last):
                    matches[term] = max(sim, matches.get(term, 0.0))
            if not matches:
                if not (soft or optional):
                    unknown = UNKNOWN_NUMBER if concept[0].isdigit() else unknown_word
                    total += index.max_idf * unknown * 3.0
                    idf_total += index.max_idf * unknown
                continue
            weight = max(index.idf[t] for t in matches)
            if soft:
                weight *= SOFT_WORD
            else:
                total += weight * 3.0
                if not optional:
                    idf_total += weight
            if len(matches) == 1:
                ((term, sim),) = matches.items()
                gained = index.postings[term]
                if sim != 1.0:
                    gained = {i: w * sim for i, w in gained.items()}
            else:
                gained = {}
                for term, sim in matches.items():
                    for i, w in index.postings[term].items():
                        value = w * sim
                        if value > gained.get(i, 0.0):
                            gained[i] = value
            get_best = best.get
            for i, value in gained.items():
                best[i] = get_best(i, 0.0) + weight * value
            if not soft:
                get_covered = covered.get
                for i, value in gained.items():
                    share = weight * (value / W_TEXT if value < W_TEXT else 1.0)
                    covered[i] = get_covered(i, 0.0) + share
                    if optional:  # judged only where found: it counts on both sides of the share
                        extra[i] = extra.get(i, 0.0) + share
        if not best or total == 0:
            return []
        years = q.intent.when.years
        year_bonus = index.max_idf * YEAR_WEIGHT
        base: dict[int, float] = {}
        for i, raw in best.items():
            score = raw / total
            if years and any(y in index.years[i] for y in years):
                score += year_bonus / total
            if q.intent.wants:
                wanted = self._is_event[i] == (q.intent.wants == "event")
                score *= INTENT_BOOST if wanted else INTENT_DAMP
            elif self._is_event[i]:
                score *= EVENT_PRIOR
            base[i] = score
        # Name bonuses (at most NAME_BONUS_MAX) can only reorder facts close to the leader, so
        # only those pay for the phrase comparisons: this keeps a 10,000-fact book fast.
        # Only the best few hundred are ranked at all: nobody is shown the 500th candidate.
        order = heapq.nlargest(RANK_LIMIT, base, key=base.__getitem__)
        floor = base[order[0]] - NAME_BONUS_MAX
        terms = q.terms
        phrase = " ".join(t for c in q.concepts for t in c[:1])
        query_keys = frozenset(map(_key, terms))
        ranked = []
        for rank, i in enumerate(order):
            score = base[i]
            name_match = headline = 0.0
            if rank < RERANK_LIMIT and score >= floor:
                # Ties on words are broken by how closely the whole phrase reads like one of the
                # fact's names: "casey report" is nearer "casey final report" than "casey report pages".
                score += NAME_SIMILARITY_WEIGHT * self._name_similarity(i, phrase)
                fit, name_match = self._name_fit(i, query_keys)
                score += NAME_FIT_WEIGHT * fit
                headline = self._headline(i, q)
            within = idf_total + extra.get(i, 0.0)
            coverage = covered.get(i, 0.0) / within if within else 0.0
            ranked.append(Scored(self.facts[i], score, coverage, name_match, headline))
        ranked.sort(key=lambda s: (-s.score, s.fact.id))
        return ranked

    def _name_similarity(self, i: int, phrase: str) -> float:
        best = 0.0
        for name in self.index.name_phrases[i]:
            best = max(best, fuzz.token_set_ratio(phrase, name) + fuzz.token_sort_ratio(phrase, name))
        return best / 200

    def _name_fit(self, i: int, query_keys: frozenset[str]) -> tuple[float, float]:
        """How well the fact's names and the question fit each other. First, for ranking: the
        share of a title or alias the question uses times the share of the question it covers (an
        alias found whole inside the question scores high; a title with extra concepts less).
        Second, for confidence: the largest IDF-weighted share of one name (id, title or alias)
        that the question uses, so "size of the met" does not use enough of "Size of the Met's
        Anti-Corruption and Abuse Command" to be sure of it."""
        best = used = 0.0
        if not query_keys:
            return best, used
        for name_keys in self._name_keys[i]:
            shared = len(name_keys & query_keys)
            if shared:
                best = max(best, (shared / len(name_keys)) * (shared / len(query_keys)))
        for weights in self._name_weights[i]:
            total = sum(weights.values())
            if total:
                used = max(used, sum(w for k, w in weights.items() if k in query_keys) / total)
        return best, used

    def _headline(self, i: int, q: Question) -> float:
        """IDF-weighted share of the question's concepts that the fact's own headline words
        (names and what it counts) explain, one alternative of a concept being enough."""
        return self._explained(q, self.index.main_terms[i])

    def _explained(self, q: Question, terms: frozenset[str]) -> float:
        """IDF-weighted share of the question's concepts (soft words aside) that ``terms`` explain;
        a word the book has never seen weighs as ``UNKNOWN_WORD`` does in the scores."""
        idf = self.index.idf
        fallback = self.index.max_idf * UNKNOWN_WORD
        total = got = 0.0
        for concept in q.concepts:
            if concept[0] in _SOFT_STEMS:
                continue
            weight = max((idf.get(t, 0.0) for t in concept), default=0.0) or fallback
            explained = any(_explains(t, terms) for t in concept)
            if explained or concept[0] not in q.optional:
                total += weight
            if explained:
                got += weight
        return got / total if total else 0.0

    # -- which value of the figure -----------------------------------------------------------------

    def _part(self, i: int, q: Question) -> PartRef | None:
        """The line of the breakdown the question is about, if its words point at one: words the
        fact's names do not explain, explained by the line's label (or a year in it). A word the
        figure's own description also has ("serving" officers) points at a line only when that
        line explains most of the question."""
        refs = self.index.parts[i]
        if not refs:
            return None
        figure = self.facts[i]
        figure_has_history = isinstance(figure, Figure) and bool(figure.revisions)
        names = self.index.name_terms[i]
        main = self.index.main_terms[i]
        idf = self.index.idf
        fallback = self.index.max_idf * UNKNOWN_WORD
        concepts = [c for c in q.concepts if c[0] not in _SOFT_STEMS and c[0] not in q.optional]
        weights = [max(idf.get(t, 0.0) for t in c) or fallback for c in concepts]
        total = sum(weights) or 1.0
        years = {str(y) for y in q.intent.when.years}
        # "before", "originally": a line labelled as the earlier value ("previous weekly average")
        # when the figure has no earlier value of its own.
        picked_by = (
            _PICK_STEMS.get(q.intent.when.pick, frozenset()) if not figure_has_history else frozenset()
        )
        asked = q.terms | {language.stem(w) for w in q.intent.year_words}
        scored: list[tuple[float, PartRef]] = []
        for ref in refs:
            own = shared = 0.0  # extra words only the line explains; extra words the description has too
            covered = 0.0
            for concept, weight in zip(concepts, weights, strict=True):
                if not any(_explains(t, ref.terms) for t in concept):
                    continue
                covered += weight
                if any(_explains(t, names) for t in concept):
                    continue
                if any(_explains(t, main) for t in concept):
                    shared += weight
                else:
                    own += weight
            own += sum(1.0 for y in years if y in ref.terms)
            if picked_by & ref.terms:
                own += 1.0  # the line named as the earlier value, asked for as such
            else:
                # What sets the line apart from its figure (the label's words the headline lacks) has
                # to be asked for, mostly: "offences" alone does not ask for "traffic offences".
                distinct = {t: idf.get(t, 0.0) for t in ref.head - main - _SOFT_STEMS if not t.isdigit()}
                used = sum(w for t, w in distinct.items() if _explains(t, asked))
                if used <= PART_LABEL_USE * sum(distinct.values()):
                    own = 0.0
            if own / total >= PART_OWN or (shared and covered / total >= PART_COVERAGE):
                scored.append((own + shared, ref))
            elif covered and self._counts_the_line(i, ref, q, asked):
                scored.append((covered, ref))
        if not scored:
            return None
        scored.sort(key=lambda s: -s[0])
        tied = [ref for got, ref in scored if got == scored[0][0]]
        if len(tied) == 1:
            return tied[0]
        # Lines that explain the question equally: the one of the value its time asks for, or none.
        wanted = self._value(i, q, None)
        picked = [ref for ref in tied if ref.revision == wanted]
        return picked[0] if len(picked) == 1 else None

    def _counts_the_line(self, i: int, ref: PartRef, q: Question, asked: frozenset[str]) -> bool:
        """A "how many X" question that uses every word of a line whose label counts X, while it
        leaves out some of what the headline counts: "how many officers left" asks for the line
        "officers" of "officers and staff who left", not for the headline."""
        label = ref.terms
        if not q.measure or all(t.isdigit() for t in label) or not all(_explains(t, asked) for t in label):
            return False
        if not any(_explains(t, label) for concept in q.measure for t in concept):
            return False
        return not all(_explains(t, asked) for t in self.index.measure_terms[i] - _SOFT_STEMS)

    def _with_part(self, i: int, q: Question, part: PartRef) -> float:
        """Share of the question explained by the fact's headline words and one line's label."""
        return self._explained(q, self.index.main_terms[i] | part.terms)

    def _rivalled(self, ranked: list[Scored], q: Question) -> bool:
        """Whether a close rival leaves the leader unproven.

        Of the same kind, a rival at least as good on every kind of evidence (share explained,
        headline, name used) means the lead rests on field weights alone; a rival clearly ahead on
        one kind means the evidence disagrees. An event and a figure are told apart by the
        question's intent ("when", "how many"); without one, by the prior that a figure bot is asked
        for figures, which breaks ties only: an event better on the evidence still rivals a figure,
        and a figure that explains the question rivals an event the evidence prefers."""
        top = ranked[0]
        lead = (top.coverage, top.headline, top.name_match)
        top_is_event = isinstance(top.fact, Event)
        for other in ranked[1:CHOICES]:
            if other.score * RIVAL_RATIO < top.score:
                break
            pairs = list(zip(lead, (other.coverage, other.headline, other.name_match), strict=True))
            as_good = all(b >= a - EVIDENCE_SLACK for a, b in pairs)
            if isinstance(other.fact, Event) == top_is_event:
                if as_good or any(b > a + EVIDENCE_LEAD for a, b in pairs):
                    return True
            elif q.intent.wants:
                continue
            elif top_is_event:
                if other.coverage >= MIN_COVERAGE:
                    return True
            elif as_good and any(b > a + EVIDENCE_SLACK for a, b in pairs):
                return True
        return False

    def _points_at_a_line(self, i: int, q: Question) -> bool:
        """Whether a word of the question is explained by a line of the figure's breakdown (or an
        earlier value's) and by nothing in its headline: the question may be about that line, so the
        headline value is not a sure answer to it."""
        if not self.index.parts[i]:
            return False
        main = self.index.main_terms[i]
        if any(
            concept[0] not in _SOFT_STEMS
            and concept[0] not in q.optional
            and not any(_explains(t, main) for t in concept)
            for concept in q.concepts
        ):
            return True
        # Every word of a line's label asked ("serving officers"): that line may be what is meant.
        asked = q.terms | {language.stem(w) for w in q.intent.year_words}
        return any(
            not all(t.isdigit() for t in ref.terms) and all(_explains(t, asked) for t in ref.terms)
            for ref in self.index.parts[i]
        )

    def _counts_what_is_asked(self, i: int, q: Question, part: PartRef | None) -> bool:
        """A "how many X" question is answered only by a fact that counts X: its title or what it
        counts (or the line answered) must explain one of X's words. "how many girls did anthony
        smith abuse" is not answered with his years in prison. Likewise a span and a share."""
        terms = self.index.measure_terms[i] | (part.terms if part is not None else frozenset())
        if q.measure and not any(_explains(t, terms) for concept in q.measure for t in concept):
            return False
        # "per month", "weekly", "in six months": a count over a span is not a count over another.
        if q.intent.period and not (_PERIOD_STEMS[q.intent.period] & terms):
            return False
        # "what percentage ...": a count is not a share (a share may answer "how many", though).
        if q.intent.share and isinstance(self.facts[i], Figure) and not self.index.shares[i]:
            return part is not None and part.share
        return True

    def _value(self, i: int, q: Question, part: PartRef | None) -> int | str | None:
        """Which value answers: a revision index, None for the latest, or "miss" when the question
        names a time the figure has no value for."""
        figure = self.facts[i]
        assert isinstance(figure, Figure)
        if part is not None:
            return part.revision
        when = q.intent.when
        values = value_dates(figure)
        if when.years:
            in_year = [(r, h) for r, h in values if h.as_of.year in when.years]
            if when.month:
                # As of that month: the last value dated in or before it. One dated later in the
                # year was not yet known then, so it does not answer for that month.
                in_year = [(r, h) for r, h in in_year if h.as_of.month <= when.month]
            if in_year:
                return in_year[-1][0]
            if any(y in self.index.text_years[i] for y in when.years):
                return None  # the year is in the figure's own words ("hearings in 2015")
            return "miss"
        if when.pick == "earliest" and figure.revisions:
            return 0
        if when.pick == "previous" and figure.revisions:
            return len(figure.revisions) - 1
        return None

    def _answer(self, i: int, q: Question, score: float, *, parts: bool = True) -> Answer | NoValueAt:
        fact = self.facts[i]
        if not isinstance(fact, Figure):
            return Answer(fact, score)
        part = self._part(i, q) if parts else None
        value = self._value(i, q, part)
        asked = q.intent.when.label()
        if value == "miss":
            return NoValueAt(fact, asked, score)
        revision = fact.revisions[value] if isinstance(value, int) else None
        line = part.part(fact) if part else None
        if line is not None and revision is None and line.display_value == fact.value_text:
            line = None  # the line that is the headline itself ("Black officers: 81% more likely")
        return Answer(fact, score, revision, line, asked)

    # -- deciding --------------------------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        query = query[:MAX_QUERY]  # a question is short; a pasted page is not read further
        q = self.understand(query)
        if not q.words:
            return NotFound()
        key = fold(query)
        exact = self.index.exact.get(key)
        if exact is None:
            exact = self.index.exact.get(" ".join(self.index.corrected(w) for w in key.split()))
        if exact is not None:
            return self._answer(exact, q, 1.0, parts=False)
        ranked = self._scores(q)
        if not ranked or ranked[0].score < SUGGEST_MIN:
            return NotFound()
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        floor = max(SUGGEST_MIN, top.score * 0.6)
        close = tuple(s for s in ranked[:CHOICES] if s.score >= floor)
        # Offered alongside "I don't know": only facts that match most of the question or whose
        # name it uses, so "weather in london" lists nothing rather than whatever mentions London.
        related = tuple(s for s in close if s.coverage >= MIN_COVERAGE or s.name_match >= MIN_NAME_MATCH)[:3]
        if top.coverage < MIN_COVERAGE:
            # Much of the question is about something the book does not hold ("weather", "manchester").
            return NotFound(related)
        # One vague word ("sacked", "review") must not pick one fact out of many: the question has
        # to use most of some name of the answer, or be explained by the answer's own headline.
        i = self._position[top.fact.id]
        part = self._part(i, q) if isinstance(top.fact, Figure) else None
        specific = (
            top.name_match >= MIN_NAME_MATCH
            or (top.name_match >= MIN_NAME_SHARE and top.headline >= MIN_HEADLINE)
            or (part is not None and self._with_part(i, q, part) >= MIN_HEADLINE)
        )
        # What the answer shows must be what was asked: most of the question has to be explained by
        # the fact's headline (names, what it counts) or the line it answers with, not only by its
        # statement or notes ("mixed race officers" is a detail the headline does not give).
        shown = self._with_part(i, q, part) if part is not None else top.headline
        earned = (
            specific
            and top.coverage >= ANSWER_COVERAGE
            and (part is not None or not self._points_at_a_line(i, q))
            and self._counts_what_is_asked(i, q, part)
            and top.score >= ANSWER_MIN
        )
        # A did-you-mean that would offer this one choice alone, nothing else near it, is answered:
        # the asker would only tap it. It still needs all of the above; what it may lack is a
        # headline that shows most of the question (the question may name the fact by words of its
        # statement: "past cases" of a figure titled "Onyx inquiries needing more work").
        alone = len(close) == 1
        if earned and (
            alone
            or (
                shown >= MIN_SHOWN
                and not self._rivalled(ranked, q)
                and top.score - runner_up >= ANSWER_MARGIN
            )
        ):
            return self._answer(i, q, top.score)
        return Ambiguous(close) if top.score >= CHOICES_MIN else NotFound(related)

    def about(
        self, clause: str, sentence: str = "", fits: Callable[[Fact], bool] | None = None
    ) -> Answer | NoValueAt | None:
        """The fact a draft's clause is about, when one stands out, for checking a number in it.

        The same tests as a confident answer, with two differences: a clause carries words a
        question would not ("reveals", "the letter also"), so less of it needs explaining; and a
        date anywhere in the sentence says which value the number should be. ``fits`` leaves out
        facts that cannot hold such a number at all (a share is not a count)."""
        q = self.understand(clause[:MAX_QUERY])
        if not q.intent.when.years and sentence:
            when = intents.read(language.words(sentence[:MAX_QUERY])).when
            q = dataclasses.replace(q, intent=dataclasses.replace(q.intent, when=when))
        ranked = [s for s in self._scores(q, unknown_word=DRAFT_UNKNOWN_WORD) if fits is None or fits(s.fact)]
        if not ranked:
            return None
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        i = self._position[top.fact.id]
        part = self._part(i, q) if isinstance(top.fact, Figure) else None
        specific = (
            top.name_match >= MIN_NAME_MATCH
            or (top.name_match >= MIN_NAME_SHARE and top.headline >= ABOUT_COVERAGE)
            or (part is not None and self._with_part(i, q, part) >= ABOUT_COVERAGE)
        )
        if (
            specific
            and top.coverage >= ABOUT_COVERAGE
            and top.score >= ANSWER_MIN * ABOUT_COVERAGE
            and top.score - runner_up >= ANSWER_MARGIN
        ):
            return self._answer(i, q, top.score)
        return None

    def suggest(self, text: str, limit: int = 25) -> list[Fact]:
        """Ranked facts for autocomplete while the user types; figures first when text is empty."""
        if not fold(text):
            return list(sorted(self.book.figures, key=lambda f: f.title.lower())[:limit])
        return [s.fact for s in self.scores(text, partial=True)[:limit]]

    def lookup_id(self, ref: str) -> Fact | None:
        """An id, alias or title typed exactly (case and punctuation aside)."""
        found = self.index.exact.get(fold(ref))
        return None if found is None else self.facts[found]
