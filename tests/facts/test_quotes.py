"""A quote must show the figure's number as a whole number, never inside a longer one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.facts.model import Number
from bot.facts.quotes import describe_forms, number_forms, quote_contains


@pytest.mark.parametrize(
    ("value", "forms"),
    [
        (1131, ("1131", "1,131")),
        (16, ("16",)),
        (-5, ("5",)),
        (Decimal("2.5"), ("2.5",)),
        (Decimal("2.50"), ("2.50", "2.5")),
        (Decimal("1E+3"), ("1000", "1,000")),
        (Decimal("1234.5"), ("1234.5", "1,234.5")),
    ],
)
def test_number_forms(value: Number, forms: tuple[str, ...]) -> None:
    assert number_forms(value) == forms


@pytest.mark.parametrize(
    ("quote", "value", "found"),
    [
        ("161 officers have criminal convictions", 161, True),
        ("In total 1,131 serving officers", 1131, True),
        ("In total 1131 serving officers", 1131, True),
        ("In total 1 131 serving officers", 1131, True),
        ("16 officers.", 16, True),
        ("(16)", 16, True),
        ("16, 17 and 18", 16, True),
        ("20% of them", 20, True),
        ("161 officers", 16, False),
        ("since 2016", 16, False),
        ("2,016 cases", 16, False),
        ("16.5 per cent", 16, False),
        ("1.16 per cent", 16, False),
        ("1,131 cases", 131, False),
        ("1,131,000 cases", 1131, False),
        ("1,131,000 cases", 1131000, True),
        ("2.5 per cent", Decimal("2.5"), True),
        ("12.5 per cent", Decimal("2.5"), False),
        ("2.55 per cent", Decimal("2.5"), False),
        ("2.5 per cent", 5, False),
        ("0.1 of a point", Decimal("0.1"), True),
        ("fell by 5", -5, True),
    ],
)
def test_quote_contains_on_number_boundaries(quote: str, value: Number, found: bool) -> None:
    assert quote_contains(quote, value) is found


def test_spelled_forms_match_as_whole_words_ignoring_case() -> None:
    assert quote_contains("Three-quarters of officers", 75, ["three-quarters"])
    assert quote_contains("two  and a\nhalf per cent", Decimal("2.5"), ["two and a half"])
    assert not quote_contains("a network of officers", 2, ["two"])
    assert not quote_contains("no number here", 2, ["", "  "])


def test_describe_forms() -> None:
    assert describe_forms(1131) == "'1131' or '1,131'"
    assert describe_forms(75, ["three-quarters"]) == "'75' or 'three-quarters'"
    assert describe_forms(1131, ["over a thousand"]) == "'1131', '1,131' or 'over a thousand'"


@given(n=st.integers(min_value=0, max_value=10**12), before=st.text(max_size=20), after=st.text(max_size=20))
def test_a_number_set_apart_is_found(n: int, before: str, after: str) -> None:
    grouped = f"{n:,}"
    assert quote_contains(f"{before} {grouped} {after}", n)
    assert quote_contains(f"{before} {n} {after}", n)


@given(
    n=st.integers(min_value=0, max_value=10**9),
    lead=st.integers(min_value=1, max_value=999),
    tail=st.integers(min_value=0, max_value=9),
)
def test_a_number_inside_a_longer_number_is_not_found(n: int, lead: int, tail: int) -> None:
    assert not quote_contains(f"about {lead}{n} cases", n)
    assert not quote_contains(f"about {n}{tail} cases", n)
    assert not quote_contains(f"about {n}.{tail} per cent", n)
    assert not quote_contains(f"about {lead}.{n} per cent", n)
    assert not quote_contains(f"about {n:,},{tail}00 cases", n)


@given(n=st.integers(min_value=0, max_value=999), lead=st.integers(min_value=1, max_value=999))
def test_a_number_is_not_found_as_the_thousands_group_of_another(n: int, lead: int) -> None:
    assert not quote_contains(f"about {lead},{n:03d} cases", n)


@given(
    whole=st.integers(min_value=0, max_value=10**6),
    frac=st.integers(min_value=1, max_value=999),
    extra=st.integers(min_value=1, max_value=9),
)
def test_decimals_on_boundaries(whole: int, frac: int, extra: int) -> None:
    value = Decimal(f"{whole}.{frac:03d}")
    text = format(value, ",f").rstrip("0").rstrip(".")
    assert quote_contains(f"a rate of {text} per cent", value)
    assert not quote_contains(f"a rate of {text}{extra} per cent", value)
    assert not quote_contains(f"a rate of {extra}{text} per cent", value)
