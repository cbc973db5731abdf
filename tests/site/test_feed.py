"""The Atom feed of anniversaries: the year's "on this day" entries, newest first, as the bot words them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from xml.etree import ElementTree

from bot.facts.model import Event, FactBook, PartialDate
from bot.site import build_site
from tests.kit import src

from .conftest import BASE, BUILT_ON

A = "{http://www.w3.org/2005/Atom}"


def feed(folder: Path) -> ElementTree.Element:
    return ElementTree.parse(folder / "feed.xml").getroot()


def entries(root: ElementTree.Element) -> list[tuple[str, str, str]]:
    return [
        (
            e.findtext(f"{A}title", ""),
            e.findtext(f"{A}updated", ""),
            e.find(f"{A}link[@rel='alternate']").get("href", ""),
        )  # type: ignore[union-attr]
        for e in root.iter(f"{A}entry")
    ]


def test_the_feed_holds_the_last_years_anniversaries_newest_first(site: Path) -> None:
    root = feed(site)
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}title") == "On this day: Test book"
    # Built on 21 March 2026 (London): Everard's 3 March (GMT) and the letter's 6 April 2025 (BST).
    assert entries(root) == [
        (
            "5 years ago today: Sarah Everard was abducted and murdered by a serving Met officer",
            "2026-03-03T00:00:00Z",
            "everard_abducted/",
        ),
        ("2 years ago today: Commissioner's standards letter", "2025-04-05T23:00:00Z", "standards_letter/"),
    ]
    assert root.findtext(f"{A}updated") == "2026-03-03T00:00:00Z"
    first = next(root.iter(f"{A}entry"))
    assert first.findtext(f"{A}summary") == (
        "3 March 2021: Sarah Everard was abducted by a serving Met officer. Sources: BBC News."
    )
    related = [link.get("href") for link in first.iter(f"{A}link") if link.get("rel") == "related"]
    assert related == ["https://example.org/everard"]


def test_ids_are_permanent_absolute_iris(tmp_path: Path, book: FactBook, site: Path) -> None:
    build_site(book, tmp_path / "a", base_url=BASE, today=BUILT_ON)
    build_site(book, tmp_path / "b", base_url=BASE, today=BUILT_ON + dt.timedelta(days=30))
    linked = feed(tmp_path / "a")
    assert linked.findtext(f"{A}id") == BASE + "feed.xml"
    ids = [e.findtext(f"{A}id") for e in linked.iter(f"{A}entry")]
    assert ids == [
        BASE + "everard_abducted/#anniversary-2026-03-03",
        BASE + "standards_letter/#anniversary-2025-04-06",
    ]
    assert entries(linked)[0][2] == BASE + "everard_abducted/"
    # A later build keeps the ids of the entries it still holds.
    later = [e.findtext(f"{A}id") for e in feed(tmp_path / "b").iter(f"{A}entry")]
    assert later == [BASE + "standards_letter/#anniversary-2026-04-06", ids[0]]
    # Without a base URL, the ids are name-based UUIDs, the same on every build.
    plain = [e.findtext(f"{A}id") for e in feed(site).iter(f"{A}entry")]
    assert all(i and i.startswith("urn:uuid:") for i in plain) and len(set(plain)) == 2
    again = tmp_path / "c"
    build_site(book, again, today=BUILT_ON)
    assert [e.findtext(f"{A}id") for e in feed(again).iter(f"{A}entry")] == plain


def test_a_leap_day_event_is_marked_on_28_february(tmp_path: Path, book: FactBook) -> None:
    leap = Event(
        "angiolini_report",
        PartialDate.parse("2024-02-29"),
        "Angiolini report published",
        "The first report of the Angiolini Inquiry was published.",
        (src("Gov", "published today", "2024-02-29", "https://example.org/angiolini"),),
        remind=True,
    )
    build_site(dataclasses.replace(book, events=(leap,)), tmp_path / "s", today=dt.date(2025, 3, 1))
    ((title, updated, _),) = entries(feed(tmp_path / "s"))
    assert (title, updated) == ("1 year ago today: Angiolini report published", "2025-02-28T00:00:00Z")
    summary = next(feed(tmp_path / "s").iter(f"{A}entry")).findtext(f"{A}summary", "")
    assert "Marked on 28 February because 2025 has no 29 February." in summary


def test_events_without_reminders_or_a_day_are_left_out(tmp_path: Path, book: FactBook) -> None:
    quiet = [dataclasses.replace(e, remind=False) for e in book.events]
    build_site(dataclasses.replace(book, events=tuple(quiet)), tmp_path / "s", today=BUILT_ON)
    root = feed(tmp_path / "s")
    assert entries(root) == [] and root.findtext(f"{A}updated") == "2026-03-21T00:00:00Z"
