"""The drawn charts: every value and label in the SVG, the definition marker, copies drawn apart,
a PNG fit for chat, and hostile curated text that stays text."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from bot.charts import ChartKind, chart_png, chart_svg, draw_chart, kinds, other_measure
from bot.facts.loader import load_book
from bot.facts.model import FactBook

from .conftest import chart_book

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(book: FactBook, fact_id: str, kind: str) -> ET.Element:
    text = chart_svg(book, fact_id, kind)
    assert text is not None
    assert text.startswith("<svg") and text.rstrip().endswith("</svg>")  # ready to inline
    return ET.fromstring(text)


def texts(root: ET.Element) -> str:
    """All the words in the picture, line by line as drawn (wrapped lines joined by spaces)."""
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def ids(root: ET.Element) -> list[str]:
    return [e.get("id", "") for e in root.iter()]


def with_gid(root: ET.Element, prefix: str) -> list[str]:
    return [i for i in ids(root) if i.startswith(prefix)]


def test_history_svg_has_every_value_date_title_and_source_and_a_definition_marker() -> None:
    root = svg_of(chart_book(), "officers_with_criminal_records", "history")
    words = texts(root)
    for expected in ("161", "243", "322", "6 Apr 2023", "Nov 2024", "Dec 2025"):
        assert expected in words
    assert "Met officers with criminal records" in words
    assert "Sources: Evening Standard; Daily Mail (copy)" in words
    assert len(with_gid(root, "definition-change")) == 2  # the marker line and its label
    assert "definition" in words and "changes" in words
    assert "convictions only" in words  # the legend says what changed
    assert len(with_gid(root, "weak-value")) == 2 and len(with_gid(root, "value")) >= 1
    assert "Hollow: only a copy of the source was found" in words
    title = root.find(f"{SVG}title")
    assert title is not None and title.text and "161 on 6 April 2023" in title.text
    assert root.get("role") == "img"


def test_a_history_without_a_change_or_copies_has_no_marker_and_no_copy_note() -> None:
    root = svg_of(chart_book(), "suspended_officers", "history")
    words = texts(root)
    for expected in ("7", "69", "144", "201", "2022", "2023"):
        assert expected in words
    assert with_gid(root, "definition-change") == []
    assert with_gid(root, "weak-value") == []
    assert "only a copy" not in words


def test_breakdown_svg_has_every_part_label_and_value() -> None:
    root = svg_of(chart_book(), "officers_with_criminal_records", "breakdown")
    words = texts(root)
    for expected in ("violence", "54", "theft or fraud", "80", "drink driving", "50"):
        assert expected in words
    assert "as of December 2025" in words
    assert "The parts do not add up to 322." in words
    assert len(with_gid(root, "weak-bar")) == 3  # the value rests only on a copy
    assert "Hatched: only a copy of the source was found" in words
    assert "Source: Daily Mail (copy)" in words


def test_no_chart_for_one_value_without_parts_for_events_or_for_unknown_ids() -> None:
    book = chart_book()
    assert chart_svg(book, "headcount", "history") is None
    assert chart_svg(book, "headcount", "breakdown") is None
    assert draw_chart(book, "headcount") is None
    assert draw_chart(book, "casey_report") is None
    assert draw_chart(book, "no_such_id") is None
    assert chart_svg(book, "suspended_officers", "breakdown") is None


def test_png_is_a_phone_sized_opaque_card() -> None:
    from PIL import Image

    data = chart_png(chart_book(), "officers_with_criminal_records", ChartKind.HISTORY)
    assert data is not None and data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    assert image.width == 1000 and 600 < image.height < 2000
    rgba = image.convert("RGBA")
    assert rgba.getextrema()[3] == (255, 255)  # no transparency: the same on dark and light themes
    assert rgba.getpixel((image.width // 2, image.height // 2))[:3] != (0, 0, 0)


def test_drawing_is_deterministic() -> None:
    book = chart_book()
    assert chart_svg(book, "officers_with_criminal_records") == chart_svg(
        book, "officers_with_criminal_records"
    )


def test_hostile_labels_stay_plain_text_in_the_picture() -> None:
    book = chart_book()
    raw = chart_svg(book, "hostile_parts", "breakdown")
    assert raw is not None
    assert "<script" not in raw and "\x07" not in raw
    root = ET.fromstring(raw)  # still well-formed XML
    words = texts(root)
    assert "<!channel>" in words and "@everyone" in words
    assert "$\\frac{1}{0}$" in words  # drawn as typed, never as mathtext
    assert "xxxx" in words and "x" * 200 not in words.replace(" ", "")  # a runaway label is cut
    assert draw_chart(book, "hostile_parts", "breakdown", "png") is not None


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="png or svg"):
        draw_chart(chart_book(), "suspended_officers", "history", "gif")


def test_every_chart_of_the_real_book_draws() -> None:
    book = load_book("facts.yaml")
    drawn = 0
    for figure in book.figures:
        for kind in kinds(figure, other_measure(book, figure)):
            root = svg_of(book, figure.id, kind.value)
            assert figure.title.split()[0] in texts(root)
            drawn += 1
    assert drawn >= 2  # the book has charts; the exact number is the curator's business
