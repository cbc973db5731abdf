"""The Atom feed of anniversaries ("on this day"): what a feed reader or another tool follows.

One entry per anniversary of a ``remind: true`` event that fell in the year up to the build date,
worded as the bot words its post ("5 years ago today: …"), dated at the start of that day in the
book's time zone, newest first. The feed is as current as the last build: publishing it daily
(a cron job running ``figurebot site``) keeps "on this day" on the day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from bot.core.pages import FEED_PATH, page_path
from bot.facts.model import FactBook, copy_mark
from bot.reminders.calendar import Occurrence, occurrences, posting_instant
from bot.reminders.wording import reminder_title

ATOM = "http://www.w3.org/2005/Atom"
WINDOW = dt.timedelta(days=365)


def anniversaries(book: FactBook, today: dt.date) -> list[Occurrence]:
    """Day-of anniversaries from a year ago (exclusive) to ``today``, newest first."""
    found = occurrences(book.events, today - WINDOW + dt.timedelta(days=1), today)
    return sorted(found, key=lambda o: (o.anniversary, o.event.date, o.event.id), reverse=True)


def atom_feed(book: FactBook, today: dt.date, zone: ZoneInfo, base_url: str | None) -> bytes:
    """The feed's XML. Links are absolute under ``base_url``; without one they are relative to the
    feed, which sits at the site's root, so they still resolve wherever the folder is published."""

    def url(path: str) -> str:
        return (base_url or "") + path

    def permanent_id(*parts: str) -> str:
        # Atom ids must be absolute IRIs that never change: the page's address when the site's
        # is known, otherwise a name-based UUID of the same parts.
        if base_url:
            return url(page_path(parts[0]) + "#anniversary-" + parts[1]) if parts else url(FEED_PATH)
        return uuid.uuid5(uuid.NAMESPACE_URL, "figurebot:" + ":".join((book.title, *parts))).urn

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    found = anniversaries(book, today)
    midnight = dt.time(0, 0)
    stamps = [posting_instant(o.anniversary, midnight, zone) for o in found]
    _text(feed, "title", f"On this day: {book.title}")
    _text(feed, "subtitle", f"Anniversaries of the dated events in “{book.title}”, with their sources.")
    _text(feed, "id", permanent_id())
    _link(feed, url(FEED_PATH), rel="self", kind="application/atom+xml")
    _link(feed, url(""), rel="alternate", kind="text/html")
    updated = max(stamps) if stamps else posting_instant(today, midnight, zone)
    _text(feed, "updated", _stamp(updated))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", book.title)
    _text(feed, "generator", "figurebot")
    for occ, stamp in zip(found, stamps, strict=True):
        event = occ.event
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", reminder_title(occ))
        _text(entry, "id", permanent_id(event.id, occ.anniversary.isoformat()))
        _link(entry, url(page_path(event.id)), rel="alternate", kind="text/html")
        _text(entry, "published", _stamp(stamp))
        _text(entry, "updated", _stamp(stamp))
        _text(entry, "summary", _summary(occ))
        for source in event.sources:
            _link(entry, source.url, rel="related", kind=None, title=f"{source.publisher}: {source.title}")
        for tag in event.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _summary(occ: Occurrence) -> str:
    event = occ.event
    text = f"{event.date.display}: {event.summary}"
    if occ.moved_from_leap_day:
        text += f" (Marked on 28 February because {occ.anniversary.year} has no 29 February.)"
    sources = "; ".join(s.publisher + copy_mark(s.publisher, s.weak) for s in event.sources)
    return f"{text} Sources: {sources}."


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _link(parent: ET.Element, href: str, *, rel: str, kind: str | None, title: str | None = None) -> None:
    attrs = {"rel": rel, "href": href}
    if kind:
        attrs["type"] = kind
    if title:
        attrs["title"] = title
    ET.SubElement(parent, f"{{{ATOM}}}link", attrs)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
