"""The renderer on hand-built messages: exact embeds, escaping, and Discord's size limits."""

from __future__ import annotations

import json
import re
from typing import Any

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.message import Choice, Item, Kind, Line, Message, SourceRef
from bot.surfaces.discord import embeds
from bot.surfaces.discord.embeds import render, safe

MET = SourceRef(
    "Metropolitan Police", "Update on standards", "https://example.org/met", "6 April 2023", "161 officers"
)
MIRROR = SourceRef("Mirror", "Copy", "https://example.org/a_(b)", "7 April 2023", "161 officers", weak=True)


def as_dict(message: Message) -> dict[str, Any]:
    return render(message).embed.to_dict()  # type: ignore[return-value]


def test_answer_layout() -> None:
    message = Message(
        Kind.ANSWER,
        "Officers with criminal convictions",
        value_line="161",
        sentence="In April 2023, 161 serving Met officers had criminal convictions.",
        as_of="As of April 2023",
        parts=(Line("traffic offences", "76"),),
        revisions=(Line("2019", "120 — convictions only · Met"), Line("2018", "around 90 (estimate)")),
        sources=(MET, MIRROR),
        note="Counts differ by definition.",
        footer="Ask `source convictions` for every quote.",
        link="https://example.org/met",
    )
    rendered = render(message)
    assert rendered.ephemeral is False
    assert rendered.embed.to_dict() == {
        "type": "rich",
        "flags": 0,
        "title": "Officers with criminal convictions",
        "url": "https://example.org/met",
        "color": 0x2B6CB0,
        "description": "**161**\nIn April 2023, 161 serving Met officers had criminal convictions.",
        "fields": [
            {"name": "As of", "value": "April 2023", "inline": True},
            {"name": "Breakdown", "value": "traffic offences: **76**", "inline": False},
            {
                "name": "Earlier values",
                "value": "2019: **120** — convictions only · Met\n2018: **around 90** (estimate)",
                "inline": False,
            },
            {"name": "Note", "value": "Counts differ by definition.", "inline": False},
            {
                "name": "Sources",
                "value": "[Metropolitan Police, 6 April 2023](https://example.org/met)\n> “161 officers”\n"
                "[Mirror, 7 April 2023](https://example.org/a_%28b%29) (copy)\n> “161 officers”",
                "inline": False,
            },
        ],
        "footer": {"text": "Ask `source convictions` for every quote."},
    }


def test_event_answer_shows_date_not_as_of() -> None:
    embed = as_dict(
        Message(Kind.ANSWER, "Casey review published", sentence="It found...", as_of="21 March 2023")
    )
    assert embed["description"] == "It found..."
    assert embed["fields"] == [{"name": "Date", "value": "21 March 2023", "inline": True}]
    assert "url" not in embed


def test_choices_never_show_a_number_and_are_private() -> None:
    message = Message(
        Kind.CHOICES,
        "Did you mean one of these?",
        sentence="I'm not sure which fact you mean by “@everyone **x**”, but I know about:",
        choices=(
            Choice(
                "officers_with_criminal_records", "Officers with criminal convictions", "figure, as of 2025"
            ),
            Choice("suspended_officers", "Officers suspended"),
        ),
        echo="@everyone **x**",
        private=True,
    )
    rendered = render(message)
    assert rendered.ephemeral is True
    assert rendered.embed.to_dict()["description"] == (
        "I'm not sure which fact you mean by “@\u200beveryone \\*\\*x\\*\\*”, but I know about:"
    )
    assert rendered.embed.to_dict()["fields"] == [
        {
            "name": "Did you mean",
            "value": "• Officers with criminal convictions — `officers_with_criminal_records` "
            "(figure, as of 2025)\n• Officers suspended — `suspended_officers`",
            "inline": False,
        }
    ]


def test_not_found_falls_back_to_the_echo() -> None:
    embed = as_dict(
        Message(Kind.NOT_FOUND, "No matching figure", echo="<@&123456789012345678> hi", private=True)
    )
    assert embed["description"] == "I don't know “<@\u200b&123456789012345678> hi”."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@everyone and @here", "@\u200beveryone and @\u200bhere"),
        ("<@123456789012345678>", "<@\u200b123456789012345678>"),
        ("ask `source x_y` now", "ask `source x_y` now"),  # code spans are kept
        ("`@everyone`", "`@everyone`"),  # inside a code span it renders literally
        ("snake_case *bold*", "snake\\_case \\*bold\\*"),
        ("[click](https://evil.example)", "\\[click](https://evil.example)"),  # no forged masked link
        ("# heading", "\\# heading"),
    ],
)
def test_safe(text: str, expected: str) -> None:
    assert safe(text) == expected


def test_help_uses_slash_commands() -> None:
    message = Message(
        Kind.HELP, "figurebot commands", items=(Item("figure <question>", "A figure"),), private=True
    )
    assert as_dict(message)["fields"] == [
        {"name": "Commands", "value": "`/figure <question>` — A figure", "inline": False}
    ]


