"""The number reader behind the number-in-quote rule: every form the book writes a number in, what is
not a number for the rule, and which forms vouch for each other."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.facts.number_rule import evaluative, unsupported
from bot.facts.numbers import quoted_keys, shown_numbers


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("1,131 cases", [("n", 1131)]),
        ("1131 cases", [("n", 1131)]),
        ("1 131 cases", [("n", 1131)]),
        ("2.5 per cent", [("percent", Fraction(5, 2))]),
        ("26% fewer", [("percent", 26)]),
        ("the 37th officer", [("n", 37)]),
        ("1.2 million checks", [("n", 1_200_000)]),
        ("nine officers", [("n", 9)]),
        ("twenty-one officers", [("n", 21)]),
        ("two hundred and fifty officers", [("n", 250)]),
        ("a thousand claims", [("n", 1000)]),
        ("one officer and two staff", [("n", 1), ("n", 2)]),
        ("a third of them", [("share", Fraction(1, 3))]),
        ("two-thirds of them", [("share", Fraction(2, 3))]),
        ("three-quarters of them", [("share", Fraction(3, 4))]),
        ("half of them", [("share", Fraction(1, 2))]),
        ("one in five officers", [("share", Fraction(1, 5))]),
        ("1 in 200 officers", [("share", Fraction(1, 200))]),
        # Ages and sentence lengths are numbers a reader is told.
        ("Sarah Everard, 33, was", [("n", 33)]),
        ("jailed for 24 years", [("n", 24)]),
        ("a period of over 18 months", [("n", 18)]),
    ],
)
def test_each_form_the_book_writes_is_read(text: str, read: list[tuple[str, Fraction]]) -> None:
    assert [m.key for m in shown_numbers(text)] == [(k, Fraction(v)) for k, v in read]


@pytest.mark.parametrize(
    "text",
    [
        "in 2021",
        "in 2022-23",
        "on 6 April 2023",
        "on March 3",
        "on the 3rd of March",
        "at 21:30",
        "at 9am",
        "in the 12 months to September",
        "over the past six months",
        "no one was charged",
        "a one-off payment",
        "in the first half of the year",
    ],
)
def test_years_days_times_and_framing_periods_are_not_numbers_for_the_rule(text: str) -> None:
    assert shown_numbers(text) == []


def test_forms_vouch_for_each_other_but_kinds_never_do() -> None:
    quote = quoted_keys(["Nine officers, or 20 per cent, a third of them; 1 in 5 were dismissed"])
    assert unsupported("9 officers, 20% of the total, one in five, a third", quote) == []
    # A count does not back a percentage, a percentage does not back a share, and so on.
    counts = quoted_keys(["47 officers and 20 staff; 5 cases"])
    assert [m.text for m in unsupported("47%, one in five, a fifth", counts)] == [
        "47%",
        "one in five",
        "a fifth",
    ]


def test_a_declared_computation_is_exempt_but_its_workings_are_not() -> None:
    keys = quoted_keys(["1,988 calls and 980 online reports"])
    assert unsupported("2,968 (computed: 1,988 plus 980) contacts", keys) == []
    assert [m.text for m in unsupported("2,968 (computed: 1,988 plus 908) contacts", keys)] == ["908"]
    assert [m.text for m in unsupported("2,968 contacts", keys)] == ["2,968"]


def test_evaluative_words_before_a_number_are_found() -> None:
    assert [(w, m.text) for w, m in evaluative("Only 29% had a case to answer; just three")] == [
        ("Only", "29%"),
        ("just", "three"),
    ]
    assert evaluative("29% had a case to answer, the report says") == []
