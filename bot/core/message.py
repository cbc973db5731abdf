"""The platform-neutral message every command produces and every surface renders.

One ``Kind`` per outcome. Each surface renders the same fields in its own form (Slack blocks,
Discord embeds, terminal text). A did-you-mean (``CHOICES``) never carries a value line, so it
can never look like an answer.

All text here is *plain*: surfaces escape it for their markup. Text that came from the user
(the query echoed back) is kept in ``echo`` so surfaces know to neutralise mentions in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    ANSWER = "answer"  # one figure or event, with sources
    CHOICES = "choices"  # did you mean ...? (no number shown)
    NOT_FOUND = "not_found"  # nothing close; a hint
    TIMELINE = "timeline"  # dated events, newest first
    SOURCES = "sources"  # every source of one fact, with quotes
    TOPICS = "topics"  # what the book covers, with examples
    HELP = "help"  # the commands
    REMINDER = "reminder"  # an anniversary post or heads-up
    UPDATE = "update"  # a change in the book: a new value, a correction, a new fact, or a digest
    STATUS = "status"  # reminder subscription status, upcoming list, confirmations
    REFUSAL = "refusal"  # permission or usage refusal


@dataclass(frozen=True)
class Line:
    """A labelled line: a breakdown part, an earlier value, a setting."""

    label: str
    value: str


@dataclass(frozen=True)
class SourceRef:
    publisher: str
    title: str
    url: str
    published: str  # display form: "6 April 2023"
    quote: str
    weak: bool = False

    @property
    def label(self) -> str:
        return f"{self.publisher}, {self.published}"


@dataclass(frozen=True)
class Item:
    """One entry of a list: a timeline event, a topic, a command, an upcoming reminder."""

    title: str
    text: str = ""
    date: str = ""  # display date, if any
    url: str = ""
    ref: str = ""  # a fact id the user can ask about


@dataclass(frozen=True)
class Choice:
    """A did-you-mean option: an id to ask for and what it is. No value."""

    ref: str
    title: str
    hint: str = ""  # "figure, as of April 2023" / "event, 21 March 2023"


@dataclass(frozen=True)
class Action:
    """A follow-up offered under an answer ("All sources"): tapping it runs ``command ref`` as if
    typed. Surfaces that cannot show buttons leave it out; the footer still says what to type."""

    label: str
    command: str  # a core command word: "source"
    ref: str  # the fact id it runs on


@dataclass(frozen=True)
class Message:
    kind: Kind
    title: str
    value_line: str | None = None  # "322" / "around 300" — ANSWER of a figure only
    # Beside the value, never apart from it: "only a copy of the Daily Mail report was found".
    value_caveat: str | None = None
    # The same thing counted another way, shown beside the value so neither is taken for the other.
    other_measure: Line | None = None
    sentence: str | None = None
    as_of: str | None = None  # "As of December 2025" / "21 March 2023"
    parts: tuple[Line, ...] = ()
    revisions: tuple[Line, ...] = ()  # earlier values, oldest first
    sources: tuple[SourceRef, ...] = ()
    items: tuple[Item, ...] = ()
    choices: tuple[Choice, ...] = ()  # did-you-mean options; surfaces make them tappable
    actions: tuple[Action, ...] = ()
    note: str | None = None
    footer: str | None = None
    echo: str | None = None  # the user's own text, quoted back (surfaces must neutralise it)
    ref: str | None = None  # id of the fact answered, for logs and metrics
    private: bool = False  # best shown only to the asker (did-you-mean, refusals, errors)
    link: str | None = field(default=None)  # the main source link, for a clickable title
    page: str | None = None  # the fact's page on the book's website; surfaces end with it

    @property
    def page_label(self) -> str:
        """How every surface introduces ``page``."""
        return _PAGE_LABELS.get(self.kind, "Full history and sources")

    @property
    def shown_value(self) -> str | None:
        """The value line with its caveat, as plain text: "322 · only a copy of ... was found"."""
        if self.value_line is None:
            return None
        return f"{self.value_line} · {self.value_caveat}" if self.value_caveat else self.value_line

    @property
    def fallback(self) -> str:
        """A short one-paragraph text for notifications and screen readers (Slack's ``text``)."""
        head = self.title
        if self.value_line:
            head = f"{self.shown_value}: {self.title}"
        bits = [head]
        if self.sentence:
            bits.append(self.sentence)
        if self.as_of and not self.sentence:
            bits.append(self.as_of)
        if self.kind is Kind.CHOICES and self.choices:
            bits.append("Did you mean: " + "; ".join(c.title for c in self.choices) + "?")
        if self.sources:
            bits.append(f"Source: {self.sources[0].label} {self.sources[0].url}")
        if self.page:
            bits.append(f"{self.page_label}: {self.page}")
        return " — ".join(bits)


_PAGE_LABELS = {Kind.TIMELINE: "The whole timeline", Kind.TOPICS: "Every figure and event"}
