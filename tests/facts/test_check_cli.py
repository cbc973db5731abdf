"""``figurebot check PATH`` as a curator runs it: a summary and exit 0, or every problem and exit 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def run_check(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "check", str(path)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_a_good_file(repo_root: Path) -> None:
    result = run_check(FIXTURES / "good.yaml", repo_root)
    assert result.returncode == 0, result.stderr
    # The second figure rests on a syndicated copy alone: allowed, and listed as a warning.
    assert result.stdout.splitlines() == [
        f"{FIXTURES / 'good.yaml'}:52:12: figures[1].value: warning: rests on copies alone; "
        "answers say: only a copy (Example News (syndicated)) was found",
        f"{FIXTURES / 'good.yaml'}: ok — 2 figures (4 values), 2 events, 6 sources, "
        "0 vocabulary entries, 1 warning",
    ]


def test_check_prints_every_problem(repo_root: Path) -> None:
    path = FIXTURES / "bad_top_level.yaml"
    result = run_check(path, repo_root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:1:1: figures: missing required field 'figures'",
        f"{path}:5:1: figure: unknown field 'figure' (did you mean 'figures'?); "
        "the file may have: book, figures, events, vocabulary",
    ]


def test_check_prints_warnings_and_still_passes(repo_root: Path, tmp_path: Path) -> None:
    text = (FIXTURES / "good.yaml").read_text(encoding="utf-8")
    path = tmp_path / "book.yaml"
    path.write_text(text.replace("aliases: [everard abduction]", "aliases: [when was everard abducted]"))
    result = run_check(path, repo_root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{path}:74:15: events[0].aliases[0]: warning: alias 'when was everard abducted'")
        for line in lines
    )
    assert lines[-1] == (
        f"{path}: ok — 2 figures (4 values), 2 events, 6 sources, 0 vocabulary entries, 2 warnings"
    )
