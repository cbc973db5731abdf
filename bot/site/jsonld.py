"""schema.org structured data for each page, so search engines and newsroom tools can read it.

A figure is a ``Dataset`` (its measure over time, with the articles it rests on as ``citation``)
plus one ``Observation`` per value, each with its own date and what it counts; an event is an
``Event`` whose ``subjectOf`` are its sources; the home page is a ``WebSite`` with a
``SearchAction`` for its ``?q=`` search and the book as a ``Dataset``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.core.pages import page_path
from bot.facts.model import Event, FactBook, Figure, Number, PartialDate, Source

JsonLd = dict[str, Any]
Url = Callable[[str], str]  # a site path -> the address to publish (absolute when the base is known)
CONTEXT = "https://schema.org"


def _number(value: Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def _article(source: Source) -> JsonLd:
    return {
        "@type": "NewsArticle",
        "headline": source.title,
        "url": source.url,
        "datePublished": source.published.iso,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }


def earlier_anchors(fig: Figure) -> list[str]:
    """The page anchor of each earlier value, by its as-of date (``value-2023-04-06``), so an
    address stays put when a newer value is added; a repeated date gets ``-2``, ``-3``."""
    seen: dict[str, int] = {}
    anchors = []
    for rev in fig.revisions:
        key = f"value-{rev.as_of.iso}"
        seen[key] = seen.get(key, 0) + 1
        anchors.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return anchors


def _observation(
    fig: Figure, value: Number, as_of: PartialDate, counts: str, url: Url, anchor: str
) -> JsonLd:
    return {
        "@type": "Observation",
        "@id": url(page_path(fig.id)) + f"#{anchor}",
        "name": f"{fig.title}, {as_of.display}",
        "value": _number(value),
        "observationDate": as_of.iso,
        "measuredProperty": {"@type": "Property", "name": counts},
        "mainEntityOfPage": url(page_path(fig.id)),
    }


def figure_jsonld(book: FactBook, fig: Figure, url: Url) -> JsonLd:
    dates = sorted([fig.as_of, *(r.as_of for r in fig.revisions)])
    sources = [*fig.sources, *(s for r in fig.revisions for s in r.sources)]
    unique = list({s.url: s for s in sources}.values())
    dataset: JsonLd = {
        "@type": "Dataset",
        "@id": url(page_path(fig.id)) + "#dataset",
        "name": fig.title,
        "description": fig.statement,
        "url": url(page_path(fig.id)),
        "identifier": fig.id,
        "temporalCoverage": dates[0].iso if len(dates) == 1 else f"{dates[0].iso}/{dates[-1].iso}",
        "variableMeasured": {"@type": "PropertyValue", "name": fig.counts, "value": _number(fig.value)},
        "keywords": list(fig.tags),
        "citation": [_article(s) for s in unique],
        "isPartOf": {"@type": "Dataset", "name": book.title, "url": url("")},
    }
    observations = [
        _observation(fig, fig.value, fig.as_of, fig.counts, url, "value"),
        *(
            _observation(fig, r.value, r.as_of, r.counts or fig.counts, url, anchor)
            for r, anchor in zip(fig.revisions, earlier_anchors(fig), strict=True)
        ),
    ]
    return {"@context": CONTEXT, "@graph": [dataset, *observations]}


def event_jsonld(book: FactBook, event: Event, url: Url) -> JsonLd:
    return {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": url(page_path(event.id)) + "#event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.date.iso,
        "url": url(page_path(event.id)),
        "identifier": event.id,
        "keywords": list(event.tags),
        "subjectOf": [_article(s) for s in event.sources],
        "isPartOf": {"@type": "Dataset", "name": book.title, "url": url("")},
    }


def site_jsonld(book: FactBook, url: Url) -> JsonLd:
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@type": "WebSite",
                "name": book.title,
                "description": book.description,
                "url": url(""),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": url("") + "?q={search_term_string}"},
                    "query-input": "required name=search_term_string",
                },
            },
            {
                "@type": "Dataset",
                "name": book.title,
                "description": book.description,
                "url": url(""),
                "hasPart": [
                    {"@type": "Dataset", "name": f.title, "url": url(page_path(f.id))} for f in book.figures
                ],
            },
        ],
    }
