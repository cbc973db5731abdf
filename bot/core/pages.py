"""Where each fact lives on the book's website, and the link every answer ends with.

The address layout is declared here, once: the site builder (``bot.site``) writes its files at
these paths and chat answers link to them, so the two cannot drift apart. A fact's page is
``<base>/<id>/``; fact ids are lower-case letters, digits and underscores (the loader checks),
so they are safe in a URL as they are.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, urlsplit

from bot.core.message import Kind, Message

TIMELINE_PATH = "timeline/"
TOPICS_DIR = "topics"
FEED_PATH = "feed.xml"
SEARCH_INDEX_PATH = "search.json"
ASSETS_DIR = "assets"
#: Top-level folders the site uses for itself; a fact with one of these ids would collide.
#: (Its files, feed.xml and search.json, cannot collide: an id has no dot.)
RESERVED = frozenset({"timeline", TOPICS_DIR, ASSETS_DIR})


def page_path(fact_id: str) -> str:
    """``carrick_sentenced`` -> ``carrick_sentenced/`` (relative to the site's root)."""
    return f"{fact_id}/"


def topic_path(tag: str) -> str:
    return f"{TOPICS_DIR}/{quote(tag, safe='')}/"


def normalise_base_url(url: str) -> str:
    """An absolute http(s) URL ending in ``/``; raises ValueError with a readable reason."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) URL such as https://example.org/facts/")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r} has a query or fragment; give the folder the site is published at")
    return text if text.endswith("/") else text + "/"


@dataclass(frozen=True)
class SiteLinks:
    """Absolute addresses on a published site. ``base_url`` is normalised (ends in ``/``)."""

    base_url: str

    @classmethod
    def of(cls, base_url: str | None) -> SiteLinks | None:
        return cls(normalise_base_url(base_url)) if base_url else None

    def url(self, path: str = "") -> str:
        return self.base_url + path

    def page(self, fact_id: str) -> str:
        return self.url(page_path(fact_id))

    def attach(self, message: Message) -> Message:
        """``message`` with its page link: a fact's page for an answer, its sources or its
        anniversary; the timeline page for a timeline (whose entries then link to their pages);
        the home page for the topics. Other kinds (choices, refusals, status) are left as they are."""
        if message.kind in (Kind.ANSWER, Kind.SOURCES, Kind.REMINDER) and message.ref:
            return dataclasses.replace(message, page=self.page(message.ref))
        if message.kind is Kind.TIMELINE:
            items = tuple(
                dataclasses.replace(item, url=self.page(item.ref)) if item.ref else item
                for item in message.items
            )
            return dataclasses.replace(message, items=items, page=self.url(TIMELINE_PATH))
        if message.kind is Kind.TOPICS:
            return dataclasses.replace(message, page=self.url())
        return message


class Poster(Protocol):
    """Anything that posts a message to a channel (a surface, as the reminders see it)."""

    async def post(self, channel: str, message: Message) -> str: ...


@dataclass(frozen=True)
class LinkedPoster:
    """A poster whose messages (anniversary posts) end with their page link, as answers do."""

    poster: Poster
    links: SiteLinks

    async def post(self, channel: str, message: Message) -> str:
        return await self.poster.post(channel, self.links.attach(message))


def with_links(poster: Poster, links: SiteLinks | None) -> Poster:
    return LinkedPoster(poster, links) if links else poster
