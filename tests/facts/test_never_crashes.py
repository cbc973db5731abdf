"""Whatever the file holds, the loader answers with a book or a BookError, never another exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.facts.loader import BookError, parse_book
from bot.facts.model import FactBook

GOOD = (Path(__file__).parent / "fixtures" / "good.yaml").read_text(encoding="utf-8")
GOOD_LINES = GOOD.splitlines(keepends=True)


def outcome(text: str) -> FactBook | BookError:
    try:
        return parse_book(text, "fuzz.yaml")
    except BookError as error:
        assert error.problems, "a BookError always names at least one problem"
        assert all(p.line >= 1 and p.col >= 1 for p in error.problems)
        return error


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text(text: str) -> None:
    outcome(text)


@settings(max_examples=150)
@given(drop=st.sets(st.integers(min_value=0, max_value=len(GOOD_LINES) - 1), max_size=4))
def test_the_good_book_with_lines_missing(drop: set[int]) -> None:
    outcome("".join(line for i, line in enumerate(GOOD_LINES) if i not in drop))


@settings(max_examples=150)
@given(
    at=st.integers(min_value=0, max_value=len(GOOD) - 1),
    insert=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \t\n0x")),
)
def test_the_good_book_with_a_character_inserted(at: int, insert: str) -> None:
    outcome(GOOD[:at] + insert + GOOD[at:])


def test_yaml_bombs_and_recursion_are_bounded() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    assert isinstance(outcome(bomb), BookError)
    deep = "book: " + "[" * 5000 + "]" * 5000 + "\n"
    assert isinstance(outcome(deep), BookError)
    assert isinstance(outcome("a: &a [*a]\n"), BookError)
