"""Message -> Block Kit: exact layout per kind, escaping, and Slack's limits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.message import Action, Choice, Item, Kind, Line, Message, SourceRef
from bot.surfaces.slack.blocks import render

from .fake_slack import payload_problems

WORDS = frozenset({"figure", "figures", "timeline", "source", "help", "remind"})
HOSTILE = "<!channel> <!here> <!everyone> <@U123> <https://evil.example|click> & \x00\x07\x1b[31m"


def answer() -> Message:
    return Message(
        Kind.ANSWER,
        "Met officers with criminal records",
        value_line="322",
        sentence="At the end of 2025, 322 serving Met officers had a criminal record.",
        as_of="As of December 2025",
        parts=(Line("serious traffic offences", "76"), Line("dishonesty & violence", "49")),
        revisions=(Line("6 April 2023", "161 (convictions only)"),),
        sources=(
            SourceRef(
                "Daily Example & Co", "Report", "https://example.org/322", "10 January 2026", "322 officers"
            ),
            SourceRef("Mirror Site", "Copy", "https://mirror.example/x", "11 January 2026", "322", weak=True),
        ),
        note="Later counts include cautions.",
        footer="Ask `source officers_with_criminal_records` for every quote.",
        ref="officers_with_criminal_records",
    )


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def test_answer_layout_is_exact() -> None:
    rendered = render(answer(), "/figure", WORDS)
    assert rendered.blocks == [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": "Met officers with criminal records", "emoji": False},
        },
        {
            "type": "section",
            "text": mrkdwn("*322*\nAt the end of 2025, 322 serving Met officers had a criminal record."),
        },
        {"type": "context", "elements": [mrkdwn("As of December 2025")]},
        {
            "type": "section",
            "fields": [mrkdwn("*serious traffic offences*\n76"), mrkdwn("*dishonesty &amp; violence*\n49")],
        },
        {"type": "section", "text": mrkdwn("*Earlier values*\n• 6 April 2023: 161 (convictions only)")},
        {"type": "context", "elements": [mrkdwn("Later counts include cautions.")]},
        {
            "type": "context",
            "elements": [
                mrkdwn("<https://example.org/322|Daily Example &amp; Co, 10 January 2026> “322 officers”"),
                mrkdwn(
                    "<https://mirror.example/x|Mirror Site, 11 January 2026> “322”"
                    " _(a copy, not the original)_"
                ),
            ],
        },
        {
            "type": "context",
            "elements": [mrkdwn("Ask `/figure source officers_with_criminal_records` for every quote.")],
        },
    ]
    assert rendered.text == (
        "322: Met officers with criminal records — At the end of 2025, 322 serving Met officers had a "
        "criminal record. — Source: Daily Example &amp; Co, 10 January 2026 https://example.org/322"
    )


def button(label: str, action_id: str, value: str) -> dict[str, object]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label, "emoji": False},
        "action_id": action_id,
        "value": value,
    }


def test_choices_show_titles_and_ids_but_no_number() -> None:
    message = Message(
        Kind.CHOICES,
        "Did you mean one of these?",
        sentence="I'm not sure which fact you mean by “<!channel> officers”, but I know about:",
        choices=(
            Choice(
                "officers_with_criminal_records",
                "Met officers with criminal records",
                "figure, as of December 2025",
            ),
            Choice("suspended_officers", "Met officers suspended", "figure, as of 18 September 2023"),
        ),
        footer="Ask again with one of the ids, e.g. `figure suspended_officers`.",
        echo="<!channel> officers",
        private=True,
    )
    rendered = render(message, "/figure", WORDS)
    assert rendered.blocks == [
        {
            "type": "section",
            "text": mrkdwn(
                "*Did you mean one of these?*\n"
                "I'm not sure which fact you mean by “&lt;!channel&gt; officers”, but I know about:"
            ),
        },
        {
            "type": "section",
            "text": mrkdwn(
                "• *Met officers with criminal records* — `/figure officers_with_criminal_records`"
                " (figure, as of December 2025)\n"
                "• *Met officers suspended* — `/figure suspended_officers` (figure, as of 18 September 2023)"
            ),
        },
        {
            "type": "actions",
            "elements": [
                button(
                    "Met officers with criminal records",
                    "figurebot_choice_0",
                    "figure:officers_with_criminal_records",
                ),
                button("Met officers suspended", "figurebot_choice_1", "figure:suspended_officers"),
                button("None of these", "figurebot_none", "none"),
            ],
        },
        {
            "type": "context",
            "elements": [mrkdwn("Ask again with one of the ids, e.g. `/figure suspended_officers`.")],
        },
    ]
    assert "322" not in str(rendered.blocks) and "201" not in str(rendered.blocks)
    assert rendered.text == (
        "Did you mean one of these? — I'm not sure which fact you mean by “&lt;!channel&gt; officers”, but I "
        "know about: — Did you mean: Met officers with criminal records; Met officers suspended?"
    )


def test_help_lists_commands_as_typed_in_slack() -> None:
    message = Message(
        Kind.HELP,
        "figurebot",
        sentence="Figures with their sources.",
        items=(
            Item("figure <question>", "A figure or event"),
            Item("timeline [year | words]", "Dated events"),
        ),
    )
    assert render(message, "/figure", WORDS).blocks == [
        {"type": "header", "text": {"type": "plain_text", "text": "figurebot", "emoji": False}},
        {"type": "section", "text": mrkdwn("Figures with their sources.")},
        {
            "type": "section",
            "text": mrkdwn(
                "• `/figure &lt;question&gt;` — A figure or event\n"
                "• `/figure timeline [year | words]` — Dated events"
            ),
        },
    ]


def test_timeline_items_link_their_source() -> None:
    message = Message(
        Kind.TIMELINE,
        "Timeline: 2023",
        items=(
            Item(
                "Casey review published",
                "Found the Met institutionally racist.",
                "21 March 2023",
                "https://example.org/casey",
            ),
        ),
        footer="Try `timeline 2022`.",
    )
    assert render(message, "/figure", WORDS).blocks == [
        {"type": "header", "text": {"type": "plain_text", "text": "Timeline: 2023", "emoji": False}},
        {
            "type": "section",
            "text": mrkdwn(
                "*21 March 2023* — <https://example.org/casey|Casey review published>"
                " — Found the Met institutionally racist."
            ),
        },
        {"type": "context", "elements": [mrkdwn("Try `/figure timeline 2022`.")]},
    ]


def test_unsafe_urls_are_never_made_into_links() -> None:
    for url in (
        "https://a.example/x|<!channel>",
        "https://a.example/<x>",
        "javascript:alert(1)",
        "https://a b",
    ):
        message = Message(Kind.ANSWER, "T", sentence="s", sources=(SourceRef("Pub", "t", url, "2023", "q"),))
        context = render(message).blocks[-1]
        assert context == {"type": "context", "elements": [mrkdwn("Pub, 2023 “q”")]}


def test_hostile_text_in_every_field_is_inert() -> None:
    message = Message(
        Kind.ANSWER,
        HOSTILE,
        value_line=HOSTILE,
        sentence=HOSTILE,
        as_of=HOSTILE,
        parts=(Line(HOSTILE, HOSTILE),),
        revisions=(Line(HOSTILE, HOSTILE),),
        sources=(SourceRef(HOSTILE, HOSTILE, "https://example.org/", HOSTILE, HOSTILE),),
        note=HOSTILE,
        footer=HOSTILE,
        echo=HOSTILE,
    )
    for kind in Kind:
        rendered = render(Message(**{**message.__dict__, "kind": kind}), "/figure", WORDS)
        payload = {"text": rendered.text, "blocks": rendered.blocks}
        assert payload_problems(payload) == []
        assert "&lt;!channel&gt;" in str(payload)


def test_long_answers_are_cut_to_slack_limits_with_a_more_hint() -> None:
    huge = "word " * 2000
    message = Message(
        Kind.ANSWER,
        huge,
        value_line="1",
        sentence=huge,
        parts=tuple(Line(f"part {i}", huge) for i in range(25)),
        revisions=tuple(Line(f"rev {i}", huge) for i in range(40)),
        sources=tuple(SourceRef(f"P{i}", "t", f"https://e.org/{i}", "2023", huge) for i in range(30)),
        note=huge,
        footer=huge,
        ref="x",
    )
    rendered = render(message, "/figure", WORDS)
    assert payload_problems({"text": rendered.text, "blocks": rendered.blocks}) == []
    header = rendered.blocks[0]["text"]["text"]
    assert len(header) == 150 and header.endswith("…")
    sources = next(b for b in rendered.blocks if b["type"] == "context" and "e.org/0" in str(b))
    assert len(sources["elements"]) == 10
    assert sources["elements"][-1] == mrkdwn("+21 more: `/figure source x`")


def test_a_long_timeline_is_packed_and_cut() -> None:
    items = tuple(
        Item(f"Event {i} & more", "summary " * 40, f"{i} March 2023", f"https://e.org/{i}")
        for i in range(400)
    )
    rendered = render(Message(Kind.TIMELINE, "Timeline", items=items), "/figure", WORDS)
    assert payload_problems({"text": rendered.text, "blocks": rendered.blocks}) == []
    assert len(rendered.blocks) <= 50
    assert "more" in rendered.blocks[-1]["text"]["text"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(list(Kind)))
def test_any_text_renders_without_pings_or_rejections(text: str, kind: Kind) -> None:
    message = Message(
        kind,
        text,
        value_line=text or None,
        sentence=text,
        items=(Item(text, text, text, text),),
        # A hostile title on a real id makes a button whose label is that text.
        choices=(Choice(text, text, text), Choice("casey_report", text)),
        actions=(Action(text, "source", "casey_report"), Action(text, text, text)),
        sources=(SourceRef(text, text, text, text, text),),
        echo=text,
        footer=text,
    )
    rendered = render(message, "/figure", WORDS)
    assert payload_problems({"text": rendered.text, "blocks": rendered.blocks}) == []


PAGE = "https://facts.example.org/met/officers_with_criminal_records/"


def test_an_answer_ends_with_its_page_link() -> None:
    message = Message(**{**answer().__dict__, "page": PAGE})
    rendered = render(message, "/figure", WORDS)
    assert rendered.blocks[:-1] == render(answer(), "/figure", WORDS).blocks
    assert rendered.blocks[-1] == {
        "type": "context",
        "elements": [mrkdwn(f"<{PAGE}|Full history and sources>")],
    }
    assert rendered.text.endswith(f"Full history and sources: {PAGE}")


def test_the_page_link_survives_when_a_long_message_is_cut() -> None:
    items = tuple(Item(f"Event {i}", "summary " * 40, "2023", f"https://e.org/{i}") for i in range(400))
    timeline = Message(Kind.TIMELINE, "Timeline", items=items, page="https://facts.example.org/met/timeline/")
    rendered = render(timeline, "/figure", WORDS)
    assert payload_problems({"text": rendered.text, "blocks": rendered.blocks}) == []
    assert "more" in rendered.blocks[-2]["text"]["text"]
    assert rendered.blocks[-1]["elements"] == [
        mrkdwn("<https://facts.example.org/met/timeline/|The whole timeline>")
    ]
    # Past Slack's 50 blocks the cut keeps room for the link.
    crowded = Message(Kind.STATUS, "S", parts=tuple(Line(str(i), "v") for i in range(900)), page=PAGE)
    blocks = render(crowded, "/figure", WORDS).blocks
    assert len(blocks) == 50
    assert blocks[-2]["elements"] == [mrkdwn("… (cut to fit one message)")]
    assert blocks[-1]["elements"] == [mrkdwn(f"<{PAGE}|Full history and sources>")]


def test_at_most_five_choice_buttons_with_titles_cut_to_fit() -> None:
    choices = tuple(Choice(f"fact_{i}", f"Figure number {i} " + "x" * 100) for i in range(7))
    long_id = Choice("f" * 81, "An id too long for a button")  # still listed, to type
    message = Message(Kind.NOT_FOUND, "No matching figure", choices=(long_id, *choices), private=True)
    rendered = render(message, "/figure", WORDS)
    [actions] = [b for b in rendered.blocks if b["type"] == "actions"]
    labels = [e["text"]["text"] for e in actions["elements"]]
    values = [e["value"] for e in actions["elements"]]
    assert values == ["figure:fact_0", "figure:fact_1", "figure:fact_2", "figure:fact_3", "none"]
    assert all(len(label) <= 75 for label in labels) and labels[0].endswith("…")
    assert "`/figure " + "f" * 81 + "`" in str(rendered.blocks)
    assert payload_problems({"text": rendered.text, "blocks": rendered.blocks}) == []
