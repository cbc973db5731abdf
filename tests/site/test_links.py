"""The link check: on the real book every internal link resolves and every source link is
http(s); and the check itself catches each kind of broken link."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.facts.model import FactBook
from bot.site import build_site
from bot.site.linkcheck import check_site

from .conftest import BASE, BUILT_ON, ROOT


def test_every_link_of_the_real_site_resolves(real_site: Path, real_book: FactBook) -> None:
    report = check_site(real_site)
    assert report.problems == ()
    assert report.pages == len(real_book.facts) + len({t for f in real_book.facts for t in f.tags}) + 2
    # Each fact's page is linked from the home page at least, and every source link is counted.
    assert report.internal > 2 * len(real_book.facts)
    sources = {s.url for f in real_book.facts for s in f.sources}
    assert report.external >= len(sources)


def test_with_a_base_url_canonical_and_feed_links_resolve_too(tmp_path: Path, real_book: FactBook) -> None:
    build_site(real_book, tmp_path / "s", base_url=BASE, today=BUILT_ON)
    report = check_site(tmp_path / "s", BASE)
    assert report.problems == ()
    assert check_site(tmp_path / "s").problems == ()  # absolute links to the base are left alone


def test_the_check_finds_each_kind_of_broken_link(site: Path) -> None:
    bad = site / "officers_with_criminal_records" / "index.html"
    html = bad.read_text(encoding="utf-8")
    html = html.replace(
        "</main>",
        """
<a href="../no_such_fact/">gone</a>
<a href="../standards_letter/#no-such-anchor">anchor</a>
<a href="#value">fine</a>
<a href="../../../etc/">outside</a>
<a href="/timeline/">root-absolute</a>
<a href="javascript:alert(1)">script</a>
<blockquote cite="ftp://example.org/x"></blockquote>
</main>""",
    )
    bad.write_text(html, encoding="utf-8")
    (site / "feed.xml").write_text(
        (site / "feed.xml").read_text(encoding="utf-8").replace('href="everard_abducted/"', 'href="nope/"'),
        encoding="utf-8",
    )
    found = {(p.page, p.link): p.reason for p in check_site(site).problems}
    page = "officers_with_criminal_records/index.html"
    assert found == {
        (page, "../no_such_fact/"): "no such file in the site",
        (
            page,
            "../standards_letter/#no-such-anchor",
        ): "no element with id 'no-such-anchor' on standards_letter/index.html",
        (page, "../../../etc/"): "leaves the site's folder",
        (page, "/timeline/"): "root-absolute link",
        (page, "javascript:alert(1)"): "not an http(s) link",
        (page, "ftp://example.org/x"): "not an http(s) link",
        ("feed.xml", "nope/"): "no such file in the site",
    }


def test_figurebot_site_builds_checks_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    code = main(["site", "-o", str(folder), "--facts", str(ROOT / "facts.yaml"), "--date", "2026-03-21"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines()[0].startswith(f"{folder}: ")
    assert ", 0 broken" in out.splitlines()[1]
    assert "no base URL" in out
    assert (folder / "index.html").is_file() and (folder / "feed.xml").is_file()


def test_figurebot_site_takes_the_base_url_from_flag_env_or_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = str(ROOT / "facts.yaml")
    monkeypatch.setenv("FIGUREBOT_SITE_URL", "https://env.example.org/")
    assert main(["site", "-o", str(tmp_path / "a"), "--facts", facts]) == 0
    assert (
        '<link rel="canonical" href="https://env.example.org/">'
        in (tmp_path / "a" / "index.html").read_text()
    )
    assert (
        main(
            ["site", "-o", str(tmp_path / "b"), "--facts", facts, "--base-url", "https://flag.example.org/x"]
        )
        == 0
    )
    assert 'href="https://flag.example.org/x/">' in (tmp_path / "b" / "index.html").read_text()
    capsys.readouterr()


def test_figurebot_site_refuses_bad_input_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = str(ROOT / "facts.yaml")
    assert main(["site", "-o", str(tmp_path / "a"), "--facts", facts, "--base-url", "example.org"]) == 2
    assert "--base-url: 'example.org' is not an http(s) URL" in capsys.readouterr().err
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("x")
    assert main(["site", "-o", str(tmp_path / "mine"), "--facts", facts]) == 2
    assert "not empty and was not built by figurebot" in capsys.readouterr().err


def test_a_broken_link_fails_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulate a builder that drifted from the address layout: the timeline written elsewhere
    # than where every page links to it.
    monkeypatch.setattr("bot.site.build.TIMELINE_PATH", "chronology/")
    code = main(["site", "-o", str(tmp_path / "s"), "--facts", str(ROOT / "facts.yaml")])
    out, err = capsys.readouterr()
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 21 and lines[-1].startswith("  … and ") and lines[-1].endswith(" more")
    assert all("timeline/" in line and line.endswith(": no such file in the site") for line in lines[:20])
    assert ", 0 broken" not in out
