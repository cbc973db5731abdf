"""The README's console example is what the bot prints for that question today, not a memory of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_console_answer_is_the_real_one(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("figurebot> figure convictions\n") + len("figurebot> figure convictions\n")
    shown = readme[start : readme.index("figurebot> ", start)]
    # The console adds one line that `ask` does not: where it wrote the figure's chart.
    shown, chart = shown.removesuffix("\n").rsplit("\n", 1)
    assert main(["ask", "--facts", str(ROOT / "facts.yaml"), "figure", "convictions"]) == 0
    assert capsys.readouterr().out == shown + "\n"
    assert chart == "Chart: data/charts/officers_with_criminal_convictions-breakdown.png"


def test_the_readme_counts_are_the_book_s(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT / "facts.yaml")]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    found = re.search(r"ok — (\d+) figures \((\d+) values\), (\d+) events, (\d+) sources", summary)
    assert found, summary
    figures, values, events, sources = found.groups()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"({figures} figures with {values} values, {events} dated events, {sources} sources)" in readme
    assert (
        f"facts.yaml: ok — {figures} figures ({values} values), {events} events, {sources} sources" in readme
    )
