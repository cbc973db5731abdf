"""A change of definition modelled as two figures linked by ``other_measure``: the history of
either draws the other's values as a second series, apart in look, legend and source, with the
definition marker between them; a figure without a link is drawn as before."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bot.charts import ChartKind, chart_svg, draw_chart, kinds
from bot.charts.spec import alt_text, chart, chart_in, history, other_measure
from bot.cli import main
from bot.facts.loader import load_book
from bot.facts.model import PartialDate, Revision
from tests.kit import src

from .conftest import chart_book, linked_book, linked_pair, records, suspended
from .test_draw import SVG, svg_of, texts, with_gid

CONVICTIONS = "officers_with_criminal_convictions"
RECORDS = "officers_with_criminal_records"
ROOT = Path(__file__).resolve().parents[2]


def test_the_history_holds_both_series_in_date_order_with_the_change_between_them() -> None:
    convictions, records = linked_pair()
    drawn = history(records, convictions)
    assert drawn is not None and drawn.linked
    assert [(p.label, p.as_of.iso, p.series, p.weak) for p in drawn.points] == [
        ("161", "2023-04-06", 1, False),
        ("243", "2024-11", 0, True),
        ("322", "2025-12", 0, True),
    ]
    assert [(c.index, c.later, c.before, c.after) for c in drawn.changes] == [
        (
            0,
            1,
            "serving officers with criminal convictions (convictions only)",
            "serving officers with a criminal record (convictions or cautions)",
        )
    ]
    assert [(s.figure_id, s.counts, s.sources) for s in drawn.series] == [
        (
            RECORDS,
            "serving officers with a criminal record (convictions or cautions)",
            "Source: Daily Mail (copy)",
        ),
        (
            CONVICTIONS,
            "serving officers with criminal convictions (convictions only)",
            "Source: Evening Standard",
        ),
    ]


def test_a_one_value_figure_gets_a_history_through_its_link() -> None:
    convictions, records = linked_pair()
    assert history(convictions) is None  # alone, one value
    assert kinds(convictions) == (ChartKind.BREAKDOWN,)
    assert kinds(convictions, records) == (ChartKind.HISTORY, ChartKind.BREAKDOWN)
    drawn = chart_in(linked_book(), convictions)  # an answer's chart: the history, first
    assert drawn is not None and drawn.kind is ChartKind.HISTORY
    assert [(p.label, p.series) for p in drawn.points] == [("161", 0), ("243", 1), ("322", 1)]


def test_measures_that_overlap_in_time_get_no_marker_between_them() -> None:
    """No one moment separates them: each series' own changes only, and the legend tells them apart."""
    convictions, records = linked_pair()
    earlier = Revision(
        200, PartialDate.parse("2022-09"), (src("Evening Standard", "200 officers", "2022-09-10"),)
    )
    overlapping = dataclasses.replace(records, revisions=(earlier, *records.revisions))
    drawn = history(overlapping, convictions)
    assert drawn is not None
    assert [(p.label, p.series) for p in drawn.points] == [("200", 0), ("161", 1), ("243", 0), ("322", 0)]
    assert drawn.changes == ()


def test_alt_text_says_both_series_what_each_counts_and_where_it_comes_from() -> None:
    convictions, records = linked_pair()
    drawn = history(records, convictions)
    assert drawn is not None
    text = alt_text(drawn)
    assert text.startswith(
        "Line chart of Met officers with criminal records (convictions or cautions) over time, with its "
        "other measure, Met officers with criminal convictions, as a second line."
    )
    assert (
        "Serving officers with a criminal record (convictions or cautions): 243 in November 2024 and "
        "322 in December 2025. Source: Daily Mail (copy)."
    ) in text
    convictions_only = "Serving officers with criminal convictions (convictions only): 161 on 6 April 2023."
    assert f"{convictions_only} Source: Evening Standard." in text
    assert "The definition changes between 6 April 2023 and November 2024" in text
    assert "243 (November 2024) and 322 (December 2025) rest only on a copy" in text


