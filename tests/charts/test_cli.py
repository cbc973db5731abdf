"""`figurebot chart ID`: files, formats, exit codes and messages; and `ask` loads no plotting library."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.charts import ChartKind, kinds
from bot.cli import main
from bot.facts.loader import load_book

ROOT = Path(__file__).resolve().parents[2]
FACTS = str(ROOT / "facts.yaml")
RECORDS = "officers_with_criminal_records"
PLOTTING = ("matplotlib", "numpy", "PIL")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_chart_writes_the_history_png_named_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "history.png"
    code, out, err = run(capsys, "chart", RECORDS, "--facts", FACTS, "-o", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == str(target)
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_chart_default_name_kind_and_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "chart", RECORDS, "--facts", FACTS, "--kind", "breakdown", "--format", "svg")
    assert code == 0 and out.strip() == f"{RECORDS}-breakdown.svg"
    svg = (tmp_path / f"{RECORDS}-breakdown.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "drink driving" in svg
    code, out, _ = run(capsys, "chart", RECORDS, "--facts", FACTS, "-o", "picture.svg")  # format from suffix
    assert code == 0 and (tmp_path / "picture.svg").read_text(encoding="utf-8").startswith("<svg")


def test_chart_to_stdout(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["chart", RECORDS, "--facts", FACTS, "-o", "-", "--format", "svg"]) == 0
    out, _ = capfdbinary.readouterr()
    assert out.startswith(b"<svg") and b"Dec 2025" in out


def _first(wanted: tuple[ChartKind, ...]) -> str:
    """A figure of the real book whose charts are exactly ``wanted`` (the book changes; the cases not)."""
    return next(f.id for f in load_book(FACTS).figures if kinds(f) == wanted)


def _event() -> str:
    return load_book(FACTS).events[0].id


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (lambda: ["no_such_figure"], 1, lambda: "no figure 'no_such_figure' in the book"),
        (lambda: [RECORDS[:-1]], 1, lambda: f"did you mean {RECORDS}"),
        (lambda: [_event()], 1, lambda: f"{_event()} is an event; only figures have charts"),
        (
            lambda: [_first((ChartKind.HISTORY,)), "--kind", "breakdown"],
            1,
            lambda: "has no breakdown chart (it has: history)",
        ),
        (lambda: [_first(())], 1, lambda: "has one value and no breakdown of counts"),
        (
            lambda: [RECORDS, "-o", "x.png", "--format", "svg"],
            2,
            lambda: "--format svg but the file is named x.png",
        ),
    ],
)
def test_chart_refusals_say_why(
    capsys: pytest.CaptureFixture[str],
    argv: Callable[[], list[str]],
    code: int,
    message: Callable[[], str],
) -> None:
    got, out, err = run(capsys, "chart", *argv(), "--facts", FACTS)
    assert got == code and out == ""
    assert message() in err


def test_chart_reports_an_unwritable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "chart", RECORDS, "--facts", FACTS, "-o", str(tmp_path / "missing" / "h.png"))
    assert code == 2 and "cannot write" in err


def test_answering_imports_no_plotting_module() -> None:
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        f"code = main(['ask', '--facts', {FACTS!r}, 'convictions'])\n"
        f"print('IMPORTED', sorted(m for m in {PLOTTING!r} if m in sys.modules), code)\n"
        f"main(['chart', {RECORDS!r}, '--facts', {FACTS!r}, '-o', '-', '--format', 'svg'])\n"
        f"print('\\nAFTER CHART', sorted(m for m in {PLOTTING!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "IMPORTED [] 0" in out
    assert "AFTER CHART ['PIL', 'matplotlib', 'numpy']" in out  # the probe does see them when drawn


def test_the_kinds_the_command_offers_are_the_charts_kinds() -> None:
    from bot.cli.chart_cmds import KINDS

    assert tuple(k.value for k in ChartKind) == KINDS
