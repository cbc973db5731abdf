"""What a chart shows, decided from the book: values, definition changes, copies, parts."""

from __future__ import annotations

import dataclasses

from bot.charts.spec import ChartKind, alt_text, breakdown, chart, history, kinds, source_line
from bot.facts.model import Part

from .conftest import hostile, records, single, suspended


def test_history_has_every_value_oldest_first_with_its_definition_and_provenance() -> None:
    drawn = history(records())
    assert drawn is not None
    assert [(p.label, p.as_of.iso, p.weak) for p in drawn.points] == [
        ("161", "2023-04-06", False),
        ("243", "2024-11", True),
        ("322", "2025-12", True),
    ]
    assert drawn.points[0].counts == "serving officers with criminal convictions (convictions only)"
    assert drawn.sources == "Sources: Evening Standard; Daily Mail (copy)"


def test_a_definition_change_is_found_exactly_where_the_counts_differ() -> None:
    drawn = history(records())
    assert drawn is not None
    assert [(c.index, c.before, c.after) for c in drawn.changes] == [
        (
            0,
            "serving officers with criminal convictions (convictions only)",
            "serving officers with a criminal record (convictions or cautions)",
        )
    ]
    unchanged = history(suspended())  # earlier values without counts share the figure's
    assert unchanged is not None and unchanged.changes == ()
    assert [p.label for p in unchanged.points] == ["7", "69", "144", "201"]


def test_a_figure_with_one_value_and_no_countable_parts_has_no_chart() -> None:
    figure = single()
    assert history(figure) is None
    assert breakdown(figure) is None  # one count and one share: no breakdown to draw
    assert kinds(figure) == ()
    assert chart(figure) is None
    no_parts = dataclasses.replace(figure, parts=())
    assert chart(no_parts) is None and chart(no_parts, ChartKind.BREAKDOWN) is None


def test_breakdown_keeps_the_books_order_and_lists_parts_that_are_not_counts() -> None:
    drawn = breakdown(records())
    assert drawn is not None
    assert [(b.label, b.shown) for b in drawn.bars] == [
        ("violence", "54"),
        ("theft or fraud", "80"),
        ("drink driving", "50"),
    ]
    assert drawn.total_label == "322" and not drawn.adds_up  # 184 of 322
    assert drawn.weak
    assert drawn.sources == "Source: Daily Mail (copy)"
    assert "as of December 2025" in drawn.subtitle
    mixed = breakdown(dataclasses.replace(single(), parts=(Part("a", 1), Part("b", 2), Part("share", "20%"))))
    assert mixed is not None and mixed.others == ("share: 20%",)


def test_breakdown_falls_back_to_the_latest_earlier_value_with_parts() -> None:
    drawn = breakdown(dataclasses.replace(records(), parts=()))
    assert drawn is not None
    assert [b.label for b in drawn.bars] == ["serious traffic offences", "dishonesty or violence"]
    assert "Breakdown of 161" in drawn.subtitle and "as of 6 April 2023" in drawn.subtitle
    assert not drawn.weak
    assert kinds(records()) == (ChartKind.HISTORY, ChartKind.BREAKDOWN)
    assert chart(records()) == history(records())  # an answer shows the history first


def test_alt_text_states_the_values_the_change_and_the_copies_in_words() -> None:
    drawn = history(records())
    assert drawn is not None
    text = alt_text(drawn)
    assert "161 on 6 April 2023, 243 in November 2024 and 322 in December 2025" in text
    assert "The definition changes between 6 April 2023 and November 2024" in text
    assert "243 (November 2024) and 322 (December 2025) rest only on a copy" in text
    bars = breakdown(records())
    assert bars is not None
    assert "violence 54; theft or fraud 80; drink driving 50" in alt_text(bars)
    assert "do not add up to 322" in alt_text(bars)


def test_curated_text_is_tidied_for_a_picture() -> None:
    drawn = breakdown(hostile())
    assert drawn is not None
    assert all("\x07" not in b.label and len(b.label) <= 120 for b in drawn.bars)
    assert drawn.bars[1].label.endswith("…")
    assert len(alt_text(drawn)) <= 1000


def test_source_line_names_each_publisher_once_and_marks_copies() -> None:
    figure = records()
    sources = [*figure.revisions[0].sources, *figure.sources, *figure.sources]
    assert source_line(sources) == "Sources: Evening Standard; Daily Mail; Daily Mail (copy)"
    assert source_line([]) == ""
