"""Hostile query text: never a crash, never more than the core needs."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.context import Context
from bot.core.message import Kind
from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.core.text_safety import MAX_TEXT, clean_query, echo_text
from tests.core.conftest import small_book

HOSTILE = [
    "",
    "   ",
    "@everyone",
    "<!channel> <!here> <@U123> <https://evil.example|click>",
    "x" * 10_000,
    "\x00\x07\x1b[31mred\u202e\u200bconvictions",
    "🙂" * 500,
    "figure " + "convictions " * 2000,
]


def test_control_and_format_characters_are_dropped() -> None:
    assert clean_query("\x00con\u200bvic\x1btions\u202e") == "convictions"
    assert clean_query("a\tb\nc") == "a b c"


def test_long_text_is_cut_not_rejected() -> None:
    assert len(clean_query("y" * 10_000)) == MAX_TEXT
    assert len(clean_query("y" * 10_000, limit=300)) == 300
    assert echo_text("z" * 500).endswith("…") and len(echo_text("z" * 500)) <= 80


def test_hostile_examples_get_a_message() -> None:
    router = Router(shelf=Shelf(small_book()))
    ctx = Context(surface="test", channel="test:1")
    for text in HOSTILE:
        msg = asyncio.run(router.handle(text, ctx))
        assert msg.kind in set(Kind)
        assert msg.echo is None or len(msg.echo) <= 80


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400) | st.sampled_from(HOSTILE))
def test_no_text_makes_the_router_raise(text: str) -> None:
    router = Router(shelf=Shelf(small_book()))
    msg = asyncio.run(router.handle("figure " + text, Context(surface="test", channel="test:1")))
    assert msg.kind in {Kind.ANSWER, Kind.CHOICES, Kind.NOT_FOUND, Kind.TOPICS}
