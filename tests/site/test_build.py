"""The built site: a page per fact with everything a reporter checks, topics, timeline, JSON-LD,
search index, the folder rules of a rebuild, and accessible markup on every page."""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import json
import sys
from pathlib import Path

import pytest

from bot.facts.model import Event, FactBook, Figure, PartialDate
from bot.site import SiteError, build_site
from bot.site.charts import history_drawer, inline
from tests.kit import src

from .conftest import BASE, BUILT_ON, outline


def page(site: Path, fact_id: str) -> str:
    return (site / fact_id / "index.html").read_text(encoding="utf-8")


def test_every_fact_has_a_page_at_its_id(site: Path, book: FactBook) -> None:
    for fact in book.facts:
        headings = outline(site / fact.id / "index.html").headings
        assert headings[0] == (1, fact.title)
    topics = {t for f in book.facts for t in f.tags}
    assert {p.parent.name for p in (site / "topics").glob("*/index.html")} == topics
    assert (site / "index.html").is_file() and (site / "timeline" / "index.html").is_file()


def test_a_figure_page_shows_value_sentence_history_breakdown_note_and_sources(site: Path) -> None:
    html = page(site, "officers_with_criminal_records")
    assert '<p class="value" id="value"><data value="322">322</data></p>' in html
    assert "At the end of 2025, 322 serving Met officers had a criminal record." in html
    assert 'As of <time datetime="2025-12">December 2025</time>' in html
    # Every value, oldest first, with what each counts; the earlier value's own breakdown and source.
    assert html.index(">161<") < html.index(">322</td>")
    assert "<td>convictions only</td>" in html
    assert '<tr><th scope="row">serious traffic offences</th><td class="num">76</td></tr>' in html
    assert 'id="value-2023-04-06"' in html and 'href="#value-2023-04-06"' in html
    assert "Later counts include cautions, so they are not like-for-like with 161." in html
    assert '<cite><a href="https://example.org/322">Daily Example report</a></cite>' in html
    assert '<time datetime="2026-01-10">10 January 2026</time>' in html
    assert '<blockquote cite="https://example.org/322"><p>“322 officers have a criminal record”</p>' in html
    assert (
        '<blockquote cite="https://example.org/161"><p>“161 officers have criminal convictions”</p>' in html
    )
    # Related facts link to their pages.
    assert 'href="../standards_letter/">Commissioner&#39;s standards letter</a>' in html
    assert '<strong class="copy" title=' not in html


def test_a_qualified_value_reads_as_in_chat(site: Path) -> None:
    assert '<data value="300">around 300</data>' in page(site, "cases_reviewed_2021")


def test_copies_are_flagged_on_the_page(tmp_path: Path, book: FactBook) -> None:
    fig = book.figures[1]
    weak = dataclasses.replace(
        fig, sources=(src("Mirror", "201 officers", url="https://m.example/201", weak=True),)
    )
    folder = tmp_path / "s"
    build_site(
        dataclasses.replace(book, figures=(book.figures[0], weak, book.figures[2])), folder, today=BUILT_ON
    )
    html = page(folder, fig.id)
    flag = '<strong class="copy" title='
    assert html.count(flag) == 1
    source = html.index('<span class="publisher">Mirror</span>')
    assert source < html.index(flag) < html.index("</li>", source)


def test_an_event_page_has_its_date_summary_anniversary_and_sources(site: Path) -> None:
    html = page(site, "everard_abducted")
    assert '<p class="date" id="date"><time datetime="2021-03-03">3 March 2021</time></p>' in html
    assert "Sarah Everard was abducted by a serving Met officer." in html
    assert "Remembered every year on 3 March" in html
    assert '<a href="../timeline/#y2021">timeline for 2021</a>' in html
    assert '<blockquote cite="https://example.org/everard"><p>“last seen on 3 March”</p>' in html


def test_the_timeline_lists_events_by_year_oldest_first(site: Path) -> None:
    headings = outline(site / "timeline" / "index.html").headings
    assert headings == [
        (1, "Timeline"),
        (2, "2021"),
        (3, "Sarah Everard abducted in south London"),
        (2, "2023"),
        (3, "Commissioner's standards letter"),
    ]


