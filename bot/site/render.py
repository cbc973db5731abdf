"""Pages from templates: the Jinja environment and what each kind of page is given.

Links between pages are relative (``../carrick_sentenced/``), so the folder works at any address
and on any static host; with a base URL the pages also name their absolute address (canonical
link, structured data, feed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from bot.core.pages import FEED_PATH, SEARCH_INDEX_PATH, TIMELINE_PATH, page_path, topic_path
from bot.facts.model import Event, Fact, FactBook, Figure
from bot.reminders.calendar import has_anniversaries
from bot.site import jsonld

_ID_WORD = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bot.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a misspelt name in a template fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tag_name"] = tag_name
    env.globals["page_path"] = page_path  # macros are imported without the page's context
    return env


def tag_name(tag: str) -> str:
    return tag.replace("-", " ")


@dataclass(frozen=True)
class Topic:
    tag: str
    path: str
    facts: tuple[Fact, ...]  # every fact with this tag

    @property
    def name(self) -> str:
        return tag_name(self.tag)


def topics(book: FactBook) -> list[Topic]:
    """Every tag, most used first (ties by name), with its facts in the book's order."""
    counts = Counter(t for f in book.facts for t in f.tags)
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    return [Topic(t, topic_path(t), tuple(f for f in book.facts if t in f.tags)) for t in ordered]


def primary_groups(book: FactBook) -> list[tuple[Topic | None, list[Fact]]]:
    """The home page's listing: each fact once, under its first tag; events oldest first."""
    by_tag = {t.tag: t for t in topics(book)}
    groups: dict[str | None, list[Fact]] = {}
    ordered: list[Fact] = [*book.figures, *sorted(book.events, key=lambda e: (e.date, e.id))]
    for fact in ordered:
        groups.setdefault(fact.tags[0] if fact.tags else None, []).append(fact)
    order = {tag: i for i, tag in enumerate(by_tag)}
    keys = sorted(groups, key=lambda k: order.get(k, len(order)) if k else len(order))
    return [(by_tag[k] if k else None, groups[k]) for k in keys]


class Pages:
    """Renders every page of one book; ``base_url`` (normalised, ending in ``/``) or None."""

    def __init__(self, book: FactBook, base_url: str | None, built: dt.date) -> None:
        self.book = book
        self.base_url = base_url
        self.built = built
        self.env = environment()
        self.topics = topics(book)

    # -- addresses --------------------------------------------------------------------------

    @staticmethod
    def root_of(path: str) -> str:
        """The relative way back to the site's root from the page at ``path`` (``a/b/`` -> ``../../``)."""
        depth = path.count("/")
        return "../" * depth if depth else "./"

    def published(self, root: str) -> Callable[[str], str]:
        """Site path -> the address structured data names: absolute under a base URL, otherwise
        relative to the page being rendered."""
        base = self.base_url
        return (lambda path: base + path) if base else (lambda path: (root if root != "./" else "") + path)

    def _page(self, template: str, path: str, **context: Any) -> str:
        root = self.root_of(path)
        return self.env.get_template(template).render(
            book=self.book,
            root=root,
            here=path,
            canonical=self.base_url + path if self.base_url else None,
            built=self.built,
            feed=FEED_PATH,
            timeline_path=TIMELINE_PATH,
            linked=lambda text: link_ids(text, self.book, root),
            **context,
        )

    # -- pages ------------------------------------------------------------------------------

    def home(self) -> str:
        return self._page(
            "index.html",
            "",
            topics=self.topics,
            groups=primary_groups(self.book),
            search_index=SEARCH_INDEX_PATH,
            jsonld=jsonld.site_jsonld(self.book, self.published("./")),
        )

    def fact(self, fact: Fact, chart: str | None = None) -> str:
        path = page_path(fact.id)
        url = self.published(self.root_of(path))
        related = [r for r in (self.book.get(i) for i in fact.related) if r is not None]
        topics = [t for t in self.topics if t.tag in fact.tags]
        if isinstance(fact, Figure):
            return self._page(
                "figure.html",
                path,
                fig=fact,
                earlier=list(zip(jsonld.earlier_anchors(fact), fact.revisions, strict=True)),
                chart=Markup(chart) if chart else None,  # SVG text drawn by bot.charts from the book
                related=related,
                fact_topics=topics,
                weak=_any_weak(fact),
                jsonld=jsonld.figure_jsonld(self.book, fact, url),
            )
        return self._page(
            "event.html",
            path,
            event=fact,
            related=related,
            fact_topics=topics,
            remembered=_marked_on(fact) if has_anniversaries(fact) else None,
            weak=any(s.weak for s in fact.sources),
            jsonld=jsonld.event_jsonld(self.book, fact, url),
        )

    def timeline(self) -> str:
        years: dict[int, list[Event]] = {}
        for event in self.book.events_by_date(newest_first=False):
            years.setdefault(event.date.year, []).append(event)
        return self._page("timeline.html", TIMELINE_PATH, years=years, jsonld=None)

    def topic(self, topic: Topic) -> str:
        return self._page("topic.html", topic.path, topic=topic, jsonld=None)


def _marked_on(event: Event) -> str:
    """ "3 March"; a leap-day event says where it falls in other years, as the reminders do."""
    day = f"{event.date.day} {event.date.as_date():%B}"
    return f"{day} (28 February in other years)" if (event.date.month, event.date.day) == (2, 29) else day


def _any_weak(fig: Figure) -> bool:
    return any(s.weak for s in fig.sources) or any(s.weak for r in fig.revisions for s in r.sources)


def link_ids(text: str, book: FactBook, root: str) -> Markup:
    """Escaped ``text`` in which every fact id the book knows links to its page (notes name them)."""
    out: list[str] = []
    last = 0
    for match in _ID_WORD.finditer(text):
        fact = book.get(match.group(0))
        if fact is None:
            continue
        out.append(escape(text[last : match.start()]))
        href = root + page_path(fact.id)
        out.append(Markup('<a href="{}" title="{}">{}</a>').format(href, fact.title, match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
