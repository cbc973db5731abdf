"""`check <paragraph>`: which numbers are read, and cautious verdicts against the real book."""

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

ROOT = Path(__file__).resolve().parents[2]
CTX = Context(surface="test", channel="test:1")


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_book(ROOT / "facts.yaml"))


def test_numbers_skip_years_days_and_times() -> None:
    text = (
        "On 6 April 2023 at 21:30, 1,131 cases were re-examined; knife crime fell 26% and 4.5 per cent more."
    )
    assert [(f.text, f.value) for f in numbers_in(text)] == [
        ("1,131", Decimal(1131)),
        ("26%", Decimal(26)),
        ("4.5%", Decimal("4.5")),
    ]


def test_each_number_gets_its_own_clause() -> None:
    found = numbers_in("161 Met officers had criminal convictions and 250 officers were suspended.")
    assert [f.sentence for f in found] == [
        "161 Met officers had criminal convictions",
        "250 officers were suspended.",
    ]


@pytest.mark.parametrize(
    ("text", "outcome", "figure", "earlier"),
    [
        (
            "161 Met officers have criminal convictions",
            "matches",
            "officers_with_criminal_convictions",
            False,
        ),
        ("243 officers had cautions or convictions", "matches", "officers_with_criminal_records", True),
        ("322 officers had a criminal record", "matches", "officers_with_criminal_records", False),
        ("201 officers were suspended", "matches", "suspended_officers", False),
        ("250 officers were suspended", "differs", "suspended_officers", False),
        ("knife and gun crime fell 26%", "matches", "knife_gun_crime_fall_2021", False),
        ("the Met re-examined 1,131 cases after Carrick", "matches", "onyx_cases_reassessed", False),
        ("The weather was 25 degrees", "unknown", None, False),
        ("Greater Manchester Police has 8,000 officers", "unknown", None, False),
    ],
)
def test_verdicts(resolver: Resolver, text: str, outcome: str, figure: str | None, earlier: bool) -> None:
    (found,) = numbers_in(text)
    verdict = judge(resolver, found)
    assert verdict.outcome == outcome
    assert (verdict.figure.id if verdict.figure else None) == figure
    assert verdict.earlier is earlier


@pytest.mark.asyncio
async def test_check_message_lists_each_number_privately() -> None:
    router = Router(shelf=Shelf(load_book(ROOT / "facts.yaml")))
    msg = await router.handle("check 161 officers had convictions and 250 officers were suspended.", CTX)
    assert msg.kind is Kind.STATUS and msg.private
    assert msg.sentence == "2 numbers: 1 match, 1 differ, 0 not in the book."
    assert msg.items[0].title == "161: “161 officers had convictions”"
    assert msg.items[0].text == (
        "matches the book: Met officers with criminal convictions, as of 6 April 2023 "
        "(`officers_with_criminal_convictions`)"
    )
    assert msg.items[0].url == (  # the first source of the 161, the convictions-only figure's value
        "http://www.standard.co.uk/news/london/met-police-misconduct-review-mark-rowley-wayne-couzens-sarah-everard-b1072521.html"
    )
    assert msg.items[1].text == (
        "differs: the book has 201 as of 18 September 2023 for Suspended Met officers (`suspended_officers`)"
    )
    assert (await router.handle("check no numbers here", CTX)).title == "No numbers to check"


@pytest.mark.asyncio
async def test_check_reply_says_when_a_matched_value_rests_on_copies() -> None:
    router = Router(shelf=Shelf(load_book(ROOT / "facts.yaml")))
    msg = await router.handle("check 243 officers had cautions or convictions; now 322 have a record.", CTX)
    copy = "only a copy of the Daily Mail report was found"
    earlier, latest = (item.text for item in msg.items)
    assert earlier == (
        "matches the book: Met officers with criminal records (convictions or cautions), "
        f"as of November 2024 · {copy}; the latest is 322 as of December 2025 · {copy} "
        "(`officers_with_criminal_records`)"
    )
    assert latest == (
        "matches the book: Met officers with criminal records (convictions or cautions), "
        f"as of December 2025 · {copy} (`officers_with_criminal_records`)"
    )
    # A value with an original source carries no caveat.
    (item,) = (await router.handle("check 201 officers were suspended", CTX)).items
    assert "only" not in item.text


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=500)
    | st.sampled_from(["@everyone 5", "<!channel> 161", "9" * 5000, "1,2,3,4,5,6,7,8,9,10,11,12"])
)
def test_no_text_makes_check_raise(text: str) -> None:
    found = numbers_in(text)
    assert len(found) <= 10
    resolver = _RESOLVER
    for f in found:
        assert judge(resolver, f).outcome in {"matches", "differs", "unknown"}


_RESOLVER = Resolver(load_book(ROOT / "facts.yaml"))