@pytest.mark.parametrize("fact_id", [RECORDS, CONVICTIONS])
def test_the_svg_of_either_figure_has_every_value_of_both_series_and_the_marker(fact_id: str) -> None:
    root = svg_of(linked_book(), fact_id, "history")
    words = texts(root)
    for expected in ("161", "243", "322", "6 Apr 2023", "Nov 2024", "Dec 2025"):
        assert expected in words
    assert len(with_gid(root, "definition-change")) == 2  # the marker line and its label
    assert "Definition changes between 6\u00a0Apr\u00a02023 and Nov\u00a02024" in words
    # The legend names what each series counts; each series has its own marker and source row.
    assert "Serving officers with a criminal record" in words and "(convictions or cautions)" in words
    assert "Serving officers with criminal convictions" in words and "(convictions only)" in words
    assert "Source: Daily Mail (copy)" in words and "Source: Evening Standard" in words
    own, other = ("weak-value", "other-value") if fact_id == RECORDS else ("value", "other-weak-value")
    assert len([i for i in with_gid(root, own) if i == own]) == (2 if fact_id == RECORDS else 1)
    assert len([i for i in with_gid(root, other) if i == other]) == (1 if fact_id == RECORDS else 2)
    assert "Hollow: only a copy of the source was found" in words  # the weak values stay hollow
    title = root.find(f"{SVG}title")
    assert title is not None and title.text and "161 on 6 April 2023" in title.text
    assert "243 in November 2024" in title.text


def test_a_figure_with_no_link_is_drawn_as_before() -> None:
    book = chart_book()
    for figure in book.figures:
        assert other_measure(book, figure) is None
        for kind in (ChartKind.HISTORY, ChartKind.BREAKDOWN):
            assert chart_in(book, figure, kind) == chart(figure, kind)
    unlinked = history(suspended())
    assert unlinked is not None and not unlinked.linked and len(unlinked.series) == 1
    assert {p.series for p in unlinked.points} == {0}
    one_figure = history(records())  # a definition change inside one figure, as before
    assert one_figure is not None and [(c.index, c.later) for c in one_figure.changes] == [(0, 1)]
    root = svg_of(book, "officers_with_criminal_records", "history")
    assert not [i for i in (e.get("id", "") for e in root.iter()) if i.startswith("other-")]
    assert [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("Sources:")] == [
        "Sources: Evening Standard; Daily Mail (copy)"
    ]


def test_a_link_to_nothing_drawable_is_no_second_series() -> None:
    convictions, _ = linked_pair()
    alone = dataclasses.replace(linked_book(), figures=(convictions,))  # the other figure is gone
    assert other_measure(alone, convictions) is None
    assert chart_in(alone, convictions, ChartKind.HISTORY) is None
    assert draw_chart(alone, CONVICTIONS, "history") is None


def test_the_real_book_tells_the_161_243_322_story_in_both_figures_charts() -> None:
    book = load_book(ROOT / "facts.yaml")
    for fact_id in (RECORDS, CONVICTIONS):
        svg = chart_svg(book, fact_id, "history")
        assert svg is not None, fact_id
        root = ET.fromstring(svg)
        words = texts(root)
        for value in ("161", "243", "322"):
            assert value in words, (fact_id, value)
        assert len(with_gid(root, "definition-change")) == 2


def test_the_chart_command_draws_the_convictions_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "convictions.svg"
    code = main(["chart", CONVICTIONS, "--facts", str(ROOT / "facts.yaml"), "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    svg = target.read_text(encoding="utf-8")
    assert "definition-change" in svg and "322" in svg


@pytest.mark.asyncio
async def test_an_answer_about_the_one_value_figure_carries_the_two_series_history() -> None:
    from bot.charts.service import Charts
    from bot.core.answers import answer
    from bot.core.shelf import Shelf

    book = linked_book()
    charts = Charts(Shelf(book))
    try:
        convictions = book.get(CONVICTIONS)
        assert convictions is not None
        drawing = await charts.for_answer(answer(convictions))
    finally:
        charts.close()
    assert drawing is not None and drawing.filename == f"{CONVICTIONS}-history.png"
    assert "with its other measure, Met officers with criminal records" in drawing.alt_text
    assert "243 in November 2024 and 322 in December 2025" in drawing.alt_text