def test_figure_pages_carry_a_dataset_with_one_observation_per_value(tmp_path: Path, book: FactBook) -> None:
    build_site(book, tmp_path / "s", base_url=BASE, today=BUILT_ON)
    (data,) = outline(tmp_path / "s" / "officers_with_criminal_records" / "index.html").jsonld
    dataset, *observations = data["@graph"]
    assert data["@context"] == "https://schema.org"
    assert dataset["@type"] == "Dataset" and dataset["name"] == "Met officers with criminal records"
    assert dataset["url"] == BASE + "officers_with_criminal_records/"
    assert dataset["variableMeasured"]["value"] == 322
    assert dataset["temporalCoverage"] == "2023-04-06/2025-12"
    assert {c["url"] for c in dataset["citation"]} == {"https://example.org/322", "https://example.org/161"}
    assert [(o["@type"], o["value"], o["observationDate"]) for o in observations] == [
        ("Observation", 322, "2025-12"),
        ("Observation", 161, "2023-04-06"),
    ]
    assert observations[1]["measuredProperty"]["name"] == "convictions only"


def test_event_and_home_pages_carry_event_and_website_data(tmp_path: Path, book: FactBook) -> None:
    build_site(book, tmp_path / "s", base_url=BASE, today=BUILT_ON)
    (event,) = outline(tmp_path / "s" / "everard_abducted" / "index.html").jsonld
    assert (event["@type"], event["startDate"], event["url"]) == (
        "Event",
        "2021-03-03",
        BASE + "everard_abducted/",
    )
    assert event["subjectOf"][0]["publisher"]["name"] == "BBC News"
    (home,) = outline(tmp_path / "s" / "index.html").jsonld
    website = home["@graph"][0]
    assert website["@type"] == "WebSite" and website["url"] == BASE
    assert website["potentialAction"]["target"]["urlTemplate"] == BASE + "?q={search_term_string}"
    canonical = (tmp_path / "s" / "everard_abducted" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}everard_abducted/">' in canonical


def test_the_search_index_has_every_fact_and_its_names(site: Path, book: FactBook) -> None:
    entries = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in entries] == [f"{f.id}/" for f in book.facts]
    first = entries[0]
    assert first["shows"] == "322" and first["when"] == "as of December 2025"
    assert "convictions" in first["names"] and "officers with criminal records" in first["names"]
    assert all((site / e["path"] / "index.html").is_file() for e in entries)


def test_the_home_page_works_without_javascript(site: Path, book: FactBook) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    # The search form is hidden until its script runs; every fact is listed in plain HTML.
    assert '<form id="search" action="./" method="get" data-index="./search.json" hidden>' in html
    assert html.count("<script") == 2  # the JSON-LD and the one search script, nothing else
    for fact in book.facts:
        assert f'href="./{fact.id}/"' in html


@pytest.mark.parametrize("which", ["site", "real_site"])
def test_every_page_is_accessible_markup(which: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(which)
    for path in folder.rglob("*.html"):
        parsed = outline(path)
        levels = [level for level, _ in parsed.headings]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (path, parsed.headings)
        assert all(text for _, text in parsed.headings), path
        tags = dict(parsed.starts[:1])
        assert tags["html"] == {"lang": "en-GB"}, path
        labels = {a.get("for") for t, a in parsed.starts if t == "label"}
        for tag, attrs in parsed.starts:
            if tag == "input":
                assert attrs.get("id") in labels, (path, attrs)
            if tag == "img":
                assert attrs.get("alt"), (path, attrs)
        started = [t for t, _ in parsed.starts]
        assert started.count("table") == started.count("caption"), path


def test_a_rebuild_replaces_its_own_files_and_keeps_others(tmp_path: Path, book: FactBook) -> None:
    folder = tmp_path / "s"
    build_site(book, folder, today=BUILT_ON)
    (folder / "CNAME").write_text("facts.example.org\n", encoding="utf-8")
    smaller = dataclasses.replace(book, figures=book.figures[:2])  # cases_reviewed_2021 is gone
    built = build_site(smaller, folder, today=BUILT_ON)
    assert "cases_reviewed_2021/index.html" in built.removed
    assert not (folder / "cases_reviewed_2021").exists()
    assert not (folder / "topics" / "reviews").exists()  # its only fact went with it
    assert (folder / "CNAME").read_text(encoding="utf-8") == "facts.example.org\n"
    assert (folder / "suspended_officers" / "index.html").is_file()


def test_a_folder_not_built_here_is_refused(tmp_path: Path, book: FactBook) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SiteError, match="not empty and was not built by figurebot"):
        build_site(book, tmp_path, today=BUILT_ON)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_an_id_that_would_clash_with_the_sites_own_pages_is_refused(tmp_path: Path, book: FactBook) -> None:
    clash = Event("timeline", PartialDate.parse("2023"), "T", "S", (src("P", "q"),))
    with pytest.raises(SiteError, match="timeline would clash"):
        build_site(dataclasses.replace(book, events=(*book.events, clash)), tmp_path / "s", today=BUILT_ON)


