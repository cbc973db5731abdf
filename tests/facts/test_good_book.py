"""A valid book loads into the model with exact values."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from bot.facts.loader import load_book, parse_book
from bot.facts.model import Part, PartialDate, Precision

FIXTURES = Path(__file__).parent / "fixtures"

GOOD = FIXTURES / "good.yaml"


def test_book_header_version_and_path() -> None:
    book = load_book(GOOD)
    assert book.title == "Metropolitan Police misconduct and vetting"
    assert book.description == "Figures and dated events from the Met's misconduct and vetting story."
    assert book.version == hashlib.sha256(GOOD.read_bytes()).hexdigest()[:12]
    assert book.path == str(GOOD)
    assert [f.id for f in book.figures] == ["officers_with_criminal_records", "share_vetting_failed"]
    assert [e.id for e in book.events] == ["everard_abducted", "casey_review_published"]
    assert book.value_count == 4
    assert book.source_count == 6


def test_path_is_kept_as_given() -> None:
    relative = GOOD.relative_to(Path.cwd()) if GOOD.is_relative_to(Path.cwd()) else GOOD
    assert load_book(str(relative)).path == str(relative)


def test_figure_values() -> None:
    figure = load_book(GOOD).figures[0]
    assert figure.value == 1131 and type(figure.value) is int
    assert figure.qualifier == "more than"
    assert figure.value_text == "more than 1,131"
    assert figure.as_of == PartialDate(2025, 12)
    assert figure.as_of.precision is Precision.MONTH
    assert (
        figure.statement == "At the end of 2025, more than 1,131 serving Met officers had a criminal record."
    )
    assert figure.aliases == ("criminal records", "Officers With  Convictions")
    assert figure.tags == ("vetting", "convictions")
    assert figure.parts == (Part("serious traffic offences", 76), Part("share with cautions only", "20%"))
    assert figure.note == "Later counts include cautions, so they are not like-for-like with 161."
    assert figure.related == ("everard_abducted",)
    (source,) = figure.sources
    assert source.url == "https://news.met.police.uk/news/example-1131"
    assert source.published == PartialDate(2025, 12, 15)
    assert source.quote == (
        "In total 1,131 serving officers have a criminal record: 76 for serious traffic offences, "
        "20% with cautions only."
    )
    assert source.weak is False


def test_revisions_are_sorted_oldest_first() -> None:
    figure = load_book(GOOD).figures[0]
    assert [(r.value, r.as_of.iso) for r in figure.revisions] == [(161, "2023-04-06"), (322, "2024-06")]
    oldest = figure.revisions[0]
    assert oldest.counts == "serving Met officers with criminal convictions (convictions only)"
    assert oldest.note == "Convictions only; later counts include cautions."
    assert oldest.sources[0].quote == "161 officers have criminal convictions"
    assert figure.revisions[1].counts is None


def test_decimal_value_spelled_form_and_year_precision() -> None:
    figure = load_book(GOOD).figures[1]
    assert figure.value == Decimal("2.5") and type(figure.value) is Decimal
    assert figure.as_of == PartialDate(2024) and figure.as_of.precision is Precision.YEAR
    assert figure.spelled == ("two and a half",)
    assert figure.sources[0].weak is True
    assert figure.sources[0].published == PartialDate(2024, 2)


def test_events() -> None:
    everard, casey = load_book(GOOD).events
    assert everard.date == PartialDate(2021, 3, 3) and everard.date.precision is Precision.DAY
    assert everard.remind is True
    assert everard.anniversary_text == "Sarah Everard was abducted and murdered by a serving Met officer"
    assert everard.summary.startswith("Sarah Everard was abducted") and everard.summary.endswith("officer.")
    assert casey.date == PartialDate(2023, 3)
    assert casey.remind is False and casey.anniversary is None and casey.aliases == ()


def test_parse_book_hashes_the_text() -> None:
    text = GOOD.read_text(encoding="utf-8")
    book = parse_book(text)
    assert book.path == "<string>"
    assert book.version == hashlib.sha256(text.encode()).hexdigest()[:12]
    loaded = load_book(GOOD)
    assert (book.figures, book.events, book.version) == (loaded.figures, loaded.events, loaded.version)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes())
    assert load_book(path).figures[0].value == 1131
