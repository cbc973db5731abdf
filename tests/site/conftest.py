"""Sites built for the tests: the small hand-made book, and the real facts.yaml."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bot.facts.loader import load_book
from bot.facts.model import FactBook
from bot.site import build_site
from tests.core.conftest import small_book

ROOT = Path(__file__).resolve().parents[2]
BUILT_ON = dt.date(2026, 3, 21)
BASE = "https://facts.example.org/met/"


@pytest.fixture
def book() -> FactBook:
    return small_book()


@pytest.fixture
def site(tmp_path: Path, book: FactBook) -> Path:
    folder = tmp_path / "site"
    build_site(book, folder, today=BUILT_ON)
    return folder


@pytest.fixture(scope="session")
def real_book() -> FactBook:
    return load_book(ROOT / "facts.yaml")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, real_book: FactBook) -> Path:
    folder = tmp_path_factory.mktemp("real") / "site"
    build_site(real_book, folder, today=BUILT_ON)
    return folder


class Outline(HTMLParser):
    """What a test reads from a page: headings in order, JSON-LD blocks, text by element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.jsonld: list[Any] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self._heading: int | None = None
        self._script = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), []
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._script, self._text = True, []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == f"h{self._heading}":
            self.headings.append((self._heading, " ".join("".join(self._text).split())))
            self._heading = None
        if self._script and tag == "script":
            self.jsonld.append(json.loads("".join(self._text)))
            self._script = False


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
