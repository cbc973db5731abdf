"""`check <paragraph>` and `verify`: which numbers are read, and cautious verdicts against the real
book, on the claims table (true sentences, changed numbers, traps)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.context import Context
from bot.core.message import Kind
from bot.core.number_check import judge, numbers_in
from bot.core.resolve import Resolver
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.loader import load_book
from tests.core.claims_cases import CLAIMS

ROOT = Path(__file__).resolve().parents[2]
CTX = Context(surface="test", channel="test:1")
_RESOLVER = Resolver(load_book(ROOT / "facts.yaml"))


def test_numbers_skip_years_days_periods_and_times() -> None:
    text = (
        "On 6 April 2023 at 21:30, 1,131 cases were re-examined in six months; knife crime fell 26% "
        "and 4.5 per cent more."
    )
    assert [(f.text, f.value, f.unit) for f in numbers_in(text)] == [
        ("1,131", Decimal(1131), "count"),
        ("26%", Decimal(26), "percent"),
        ("4.5 per cent", Decimal("4.5"), "percent"),
    ]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("nine officers", [("nine", 9, "count", "")]),
        ("a hundred and forty-four officers", [("a hundred and forty-four", 144, "count", "")]),
        ("almost seven hundred officers", [("seven hundred", 700, "count", "almost")]),
        ("more than 1,000 officers", [("1,000", 1000, "count", "more than")]),
        ("two-thirds of cases", [("two-thirds", Decimal("66.7"), "percent", "")]),
        ("a third of cases", [("a third", Decimal("33.3"), "percent", "")]),
        ("three-quarters of crimes", [("three-quarters", 75, "percent", "")]),
        ("half of officers", [("half", 50, "percent", "")]),
        ("one in ten officers", [("one in ten", 10, "ratio", "")]),
        ("four in five cases", [("four in five", 80, "percent", "")]),
        ("twenty-six per cent", [("twenty-six per cent", 26, "percent", "")]),
        ("hundreds of officers, no one knows, one of them", []),
    ],
)
def test_spelled_numbers_fractions_ratios_and_qualifiers(
    text: str, read: list[tuple[str, object, str, str]]
) -> None:
    assert [(f.text, f.value, f.unit, f.qualifier) for f in numbers_in(text)] == [
        (t, Decimal(v) if not isinstance(v, Decimal) else v, u, q)
        for t, v, u, q in read  # type: ignore[arg-type]
    ]


def test_each_number_gets_its_own_clause() -> None:
    found = numbers_in("161 Met officers had criminal convictions and 250 officers were suspended.")
    assert [f.clause for f in found] == [
        "161 Met officers had criminal convictions",
        "250 officers were suspended.",
    ]


def _verdicts() -> list[tuple[str, str, str | None, str, str | None]]:
    rows = []
    for text, number, expected, fact in CLAIMS:
        (found,) = [f for f in numbers_in(text, 50) if f.text == number]
        verdict = judge(_RESOLVER, found)
        got = verdict.fact.id if verdict.fact is not None and verdict.outcome != "unknown" else None
        rows.append((expected, verdict.outcome, fact, text, got))
    return rows


def _right(expected: str, outcome: str, fact: str | None, got: str | None) -> bool:
    return outcome == expected and (got in fact.split("|") if fact else got is None)


def test_the_claims_table_is_large_enough() -> None:
    assert len(CLAIMS) >= 80
    kinds = {expected for _, _, expected, _ in CLAIMS}
    assert kinds == {"matches", "differs", "unknown"}


def test_matches_is_never_said_for_the_wrong_figure() -> None:
    wrong = [
        (text, got)
        for expected, outcome, fact, text, got in _verdicts()
        if outcome == "matches" and not _right(expected, outcome, fact, got)
    ]
    assert wrong == []


def test_verdict_accuracy_on_the_claims_table() -> None:
    rows = _verdicts()
    right = sum(_right(e, o, f, g) for e, o, f, _, g in rows)
    assert right / len(rows) >= 0.9


@pytest.mark.parametrize(
    ("text", "outcome", "fact", "book_value", "as_of"),
    [
        # a date in the sentence picks the value as of then; an earlier value is named as such
        (
            "In 2025, 243 serving Met officers had a criminal record.",
            "differs",
            "officers_with_criminal_records",
            322,
            "2025-12",
        ),
        ("In March 2022, 7 Met officers were suspended.", "matches", "suspended_officers", 7, "2022-03-31"),
        (
            "161 Met officers have criminal convictions",
            "matches",
            "officers_with_criminal_convictions",
            161,
            "2023-04-06",
        ),
    ],
)
def test_dates_and_traps(text: str, outcome: str, fact: str, book_value: int, as_of: str) -> None:
    (found,) = numbers_in(text)
    verdict = judge(_RESOLVER, found)
    assert verdict.outcome == outcome
    assert verdict.fact is not None and verdict.fact.id == fact
    assert verdict.book is not None and verdict.book.number == book_value and verdict.book.as_of.iso == as_of


def test_another_figures_number_is_never_a_match() -> None:
    # 100 is the number of officers due a vetting review in six months; the sentence is about sackings.
    (found,) = numbers_in("The Met has sacked 100 officers in six months.")
    verdict = judge(_RESOLVER, found)
    assert verdict.outcome != "matches"
    assert verdict.fact is None or verdict.fact.id != "vetting_status_reviews_apr2023"


def test_an_earlier_value_is_marked_earlier() -> None:
    (found,) = numbers_in("144 Met officers were suspended")
    verdict = judge(_RESOLVER, found)
    assert verdict.book is not None and verdict.book.earlier


@pytest.mark.asyncio
async def test_check_message_lists_each_number_privately() -> None:
    router = Router(shelf=Shelf(load_book(ROOT / "facts.yaml")))
    msg = await router.handle("check 161 officers had convictions and 250 officers were suspended.", CTX)
    assert msg.kind is Kind.STATUS and msg.private
    assert msg.sentence == "2 numbers: 1 match, 1 differ, 0 not in the book."
    assert msg.items[0].title == "161: “161 officers had convictions”"
    assert msg.items[0].text == (
        "matches the book: Met officers with criminal convictions, 161 as of 6 April 2023 "
        "(`officers_with_criminal_convictions`)"
    )
    assert msg.items[0].url == (  # the source of the 161, an earlier value
        "http://www.standard.co.uk/news/london/met-police-misconduct-review-mark-rowley-wayne-couzens-sarah-everard-b1072521.html"
    )
    assert msg.items[1].text == (
        "differs: the book has 201 as of 18 September 2023 for Suspended Met officers (`suspended_officers`)"
    )
    assert (await router.handle("check no numbers here", CTX)).title == "No numbers to check"


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=500)
    | st.sampled_from(
        ["@everyone 5", "<!channel> 161", "9" * 5000, "1,2,3,4,5,6,7,8,9,10,11,12", "one in", "a third of"]
    )
)
def test_no_text_makes_check_raise(text: str) -> None:
    found = numbers_in(text)
    assert len(found) <= 10
    for f in found:
        assert judge(_RESOLVER, f).outcome in {"matches", "differs", "unknown"}
