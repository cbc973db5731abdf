"""One search index per book load, over everything an answer shows.

Each fact is a document with fields: id, title, aliases, tags, counts, statement or summary, its
values, part labels, every earlier value's counts, note and parts, the note, and its sources'
titles. A term found in a field ties the question to the fact with that field's weight.

Scoring is BM25F with binary term frequency: every term counts once per fact, with the weight of
the strongest field it is found in, times its IDF. Field lengths are short and repetition in a
statement means nothing, which is what k1 -> 0 models; doing it in a few lines here keeps
numpy and sparse matrices (what BM25 libraries bring) out of the cold start of ``figurebot ask``.

Words people say are led to the book's words by the book's ``vocabulary:`` before scoring; typos are
corrected against the book's own words (rapidfuzz); stems and number words come from
``bot.core.language``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core import language
from bot.core.intent import is_year
from bot.facts.model import Fact, FactBook, Figure, Part, Revision, format_number
from bot.facts.names import fold

# Field weights: how strongly a term found in that field ties a question to the fact.
W_ALIAS = 3.0
W_TITLE = 2.6
W_ID = 2.2
W_TAG = 1.6
W_VALUE = 2.8  # the fact's numbers (latest, earlier, parts): "161 officers" is that value's figure
W_COUNTS = 1.4
W_PART = 1.3  # a part label: what one line of the breakdown counts
W_TEXT = 0.9  # statement / summary
W_REVISION = 0.8  # an earlier value's counts and note
W_NOTE = 0.45
W_SOURCE = 0.35  # a source's headline
MAX_WEIGHT = W_ALIAS
NAME_FIELDS = W_TAG  # a field at least this strong names the fact (typos are corrected against these)

_BRACKETS = re.compile(r"\([^)]*\)")
_EXAMPLES = re.compile(r",? (?:such as|including|e\.g\.|for example) ")

PREFIX = 5  # stems sharing this many leading letters meet ("suspend" ~ "suspens")
FUZZY_MIN_LENGTH = 4  # shorter unknown words are not typo-corrected
TYPO_EDIT_LENGTH = 5  # ... and from this length, one swapped or wrong letter is corrected too


@dataclass(frozen=True)
class PartRef:
    """One line of a breakdown: of the latest value (``revision`` None) or of an earlier one."""

    revision: int | None
    index: int
    terms: frozenset[str]
    share: bool = False  # the line is a percentage or a share ("47%"), not a count
    head: frozenset[str] = frozenset()  # the label without its examples and brackets: what it names

    def part(self, figure: Figure) -> Part:
        parts = figure.parts if self.revision is None else figure.revisions[self.revision].parts
        return parts[self.index]


def _value_terms(value: object) -> set[str]:
    """How a value is found: "1131" for 1,131; "26" for "26%"; "13" and "17" for "13 to 17"; "4"
    and "5" for "four in five"."""
    text = value if isinstance(value, str) else format_number(value)  # type: ignore[arg-type]
    return {w for w in language.words(text) if w.isdigit()}


def _stem_all(texts: Iterable[str]) -> set[str]:
    return {t for text in texts for t in language.stems(text)}


def _fields(fact: Fact) -> list[tuple[float, Iterable[str]]]:
    """(weight, texts) for every field of a fact."""
    fields: list[tuple[float, Iterable[str]]] = [
        (W_ID, [fact.id.replace("_", " ")]),
        (W_TITLE, [fact.title]),
        (W_ALIAS, fact.aliases),
        (W_TAG, [t.replace("-", " ") for t in fact.tags]),
        (W_NOTE, [fact.note or ""]),
        (W_SOURCE, [s.title for s in fact.sources]),
    ]
    if isinstance(fact, Figure):
        fields += [
            (W_COUNTS, [fact.counts]),
            (W_TEXT, [fact.statement]),
            (W_PART, [p.label for p in fact.parts]),
        ]
        for rev in fact.revisions:
            fields.append((W_REVISION, [rev.counts or "", rev.note or "", *(p.label for p in rev.parts)]))
            fields.append((W_SOURCE, [s.title for s in rev.sources]))
    else:
        fields.append((W_TEXT, [fact.summary]))
    return fields


def _values(figure: Figure) -> set[str]:
    """Every number a figure shows: its values as stored and as they read ("four in five" is 0.8)."""
    found = _value_terms(figure.value) | _value_terms(figure.display or "")
    for part in figure.parts:
        found |= _value_terms(part.value)
    for rev in figure.revisions:
        found |= _value_terms(rev.value) | _value_terms(rev.display or "")
        for part in rev.parts:
            found |= _value_terms(part.value)
    return found


_SHARE_WORDS = frozenset(
    {"percent", "share", "proport", "fraction", "ratio", "rate", "quarter", "half", "third"}
)


_ONE_IN = re.compile(r"\b\w+ in \d|\b\w+ in (?:two|three|four|five|six|seven|eight|nine|ten)\b")


def is_share(shown: str, counts: str) -> bool:
    """Whether a value reads as a share: "26%", "one in 200", "three-quarters", or what it counts
    begins by saying so ("percent of misconduct allegations ...", "share of the re-examined ...")."""
    if "%" in shown or _ONE_IN.search(shown):
        return True
    return bool(_SHARE_WORDS & {*language.stems(shown), *language.stems(counts)[:2]})


def _measure(fact: Fact) -> list[str]:
    """The texts that say what a fact's value is a count of: its title and what it counts, without
    the brackets that qualify it ("years' imprisonment (13 counts against three girls)" counts
    years). Aliases are left out: they name the fact, they do not say what its number counts."""
    if isinstance(fact, Figure):
        return [fact.title, _BRACKETS.sub(" ", fact.counts)]
    return [fact.title]


def value_dates(figure: Figure) -> list[tuple[int | None, Revision | Figure]]:
    """Every value of a figure, oldest first: (revision index or None for the latest, holder)."""
    return [*((i, r) for i, r in enumerate(figure.revisions)), (None, figure)]


class Index:
    """Built once per book load; read-only afterwards (safe to share between threads)."""

    def __init__(self, book: FactBook) -> None:
        self.book = book
        self.facts: tuple[Fact, ...] = book.facts
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.exact: dict[str, int] = {}
        self.name_terms: list[frozenset[str]] = []  # id, title, aliases, tags
        self.main_terms: list[frozenset[str]] = []  # ... and what the figure counts: its headline
        self.measure_terms: list[frozenset[str]] = []  # what the fact is a count of (see ``_measure``)
        self.shares: list[bool] = []  # the figure's value is a share or percentage, not a count
        self.parts: list[tuple[PartRef, ...]] = []
        self.years: list[frozenset[int]] = []  # years in the fact's dates and in its own words
        self.text_years: list[frozenset[int]] = []  # years in its words only ("hearings in 2015")
        self.names: list[list[frozenset[str]]] = []  # id, title and aliases, as stem sets
        self.name_phrases: list[list[str]] = []
        words: set[str] = set()  # folded words of name-like fields: what typos are corrected to
        for i, fact in enumerate(self.facts):
            for key in (fact.id, fact.title, *fact.aliases):
                self.exact.setdefault(fold(key), i)
            text_years: set[int] = set()
            for weight, texts in _fields(fact):
                texts = list(texts)
                for term in _stem_all(texts):
                    if postings[term].get(i, 0.0) < weight:
                        postings[term][i] = weight
                    if weight >= W_TEXT and is_year(term):
                        text_years.add(int(term))  # a note's passing "2020 was 52" is not the measure
                if weight >= W_PART:
                    words.update(w for text in texts for w in language.words(text))
            names = _stem_all([fact.id.replace("_", " "), fact.title, *fact.aliases, *fact.tags])
            self.name_terms.append(frozenset(names))
            if isinstance(fact, Figure):
                for term in _values(fact):
                    if postings[term].get(i, 0.0) < W_VALUE:
                        postings[term][i] = W_VALUE
                main = names | _stem_all([fact.counts])
                self.parts.append(self._parts(fact))
                dates = {fact.as_of.year, *(r.as_of.year for r in fact.revisions)}
            else:
                main = names
                self.parts.append(())
                dates = {fact.date.year}
            self.main_terms.append(frozenset(main))
            self.measure_terms.append(frozenset(_stem_all(_measure(fact))))
            self.shares.append(isinstance(fact, Figure) and is_share(fact.value_text, fact.counts))
            self.text_years.append(frozenset(text_years))
            self.years.append(frozenset(dates | text_years))
            named = [n for n in (fact.id.replace("_", " "), fact.title, *fact.aliases) if language.stems(n)]
            self.names.append([frozenset(language.stems(n)) for n in named])
            self.name_phrases.append([" ".join(language.stems(n)) for n in named[1:]])
        # The vocabulary: a said phrase (as stems of all its words) -> the book's words (stems).
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for entry in book.vocabulary:
            target = tuple(language.stems(entry.word))
            for said in entry.said:
                said_stems = tuple(language.stem(w) for w in language.words(said))
                if said_stems and target:
                    self.phrases[said_stems] = target
                    words.update(language.words(said))
        self.longest_phrase = max((len(k) for k in self.phrases), default=0)
        self.postings = dict(postings)
        self.terms = sorted(self.postings)
        self.words = sorted(w for w in words if not w.isdigit() and len(w) >= FUZZY_MIN_LENGTH)
        self.known_words = frozenset(words)
        n = len(self.facts) or 1
        self.idf = {t: math.log(1 + n / len(p)) for t, p in self.postings.items()}
        self.max_idf = math.log(1 + n)
        # Per-instance caches: a new book gets a new index, so entries never go stale.
        self.matches = lru_cache(maxsize=8192)(self._matches)
        self.corrected = lru_cache(maxsize=8192)(self._corrected)

    def __getstate__(self) -> dict[str, object]:
        # The per-instance caches are functions: leave them out of a pickle, make new ones after.
        state = dict(self.__dict__)
        del state["matches"], state["corrected"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.matches = lru_cache(maxsize=8192)(self._matches)
        self.corrected = lru_cache(maxsize=8192)(self._corrected)

    @staticmethod
    def _parts(figure: Figure) -> tuple[PartRef, ...]:
        def ref(revision: int | None, j: int, part: Part) -> PartRef:
            terms = frozenset(language.stems(part.label))
            head = frozenset(language.stems(_EXAMPLES.split(_BRACKETS.sub(" ", part.label))[0]))
            return PartRef(revision, j, terms, is_share(part.display_value, part.label), head)

        refs = [ref(None, j, p) for j, p in enumerate(figure.parts)]
        for r, rev in enumerate(figure.revisions):
            refs += [ref(r, j, p) for j, p in enumerate(rev.parts)]
        return tuple(refs)

    # -- words of a question ---------------------------------------------------------------------

    def _corrected(self, word: str) -> str:
        """A word the book does not know, replaced by the book word it is most likely a typo of."""
        if (
            len(word) < FUZZY_MIN_LENGTH
            or word.isdigit()
            or word in self.known_words
            or word in language.STOPWORDS
            or language.stem(word) in self.postings
        ):
            return word
        cutoff = 84 if len(word) < 7 else 80
        found = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found:
            return str(found[0])
        if len(word) >= TYPO_EDIT_LENGTH:
            # One slip of the finger in a short word: two letters swapped ("polcie") or one wrong
            # ("polise") is a single edit, which the ratio above scores as two. Taken only when
            # exactly one book word is that near, so a slip never picks between two words.
            near = process.extract(word, self.words, scorer=OSA.distance, score_cutoff=1, limit=2)
            if len(near) == 1:
                return str(near[0][0])
        return word

    def said_to_book(self, words: list[str]) -> list[tuple[str, ...]]:
        """The question as concepts: each a tuple of alternative stems. A phrase the vocabulary
        knows ("desk duty") becomes the book's words ("restrict", "duti"); a word the book also
        uses itself stays as an alternative."""
        stems = [language.stem(w) for w in words]
        concepts: list[tuple[str, ...]] = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest_phrase, len(words) - i), 0, -1):
                target = self.phrases.get(tuple(stems[i : i + size]))
                if target is None:
                    continue
                said = [
                    s
                    for s, w in zip(stems[i : i + size], words[i : i + size], strict=True)
                    if w not in language.STOPWORDS
                ]
                if len(said) == len(target):
                    # Word for word ("lines of inquiry" for "lines of enquiry"): a said word the book
                    # also uses is an alternative for the book word in its place.
                    for term, own in zip(target, said, strict=True):
                        keep = own != term and own in self.postings and own not in target
                        concepts.append((term, own) if keep else (term,))
                else:
                    kept = [s for s in said if s in self.postings and s not in target]
                    for j, term in enumerate(target):
                        concepts.append((term, *kept) if j == 0 else (term,))
                i += size
                break
            else:
                if words[i] not in language.STOPWORDS:
                    concepts.append((stems[i],))
                i += 1
        return concepts

    # -- matching --------------------------------------------------------------------------------

    def _matches(self, term: str, partial: bool) -> tuple[tuple[str, float], ...]:
        """Book terms a question term may mean, with a similarity in (0, 1]."""
        found: dict[str, float] = {}
        if term in self.postings:
            found[term] = 1.0
        if term.isdigit():
            return tuple(found.items())
        # Shared beginning: "suspend" ~ "suspens", "investig" ~ "investigatori". While typing
        # (partial), any prefix of three letters or more.
        size = 3 if partial else PREFIX
        if len(term) >= size:
            head = term if partial else term[: max(size, min(len(term), 6))]
            lo = bisect.bisect_left(self.terms, head)
            for cand in self.terms[lo : lo + 40]:
                if not cand.startswith(head):
                    break
                found.setdefault(cand, 0.85 if partial else 0.9)
        return tuple(found.items())