def test_a_history_chart_is_inlined_where_one_is_drawn(tmp_path: Path, book: FactBook) -> None:
    drawn: list[str] = []

    def draw(b: FactBook, fact_id: str) -> str | None:
        drawn.append(fact_id)
        return inline('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg role="img"><title>History</title></svg>')

    built = build_site(book, tmp_path / "s", today=BUILT_ON, draw=draw)
    # Only figures with more than one value have a history to draw.
    assert drawn == ["officers_with_criminal_records"] and built.charts == 1
    html = page(tmp_path / "s", "officers_with_criminal_records")
    assert '<figure class="chart" id="chart">\n    <svg role="img"><title>History</title></svg>' in html
    assert "<?xml" not in html and "<svg" not in page(tmp_path / "s", "suspended_officers")


def test_without_the_chart_package_there_is_no_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "bot.charts", None)  # the import fails, as without the package
    assert history_drawer() is None


def test_the_real_book_builds_a_page_for_every_fact(real_site: Path, real_book: FactBook) -> None:
    for fact in real_book.facts:
        html = page(real_site, fact.id)
        if isinstance(fact, Figure):
            assert f'<data value="{fact.value}">{fact.value_text}</data>' in html.replace("&#39;", "'")
        for source in fact.sources:
            assert f'<blockquote cite="{source.url}">' in html.replace("&amp;", "&")


def test_a_value_resting_on_copies_says_so_beside_it_on_every_figure_page(
    real_site: Path, real_book: FactBook
) -> None:
    for fig in real_book.figures:
        html = page(real_site, fig.id).replace("&#39;", "'")
        caveat = f' <span class="caveat">· {fig.copy_caveat}</span>' if fig.copy_caveat else ""
        assert f'<data value="{fig.value}">{fig.value_text}</data>{caveat}</p>' in html, fig.id
    assert sum(bool(f.copy_caveat) for f in real_book.figures) >= 5
    copy = "only a copy of the Daily Mail report was found"
    records = page(real_site, "officers_with_criminal_records")
    assert (
        f'<p class="value" id="value"><data value="322">322</data> <span class="caveat">· {copy}</span></p>'
        in (records)
    )
    # An earlier value resting on a copy says so in the history table and over its own section.
    assert f'<td class="num">243 <span class="caveat">· {copy}</span></td>' in records
    assert f'November 2024</time> <span class="caveat">· {copy}</span></h3>' in records
    entries = json.loads((real_site / "search.json").read_text(encoding="utf-8"))
    assert {e["title"]: e["shows"] for e in entries}[
        real_book.get("officers_with_criminal_records").title
    ] == (f"322 · {copy}")


def test_linked_measures_name_each_other_and_inferred_dates_say_so(real_site: Path) -> None:
    records = page(real_site, "officers_with_criminal_records")
    assert (
        '<p class="other-measure">Other measure: <a href="../officers_with_criminal_convictions/">161</a>'
        " — serving Met officers with criminal convictions (convictions only), as of "
        '<time datetime="2023-04-06">6 April 2023</time></p>'
    ) in records
    convictions = page(real_site, "officers_with_criminal_convictions")
    assert (
        '<p class="other-measure">Other measure: <a href="../officers_with_criminal_records/">'
        "322 · only a copy of the Daily Mail report was found</a> — serving Met officers with a "
        'criminal record (convictions or cautions), as of <time datetime="2025-12">December 2025</time></p>'
    ) in convictions
    standard = convictions.index('<span class="publisher">Evening Standard</span>')
    mail = convictions.index('<span class="publisher">Daily Mail</span>')
    # The Standard's page prints no date; the Daily Mail's does.
    assert (
        "6 April 2023</time> (date inferred)" in convictions[standard : convictions.index("<br>", standard)]
    )
    assert "(date inferred)" not in convictions[mail : convictions.index("<br>", mail)]


def test_with_the_chart_package_figure_pages_inline_their_history(
    real_site: Path, real_book: FactBook
) -> None:
    if importlib.util.find_spec("bot.charts") is None:
        pytest.skip("bot.charts (the chart work) is not in this tree: pages are built without charts")
    for fig in real_book.figures:
        html = page(real_site, fig.id)
        if '<figure class="chart"' in html:
            chart = html[html.index('<figure class="chart"') : html.index("</figure>")]
            assert "<svg" in chart and "<title>" in chart and "<?xml" not in chart, fig.id
    assert any('<figure class="chart"' in page(real_site, f.id) for f in real_book.figures if f.revisions)
    # One value, and a history through its other measure: the 161 beside the 243 and the 322.
    convictions = page(real_site, "officers_with_criminal_convictions")
    chart = convictions[convictions.index('<figure class="chart"') : convictions.index("</figure>")]
    assert all(f">{value}</text>" in chart for value in ("161", "243", "322"))
    assert "definition-change" in chart
