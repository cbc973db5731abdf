"""One fixture per rule, each a small book with one defect, and the exact report it must produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.facts.loader import BookError, Problem, load_book

FIXTURES = Path(__file__).parent / "fixtures"

QUALIFIERS = (
    "around, about, almost, nearly, more than, at least, up to, over, fewer than, less than, roughly, "
    "approximately"
)
FIGURE_FIELDS = (
    "id, title, value, display, qualifier, computed, counts, as_of, statement, aliases, tags, spelled, "
    "other_measure, parts, revisions, note, related, sources"
)

# fixture name -> every problem line after "PATH:"
EXPECTED: dict[str, list[str]] = {
    "bad_syntax": [
        "13:9: YAML syntax: expected ',' or ']', but got ':' (while parsing a flow sequence at line 12)"
    ],
    "bad_duplicate_key": ["35:5: figures[1].value: duplicate key 'value' (first at line 33)"],
    "bad_unknown_field": [
        "33:5: figures[1].valeu: unknown field 'valeu' (did you mean 'value'?); "
        f"a figure may have: {FIGURE_FIELDS}"
    ],
    "bad_missing_field": ["31:5: figures[1].statement: missing required field 'statement'"],
    "bad_top_level": [
        "1:1: figures: missing required field 'figures'",
        "5:1: figure: unknown field 'figure' (did you mean 'figures'?); "
        "the file may have: book, figures, events, vocabulary",
    ],
    "bad_type": [
        "37:14: figures[1].aliases: expected a list of aliases, got text 'suspensions' (write [a, b])"
    ],
    "bad_empty_text": ["49:14: events[0].summary: is empty"],
    "bad_value_not_number": ["33:12: figures[1].value: expected a number, got text '201 officers'"],
    "bad_bool": ["50:13: events[0].remind: expected true or false, got text 'sometimes'"],
    "bad_id_format": [
        "31:9: figures[1].id: id 'Officers-Suspended' is not snake_case "
        "(lowercase letters, digits and '_', starting with a letter or digit)"
    ],
    "bad_duplicate_id": [
        "31:9: figures[1].id: duplicate id 'officers_with_convictions' (first at line 6, figures[0])"
    ],
    "bad_duplicate_alias": [
        "52:34: events[0].aliases[1]: alias 'Criminal  Convictions' is already an alias of "
        "figures[0] (line 12)"
    ],
    "bad_alias_is_id": [
        "37:28: figures[1].aliases[1]: alias 'officers_with_convictions' is already the id of "
        "figures[0] (line 6)"
    ],
    "bad_title_clash": [
        "32:12: figures[1].title: title 'Met Officers with criminal convictions' is already the title of "
        "figures[0] (line 7); two facts cannot share a name"
    ],
    "bad_no_source": [
        "36:31: figures[1].statement: 201 is in no quote of this fact's sources",
        "38:14: figures[1].sources: a figure needs at least one source",
    ],
    "bad_revision_no_source": ["15:9: figures[0].revisions[0].sources: missing required field 'sources'"],
    "bad_event_no_source": ["53:13: events[0].sources: an event needs at least one source"],
    "bad_url": ["56:14: events[0].sources[0].url: not an http(s) URL: 'www.bbc.co.uk/news/uk-56421976'"],
    "bad_display": [
        "34:14: figures[1].display: display '210 officers' does not show the value (looked for '201')",
        "34:15: figures[1].display: 210 is in no quote of this fact's sources",
    ],
    "bad_quote_number": [
        "36:31: figures[1].statement: 201 is in no quote of this fact's sources",
        "43:16: figures[1].sources[0].quote: quote does not contain the number (looked for '201'): "
        "'2016 saw officers suspended; 1,201 cases were reviewed'",
    ],
    "bad_revision_quote_number": [
        "22:20: figures[0].revisions[0].sources[0].quote: quote does not contain the number "
        "(looked for '150'): 'About 1,150 officers with convictions remain in post'"
    ],
    "bad_unknown_related": [
        "23:15: figures[0].related[0]: unknown id 'everard_abduction' (did you mean 'everard_abducted'?)"
    ],
    "bad_date_impossible": [
        "47:11: events[0].date: impossible date '2021-02-29': February 2021 has no day 29"
    ],
    "bad_date_malformed": [
        "35:12: figures[1].as_of: not a date: 'April 2023' (write YYYY-MM-DD, YYYY-MM or YYYY)"
    ],
    "bad_published_date": [
        "21:24: figures[0].revisions[0].sources[0].published: impossible date '2022-10-32': "
        "October 2022 has no day 32"
    ],
    "bad_remind_needs_day": [
        "50:13: events[0].remind: remind: true needs a date with a day, but the date is 2021-03 "
        "(give the full date or set remind: false)"
    ],
    "bad_revision_later": [
        "16:16: figures[0].revisions[0].as_of: this earlier value is dated 2023-05, after the figure's own "
        "as_of 2023-04-06; the newest value belongs in the figure's value"
    ],
    "bad_vocabulary": [
        "96:3: vocabulary.suspended: 'suspended' is not a word of the book (no title, alias, count, "
        "statement, summary, tag or part has it); an entry must name the book's own word",
        "96:24: vocabulary.suspended[1]: 'cops' is listed twice (first under 'officers', line 95)",
        "97:3: vocabulary.sacking: 'sacking' is not a word of the book (no title, alias, count, "
        "statement, summary, tag or part has it); an entry must name the book's own word",
        "99:17: vocabulary.convictions[0]: 'criminal records' is itself a vocabulary entry (line 98): "
        "entries must lead to the book's words in one step, never through another entry "
        "(a chain or a circle)",
    ],
    "bad_qualifier": [f"34:16: figures[1].qualifier: unknown qualifier 'circa'; use one of: {QUALIFIERS}"],
    # The number-in-quote rule and what it needs.
    "bad_number_not_quoted": ["13:95: figures[0].statement: 867 is in no quote of this fact's sources"],
    "bad_event_number_not_quoted": ["70:22: events[0].summary: 33 is in no quote of this fact's sources"],
    "bad_revision_number_not_quoted": [
        "35:20: figures[0].revisions[1].parts[0].value: 4 is in no quote of this earlier value's sources "
        "or the fact's"
    ],
    "bad_computed_workings": [
        "23:25: figures[0].parts[2].computed: 1,100 is in no quote of this fact's sources"
    ],
    "bad_evaluative_word": [
        "55:30: figures[1].statement: 'only' before 2.5 per cent judges the number; "
        "attribute it or drop the word"
    ],
    "bad_quote_backs_nothing": [
        "44:20: figures[0].revisions[1].sources[1].quote: quote backs no number this answer shows: "
        "'Officers with convictions are being reviewed'"
    ],
    "bad_remind_on_copy": [
        "72:13: events[0].remind: remind: true needs a day that a source other than a copy gives "
        "(every source here is weak; set remind: false)"
    ],
    "bad_published_precision": [
        "47:30: figures[0].sources[0].published_precision: says month, but the date 2025-12-15 is precise "
        "to the day"
    ],
    "bad_copy_not_weak": [
        "49:15: figures[0].sources[0].copy: copy says what a weak source is: add weak: true"
    ],
    "bad_other_measure": ["16:20: figures[0].other_measure: 'everard_abducted' is an event, not a figure"],
}


def test_every_bad_fixture_has_an_expectation() -> None:
    on_disk = {p.stem for p in FIXTURES.glob("bad_*.yaml")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture_reports_exactly(name: str) -> None:
    path = str(FIXTURES / f"{name}.yaml")
    with pytest.raises(BookError) as caught:
        load_book(path)
    expected = [f"{path}:{line}" for line in EXPECTED[name]]
    assert [str(p) for p in caught.value.problems] == expected
    assert str(caught.value) == "\n".join(expected)
    assert all(isinstance(p, Problem) and p.path == path for p in caught.value.problems)


def test_problem_fields_are_separate() -> None:
    path = str(FIXTURES / "bad_url.yaml")
    with pytest.raises(BookError) as caught:
        load_book(path)
    assert caught.value.problems == (
        Problem(
            path=path,
            line=56,
            col=14,
            field="events[0].sources[0].url",
            message="not an http(s) URL: 'www.bbc.co.uk/news/uk-56421976'",
        ),
    )