def test_timeline_keeps_to_the_description_limit() -> None:
    items = tuple(
        Item(f"Event {i}", "word " * 100, f"{i} March 2023", f"https://example.org/{i}", f"e_{i}")
        for i in range(100)
    )
    embed = as_dict(Message(Kind.TIMELINE, "Timeline", items=items))
    description = embed["description"]
    assert len(description) <= embeds.DESCRIPTION_MAX
    assert description.startswith("**0 March 2023** · [Event 0](https://example.org/0) `e_0`\nword word")
    assert description.endswith("more not shown.")


def test_sources_one_field_each_up_to_the_limit() -> None:
    refs = tuple(SourceRef(f"P{i}", f"T{i}", f"https://example.org/{i}", "2023", "q") for i in range(40))
    fields = as_dict(Message(Kind.SOURCES, "Sources: x", sources=refs))["fields"]
    assert len(fields) == 25
    assert fields[0] == {"name": "P0, 2023", "value": "[T0](https://example.org/0)\n> “q”", "inline": False}
    assert fields[-1] == {"name": "More", "value": "16 more sources not shown.", "inline": False}


def test_status_settings_are_inline_fields() -> None:
    message = Message(
        Kind.STATUS,
        "Anniversary reminders are on for this channel",
        parts=(Line("Posting time", "09:00 Europe/London"),),
        items=(Item("3 years ago today: Casey", date="21 March 2026, 09:00", ref="casey_report"),),
    )
    embed = as_dict(message)
    assert embed["description"] == "**21 March 2026, 09:00** · **3 years ago today: Casey** `casey_report`"
    assert embed["fields"] == [{"name": "Posting time", "value": "09:00 Europe/London", "inline": True}]


def test_non_web_links_are_not_linked() -> None:
    message = Message(
        Kind.ANSWER, "T", sources=(SourceRef("P", "T", "javascript:alert(1)", "2023", "q"),), link="ftp://x"
    )
    embed = as_dict(message)
    assert "url" not in embed
    assert embed["fields"][0]["value"] == "P, 2023\n> “q”"


def _within_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert data.get("title") or data.get("description") or data.get("fields"), "Discord rejects empty embeds"
    assert len(embed) <= embeds.TOTAL_MAX
    assert len(data.get("title", "")) <= embeds.TITLE_MAX
    assert len(data.get("description", "")) <= embeds.DESCRIPTION_MAX
    assert len(data.get("fields", [])) <= embeds.FIELDS_MAX
    for item in data.get("fields", []):
        assert 0 < len(item["name"]) <= embeds.FIELD_NAME_MAX
        assert 0 < len(item["value"]) <= embeds.FIELD_VALUE_MAX
    assert len(data.get("footer", {}).get("text", "")) <= embeds.FOOTER_MAX


def huge(kind: Kind, text: str) -> Message:
    return Message(
        kind,
        text,
        value_line=text,
        sentence=text,
        as_of=text,
        parts=tuple(Line(text, text) for _ in range(30)),
        revisions=tuple(Line(text, text) for _ in range(30)),
        sources=tuple(SourceRef(text, text, "https://example.org/", text, text) for _ in range(30)),
        items=tuple(Item(text, text, text, "https://example.org/", "id") for _ in range(30)),
        choices=tuple(Choice("id", text, text) for _ in range(30)),
        note=text,
        footer=text,
        echo=text,
        link="https://example.org/",
    )


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_fits_discord_limits(kind: Kind) -> None:
    _within_limits(render(huge(kind, "x" * 10_000)).embed)


hostile = st.lists(
    st.sampled_from(["@everyone", "@here", "<@&123456789012345678>", "*", "_", "\n", "\x00", "a", " ", "~"]),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(list(Kind)), text=hostile)
def test_no_kind_lets_a_mention_through(kind: Kind, text: str) -> None:
    embed = render(huge(kind, text)).embed
    _within_limits(embed)
    # The alphabet has no backtick, so every `span` is one the renderer made on purpose (an id or a
    # usage line); Discord shows code spans literally, so only the text outside them can mention.
    rendered = re.sub(r"`[^`]*`", "", json.dumps(embed.to_dict(), ensure_ascii=False))
    assert "@everyone" not in rendered
    assert "@here" not in rendered
    assert "<@&" not in rendered


PAGE = "https://facts.example.org/met/x/"


@pytest.mark.parametrize("kind", [Kind.ANSWER, Kind.SOURCES, Kind.REMINDER, Kind.TIMELINE])
def test_the_page_link_is_the_last_field_even_when_the_rest_is_cut(kind: Kind) -> None:
    message = Message(**{**huge(kind, "x" * 10_000).__dict__, "page": PAGE})
    embed = render(message).embed
    _within_limits(embed)
    last = embed.to_dict()["fields"][-1]
    assert last["value"] == f"[{message.page_label}]({PAGE})"


def test_a_short_answer_gains_only_the_page_field() -> None:
    plain = as_dict(Message(Kind.ANSWER, "T", value_line="1", sentence="S", as_of="As of 2023"))
    linked = as_dict(Message(Kind.ANSWER, "T", value_line="1", sentence="S", as_of="As of 2023", page=PAGE))
    assert linked["fields"] == [
        *plain["fields"],
        {"name": "Full history and sources", "value": f"[Full history and sources]({PAGE})", "inline": False},
    ]
