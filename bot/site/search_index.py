"""The small JSON index the home page's search reads (the only script on the site uses it).

One entry per figure and event: what a result shows (title, value or date) and the words a
search matches, in three weights: the title, the names people use (aliases, tags, the id), and
the text (statement or summary, what a figure counts). A query that is exactly the title or one
of the names ranks first. Matching and ranking are in search.js.
"""

from __future__ import annotations

from typing import Any

from bot.core.pages import page_path
from bot.facts.model import Fact, FactBook, Figure


def entry(fact: Fact) -> dict[str, Any]:
    if isinstance(fact, Figure):
        shows, when, text = fact.value_text, f"as of {fact.as_of.display}", f"{fact.statement} {fact.counts}"
    else:
        shows, when, text = fact.date.display, "event", fact.summary
    return {
        "path": page_path(fact.id),
        "kind": fact.kind,
        "title": fact.title,
        "shows": shows,
        "when": when,
        "names": [*fact.aliases, *(tag.replace("-", " ") for tag in fact.tags), fact.id.replace("_", " ")],
        "text": text,
    }


def search_index(book: FactBook) -> list[dict[str, Any]]:
    return [entry(f) for f in book.facts]
