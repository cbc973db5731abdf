"""Everything wrong in one pass, odd YAML, hostile text and unreadable files."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from bot.facts.loader import BookError, load_book, parse_book
from bot.facts.model import PartialDate

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = """\
book:
  title: Test book
  description: A book for tests.
"""

SOURCE = """\
      - publisher: Metropolitan Police
        title: Standards update
        url: https://news.met.police.uk/news/x
        published: 2023-04-06
        quote: "{quote}"
"""


def figure(value: str = "161", quote: str = "161 officers", extra: str = "", fid: str = "convictions") -> str:
    return (
        f"  - id: {fid}\n    title: Officers with convictions {fid}\n    value: {value}\n"
        f"    counts: serving officers with convictions\n    as_of: 2023-04\n"
        f"    statement: Some officers had convictions.\n{extra}    sources:\n" + SOURCE.format(quote=quote)
    )


def book(figures: str = "", events: str = "") -> str:
    return HEADER + "figures:\n" + (figures or "  []\n") + "events:\n" + (events or "  []\n")


def messages(text: str) -> list[str]:
    with pytest.raises(BookError) as caught:
        parse_book(text, "f.yaml")
    return [str(p) for p in caught.value.problems]


def test_many_problems_in_one_pass_sorted_by_line() -> None:
    text = textwrap.dedent("""\
        book:
          title: Test book
          description: ""
        figures:
          - id: Convictions
            title: Officers with convictions
            value: yes
            counts: serving officers
            as_of: 2023-02-29
            statement: Some officers had convictions.
            related: [nowhere]
            colour: blue
            sources:
              - publisher: Met
                title: Update
                url: ftp://example.com/x
                published: 2023-04
                quote: "161 officers"
                quote: "again"
        events:
          - id: convictions
            date: 2023-4-6
            title: Something happened
            summary: It happened.
            aliases: [officers with convictions]
            sources: []
        """)
    assert messages(text) == [
        "f.yaml:3:16: book.description: is empty",
        "f.yaml:5:9: figures[0].id: id 'Convictions' is not snake_case "
        "(lowercase letters, digits and '_', starting with a letter or digit)",
        "f.yaml:7:12: figures[0].value: expected a number, got the true/false value 'yes'",
        "f.yaml:9:12: figures[0].as_of: impossible date '2023-02-29': February 2023 has no day 29",
        "f.yaml:11:15: figures[0].related[0]: unknown id 'nowhere'",
        "f.yaml:12:5: figures[0].colour: unknown field 'colour'; a figure may have: id, title, value, "
        "display, qualifier, computed, counts, as_of, statement, aliases, tags, spelled, other_measure, "
        "parts, revisions, note, related, sources",
        "f.yaml:16:14: figures[0].sources[0].url: not an http(s) URL: 'ftp://example.com/x'",
        "f.yaml:19:9: figures[0].sources[0].quote: duplicate key 'quote' (first at line 18)",
        "f.yaml:22:11: events[0].date: not a date: '2023-4-6' (write YYYY-MM-DD, YYYY-MM or YYYY)",
        "f.yaml:25:15: events[0].aliases[0]: alias 'officers with convictions' is already the title of "
        "figures[0] (line 6)",
        "f.yaml:26:14: events[0].sources: an event needs at least one source",
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("161", 161),
        ("1_131", 1131),
        ("-4", -4),
        ("0.1", Decimal("0.1")),
        ("2.50", Decimal("2.50")),
        ("'2.5'", Decimal("2.5")),
        ('"161"', Decimal("161")),
        ("1.0e+3", Decimal("1.0e+3")),
    ],
)
def test_numbers_keep_the_text_as_written(written: str, expected: int | Decimal) -> None:
    value = (
        parse_book(book(figure(value=written, quote="1,000 and 161 and 1131 and 4 and 0.1 and 2.5")))
        .figures[0]
        .value
    )
    assert value == expected and type(value) is type(expected)
    assert str(value) == str(expected)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("true", "expected a number, got the true/false value 'true'"),
        ("010", "write '010' as a plain decimal number"),
        ("1:30", "write '1:30' as a plain decimal number"),
        ("0x1F", "write '0x1F' as a plain decimal number"),
        (".inf", "expected a finite decimal number, got '.inf'"),
        ("1,131", "expected a number, got text '1,131' (write it without separators: 1131)"),
        ("'20%'", "expected a number, got text '20%' (write 20 and say it is a percentage in 'counts')"),
        ("[161]", "expected a number, got a list"),
        ("", "is empty; expected a number"),
    ],
)
def test_bad_numbers(written: str, message: str) -> None:
    (problem,) = messages(book(figure(value=written)))
    assert problem.endswith(f"figures[0].value: {message}")


def test_unquoted_and_quoted_dates_agree() -> None:
    events = (
        """\
  - id: a
    date: 2021-03-03
    title: A
    summary: A.
    sources:
