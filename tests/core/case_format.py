"""The expectation strings of the resolver tables, and how an outcome is judged against them.

``"fact_id"`` the fact's latest value (or the event); ``"fact_id@2023-04"`` the value as of that
date; ``"fact_id#words"`` the line of the latest value's breakdown whose label has those words;
``"fact_id@2023-04#words"`` a line of an earlier value's breakdown; ``"fact_id!2019"`` an answer
saying the book has no value for that time; ``None`` the book cannot answer (no confident answer);
``"a|b"`` either; ``"?a|b"`` a vague question whose right answer is a did-you-mean offering at least
one of these facts (a confident answer to it is wrong: it picked one meaning of several).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.resolve import Ambiguous, Answer, NotFound, NoValueAt, Resolution
from bot.facts.model import FactBook, Figure


@dataclass(frozen=True)
class Expected:
    fact: str
    as_of: str = ""  # a revision's as_of, ISO
    part: str = ""  # words of a part label
    miss: str = ""  # the time the book has no value for

    @classmethod
    def parse(cls, text: str) -> Expected:
        head, _, miss = text.partition("!")
        head, _, part = head.partition("#")
        fact, _, as_of = head.partition("@")
        return cls(fact, as_of, part.lower(), miss)

    def exists_in(self, book: FactBook) -> bool:
        fact = book.get(self.fact)
        if fact is None:
            return False
        if not (self.as_of or self.part):
            return True
        if not isinstance(fact, Figure):
            return False
        revs = [r for r in fact.revisions if r.as_of.iso == self.as_of] if self.as_of else []
        if self.as_of and not revs:
            return False
        parts = revs[0].parts if revs else fact.parts
        return not self.part or any(self.part in p.label.lower() for p in parts)

    def met_by(self, outcome: Resolution) -> bool:
        if self.miss:
            return isinstance(outcome, NoValueAt) and outcome.fact.id == self.fact
        if not isinstance(outcome, Answer) or outcome.fact.id != self.fact:
            return False
        rev_iso = outcome.revision.as_of.iso if outcome.revision else ""
        if rev_iso != self.as_of:
            return False
        if not self.part:
            return outcome.part is None
        return outcome.part is not None and self.part in outcome.part.label.lower()


def alternatives(expect: str | None) -> list[Expected]:
    return [] if expect is None else [Expected.parse(e) for e in expect.removeprefix(CHOICES).split("|")]


CHOICES = "?"  # the expectation's prefix for a vague question: choices are the right answer


def _offered(outcome: Resolution) -> set[str]:
    if isinstance(outcome, Ambiguous):
        return {s.fact.id for s in outcome.candidates}
    if isinstance(outcome, NotFound):
        return {s.fact.id for s in outcome.suggestions}
    return set()


def verdict(outcome: Resolution, expect: str | None) -> str:
    """ "right", "confident wrong" (a number shown that was not asked for) or "declined"."""
    options = alternatives(expect)
    if expect is not None and expect.startswith(CHOICES):
        if isinstance(outcome, Answer):
            return "confident wrong"
        return "right" if _offered(outcome) & {e.fact for e in options} else "declined"
    if any(e.met_by(outcome) for e in options) or (expect is None and not isinstance(outcome, Answer)):
        return "right"
    if isinstance(outcome, Answer):
        return "confident wrong"
    return "declined"
