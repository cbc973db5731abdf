"""YAML that cannot be read is one line, never a traceback: nested too deeply, an alias bomb, an alias
cycle, a file that is not text. Each is run as a user runs it: `check` exits 1, `ask` and `export`
exit 2, all with the same `PATH:LINE:COL: message` line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DEEP = "book: " + "[" * 5000 + "]" * 5000 + "\n"
# Nine levels of nine: 387 million strings if anything expanded it.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
CYCLE = "book: &b [*b]\n"
NOT_TEXT = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))

CASES = {
    "deep": (DEEP.encode(), ":1:1: the YAML is nested too deeply to read"),
    "bomb": (BOMB.encode(), ":1:4: YAML anchors and aliases ('&name', '*name') are not allowed"),
    "cycle": (CYCLE.encode(), ":1:7: YAML anchors and aliases ('&name', '*name') are not allowed"),
    "not_text": (NOT_TEXT, ":1:1: not UTF-8 text: byte 0x89 on line 1 cannot be decoded"),
}


def figurebot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture(params=sorted(CASES))
def bad_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    content, expected = CASES[request.param]
    path = tmp_path / f"{request.param}.yaml"
    path.write_bytes(content)
    return path, f"{path}{expected}"


def test_check_names_the_problem_in_one_line_and_exits_1(bad_file: tuple[Path, str]) -> None:
    path, expected = bad_file
    result = figurebot("check", str(path))
    assert result.returncode == 1, result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith(f"{path}:")]
    assert len(problems) == 1 and problems[0].startswith(expected), result.stdout
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("command", [["ask", "convictions"], ["export"]])
def test_ask_and_export_refuse_the_book_and_exit_2(bad_file: tuple[Path, str], command: list[str]) -> None:
    path, expected = bad_file
    result = figurebot(*command, "--facts", str(path))
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
