"""Check a built site: every internal link resolves to a file (and its #anchor to an element),
and every external link is http(s). Run after each build, so a broken page never ships silently.

Internal links are resolved as a static host does: a folder link (``carrick_sentenced/``) means
its ``index.html``. Links to other sites are not fetched: the check proves they are web
addresses, not that the pages are still up (publishers move pages; the book keeps the quote).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urldefrag, urlsplit
from xml.etree import ElementTree

from bot.core.pages import FEED_PATH

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("blockquote", "cite")}


@dataclass(frozen=True)
class Problem:
    page: str  # the page with the link, relative to the site's folder
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


@dataclass(frozen=True)
class Report:
    pages: int
    internal: int  # internal links checked
    external: int  # external links checked
    problems: tuple[Problem, ...]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS and value is not None:
                self.links.append(value)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_site(folder: Path, base_url: str | None = None) -> Report:
    """Every link of every HTML page under ``folder``, and of its Atom feed. Absolute links under
    ``base_url`` count as internal (canonical links, when the site's address is known)."""
    pages = {p.relative_to(folder).as_posix(): _parse(p) for p in sorted(folder.rglob("*.html"))}
    links = [(name, link) for name, page in pages.items() for link in page.links]
    feed = folder / FEED_PATH
    if feed.is_file():
        # The feed sits at the root, so its relative links resolve as the home page's do.
        entries = ElementTree.parse(feed).getroot().iter("{http://www.w3.org/2005/Atom}link")
        links += [(FEED_PATH, element.get("href", "")) for element in entries]
    problems: list[Problem] = []
    internal = 0
    for name, link in links:
        target = _internal_target(name, link, base_url)
        if target is None:
            if not _is_web(link):
                problems.append(Problem(name, link, "not an http(s) link"))
            continue
        internal += 1
        reason = _resolve(folder, pages, *target)
        if reason:
            problems.append(Problem(name, link, reason))
    return Report(len(pages), internal, len(links) - internal, tuple(problems))


def _is_web(link: str) -> bool:
    parts = urlsplit(link)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _internal_target(page: str, link: str, base_url: str | None) -> tuple[str, str] | None:
    """(site path, fragment) of an internal link; None for a link to another site."""
    if base_url and link.startswith(base_url):
        link = "/" + link[len(base_url) :]
        relative_to_root = True
    else:
        relative_to_root = False
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    address, fragment = urldefrag(link)
    address = urlsplit(address).path  # a ?q= search is served by the same page
    if relative_to_root:
        joined = PurePosixPath(address.lstrip("/"))
    elif address.startswith("/"):
        # Root-absolute links depend on where the folder is published; the site uses none.
        return ("\0" + address, fragment)
    else:
        joined = PurePosixPath(page).parent / unquote(address)
    return (_normalise(joined, address.endswith("/") or address in ("", ".", "./")), fragment)


def _normalise(path: PurePosixPath, folder: bool) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return "\0outside"
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    text = "/".join(parts)
    return f"{text}/" if folder and text else text


def _resolve(folder: Path, pages: dict[str, _Page], path: str, fragment: str) -> str | None:
    if path.startswith("\0"):
        return "leaves the site's folder" if path == "\0outside" else "root-absolute link"
    file = path + "index.html" if path == "" or path.endswith("/") else path
    if (folder / file).is_dir():
        file += "/index.html"
    if not (folder / file).is_file():
        return "no such file in the site"
    if fragment and file.endswith(".html") and fragment not in pages[file].ids:
        return f"no element with id {fragment!r} on {file}"
    return None
