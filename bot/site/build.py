"""Write the site: every page, the feed, the search index and the assets, into one folder.

The folder is the site: copy it to any static host. A rebuild into the same folder replaces what
the last build wrote and removes its pages for facts no longer in the book, and never touches a
file it did not write (a host's ``CNAME``, say); a folder that holds other files and was not
built here is refused, so a mistyped ``-o`` cannot scatter pages into a project.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.pages import ASSETS_DIR, FEED_PATH, RESERVED, SEARCH_INDEX_PATH, TIMELINE_PATH, page_path
from bot.facts.model import Fact, FactBook, Figure
from bot.site.charts import Draw, history_drawer
from bot.site.feed import atom_feed
from bot.site.render import Pages
from bot.site.search_index import search_index

MANIFEST = ".figurebot-site"  # the files the last build wrote, one per line
ASSET_FILES = ("style.css", "search.js")


class SiteError(Exception):
    """The site cannot be built as asked; the message says why."""


@dataclass(frozen=True)
class Built:
    folder: Path
    files: tuple[str, ...]  # paths relative to the folder, as written
    pages: int  # HTML pages
    charts: int  # figure pages with an inline chart
    removed: tuple[str, ...]  # files of the previous build no longer part of the site


def build_site(
    book: FactBook,
    folder: Path,
    *,
    base_url: str | None = None,
    today: dt.date | None = None,
    zone: ZoneInfo | None = None,
    draw: Draw | None = None,
) -> Built:
    """Build ``book``'s site into ``folder``. ``base_url`` (normalised, ending in ``/``) makes the
    canonical links, structured data and feed absolute; ``today`` (in ``zone``) is the build date
    the feed counts anniversaries to; ``draw`` overrides where charts come from (default:
    ``bot.charts`` when present)."""
    zone = zone or ZoneInfo("Europe/London")
    today = today or dt.datetime.now(zone).date()
    clashes = sorted(f.id for f in book.facts if f.id in RESERVED)
    if clashes:
        raise SiteError(f"fact id(s) {', '.join(clashes)} would clash with the site's own pages; rename them")
    previous = _claim(folder)
    draw = draw if draw is not None else history_drawer()
    pages = Pages(book, base_url, today)
    files: dict[str, str | bytes] = {
        "index.html": pages.home(),
        TIMELINE_PATH + "index.html": pages.timeline(),
    }
    charts = 0
    for fact in book.facts:
        chart = _chart(draw, book, fact)
        charts += chart is not None
        files[page_path(fact.id) + "index.html"] = pages.fact(fact, chart)
    for topic in pages.topics:
        files[topic.path + "index.html"] = pages.topic(topic)
    files[FEED_PATH] = atom_feed(book, today, zone, base_url)
    files[SEARCH_INDEX_PATH] = json.dumps(search_index(book), ensure_ascii=False, separators=(",", ":"))
    assets = resources.files("bot.site").joinpath("templates", ASSETS_DIR)
    for name in ASSET_FILES:
        files[f"{ASSETS_DIR}/{name}"] = assets.joinpath(name).read_bytes()
    for path, content in files.items():
        _write(folder / path, content)
    written = tuple(sorted(files))
    removed = tuple(sorted(set(previous) - set(written)))
    for path in removed:
        _remove(folder, path)
    _write(folder / MANIFEST, "".join(f"{p}\n" for p in written))
    pages_count = sum(p.endswith(".html") for p in written)
    return Built(folder, written, pages_count, charts, removed)


def _chart(draw: Draw | None, book: FactBook, fact: Fact) -> str | None:
    """A figure's history: one with earlier values, or with an other measure drawn beside it."""
    if draw is None or not isinstance(fact, Figure) or not (fact.revisions or fact.other_measure):
        return None
    return draw(book, fact.id)


def _claim(folder: Path) -> list[str]:
    """Make sure ``folder`` is ours to write; return the files the last build there wrote."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"{folder} is a file, not a folder")
    manifest = folder / MANIFEST
    if manifest.is_file():
        return [line for line in manifest.read_text(encoding="utf-8").splitlines() if _inside(line)]
    if folder.is_dir() and any(folder.iterdir()):
        raise SiteError(f"{folder} is not empty and was not built by figurebot; give an empty or new folder")
    folder.mkdir(parents=True, exist_ok=True)
    return []


def _inside(path: str) -> bool:
    # A manifest line is only ever a relative path this builder wrote; anything else is ignored.
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts


def _write(path: Path, content: str | bytes) -> None:
    """Write through a temporary file and rename it, so a web server never serves half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _remove(folder: Path, path: str) -> None:
    target = folder / path
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != folder and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