"""
        + SOURCE.format(quote="x")
        + """\
  - id: b
    date: '2021-03-03'
    title: B
    summary: B.
    sources:
"""
        + SOURCE.format(quote="x")
        + """\
  - id: c
    date: 2021
    title: C
    summary: C.
    sources:
"""
        + SOURCE.format(quote="x")
    )
    a, b, c = parse_book(book(events=events)).events
    assert a.date == b.date == PartialDate(2021, 3, 3)
    assert c.date == PartialDate(2021)


def test_a_date_with_a_time_is_not_a_date() -> None:
    (problem,) = messages(book(figure(extra="")).replace("as_of: 2023-04", "as_of: 2023-04-06 10:00:00"))
    assert problem == (
        "f.yaml:9:12: figures[0].as_of: not a date: '2023-04-06 10:00:00' (write YYYY-MM-DD, YYYY-MM or YYYY)"
    )


def test_text_is_kept_as_written() -> None:
    f = parse_book(book(figure(extra="    aliases: [No, 'off', 2023, null thing]\n"))).figures[0]
    assert f.aliases == ("No", "off", "2023", "null thing")


def test_a_book_may_be_empty_of_facts() -> None:
    empty = parse_book(book())
    assert empty.figures == () and empty.events == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "f.yaml:1:1: the file is empty: it needs book, figures and events"),
        ("# only a comment\n", "f.yaml:1:1: the file is empty: it needs book, figures and events"),
        ("- a\n- b\n", "f.yaml:1:1: expected a mapping with book, figures and events, got a list"),
        (
            "just text",
            "f.yaml:1:1: expected a mapping with book, figures and events, "
            "got a single value (plain text, not YAML fields)",
        ),
        (
            "book: {}\n---\nbook: {}\n",
            "f.yaml:2:1: YAML syntax: only one document is allowed, but '---' starts another",
        ),
        ("book: *nowhere\n", "f.yaml:1:7: YAML syntax: found undefined alias 'nowhere'"),
        ("book:\n\ttitle: x\n", "f.yaml:2:1: YAML syntax: found character '\\t' that cannot start any token"),
    ],
)
def test_documents_that_are_not_books(text: str, expected: str) -> None:
    assert messages(text)[0] == expected


def test_merge_keys_are_refused_plainly() -> None:
    text = book(figure(extra="    <<: {note: shared}\n"))
    assert messages(text) == [
        "f.yaml:11:5: figures[0].<<: YAML merge keys ('<<') are not supported: write the fields out"
    ]


def test_control_characters_are_reported_where_they_are() -> None:
    text = book(figure()).replace("Some officers", "Some \x07officers").replace("Test book", "Test\x1b book")
    assert messages(text) == [
        "f.yaml:2:14: control character U+001B is not allowed",
        "f.yaml:10:21: control character U+0007 is not allowed",
    ]


def test_hostile_text_loads_as_plain_text() -> None:
    hostile = "@everyone <!channel> <@U123> " + "x" * 10_000
    text = book(figure(extra=f"    note: '{hostile}'\n    aliases: ['@here']\n"))
    f = parse_book(text).figures[0]
    assert f.note == hostile
    assert f.aliases == ("@here",)


def test_unreadable_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    with pytest.raises(BookError) as caught:
        load_book(missing)
    assert str(caught.value) == f"{missing}:1:1: cannot read the file: No such file or directory"


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(BookError) as caught:
        load_book(tmp_path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.col, problem.field) == (str(tmp_path), 1, 1, "")
    assert problem.message.startswith("cannot read the file: ")


def test_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"book:\n  title: Caf\xe9\n")
    with pytest.raises(BookError) as caught:
        load_book(path)
    assert str(caught.value) == f"{path}:1:1: not UTF-8 text: byte 0xe9 on line 2 cannot be decoded"


def test_book_error_lists_every_problem_one_per_line() -> None:
    with pytest.raises(BookError) as caught:
        load_book(FIXTURES / "bad_top_level.yaml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 2 == len(caught.value.problems)
    assert caught.value.problems == tuple(sorted(caught.value.problems))


def test_an_alias_repeated_within_one_fact() -> None:
    assert messages(book(figure(extra="    aliases: [convicted officers, Convicted Officers]\n"))) == [
        "f.yaml:11:35: figures[0].aliases[1]: alias 'Convicted Officers' is given twice (first at line 11)"
    ]


def test_an_alias_may_repeat_its_own_title_or_id() -> None:
    f = parse_book(book(figure(extra="    aliases: [convictions, officers with convictions convictions]\n")))
    assert f.figures[0].aliases == ("convictions", "officers with convictions convictions")


def test_related_may_not_point_at_itself() -> None:
    assert messages(book(figure(extra="    related: [convictions]\n"))) == [
        "f.yaml:11:15: figures[0].related[0]: 'convictions' is this fact's own id"
    ]


def test_parts_and_qualifiers() -> None:
    extra = (
        "    qualifier: More  Than\n"
        "    parts:\n      - label: cautions\n        value: '20%'\n"
        "      - label: traffic\n        value: 0.5\n"
        "      - label: other\n        value: no\n"
    )
    quote = "161 officers: 20% cautions, 0.5 traffic, 7 other"
    assert messages(book(figure(extra=extra, quote=quote))) == [
        "f.yaml:18:16: figures[0].parts[2].value: expected a number or short text, "
        "got the true/false value 'no'"
    ]
    ok = parse_book(book(figure(extra=extra.replace("value: no", "value: '7'"), quote=quote))).figures[0]
    assert ok.qualifier == "more than"
    assert [p.value for p in ok.parts] == ["20%", Decimal("0.5"), Decimal("7")]


def test_revision_quotes_check_the_revision_value_not_spelled_forms() -> None:
    revision_source = textwrap.indent(SOURCE.format(quote="one hundred and sixty-one"), "    ")
    extra = (
        "    spelled: [one hundred and sixty-one]\n"
        "    revisions:\n      - value: 150\n        as_of: 2022\n        sources:\n" + revision_source
    )
    assert messages(book(figure(extra=extra, quote="One hundred and sixty-one officers"))) == [
        "f.yaml:20:20: figures[0].revisions[0].sources[0].quote: quote does not contain the number "
        "(looked for '150'): 'one hundred and sixty-one'"
    ]


def test_a_path_leading_to_a_file_that_is_not_a_book_quotes_none_of_it(tmp_path: Path) -> None:
    """A facts path that is a symlink to some other file (a password list, a key file) is refused
    by its kind; its content must not reach the log or the admin channel."""
    private = tmp_path / "accounts.txt"
    private.write_text("root:x:0:0:root:/root:/bin/bash\napi_key=sk-live-0123456789\n", encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.symlink_to(private)
    with pytest.raises(BookError) as refused:
        load_book(facts)
    assert str(refused.value) == (
        f"{facts}:1:1: expected a mapping with book, figures and events, "
        "got a single value (plain text, not YAML fields)"
    )
    private.write_text("- root:x:0:0\n- sk-live-0123456789\n", encoding="utf-8")
    with pytest.raises(BookError, match=r"got a list$") as listed:
        load_book(facts)
    assert "0:0" not in str(listed.value) and "sk-live" not in str(listed.value)


def test_names_that_fold_alike_clash_as_the_resolver_sees_them() -> None:
    """`criminal-records` on an event and `criminal records` on a figure: the resolver folds
    punctuation away, so one name would lead to two facts. The loader folds the same way."""
    good = (FIXTURES / "good.yaml").read_text(encoding="utf-8")
    assert "aliases: [criminal records, Officers With  Convictions]" in good
    clash = good.replace("aliases: [everard abduction]", "aliases: [everard abduction, Criminal-Records!]", 1)
    assert clash != good
    with pytest.raises(BookError) as refused:
        parse_book(clash)
    [problem] = refused.value.problems
    assert problem.field == "events[0].aliases[1]"
    assert problem.message.startswith("alias 'Criminal-Records!' is already an alias of figures[0]")
