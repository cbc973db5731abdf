"""The book commands of the `figurebot` CLI: exit codes, JSON shapes, export, and a lean `ask`."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
FACTS = str(ROOT / "facts.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_answers_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "ask", "--facts", FACTS, "how", "many", "met", "officers", "have", "criminal", "convictions"
    )
    assert code == 0
    # The question says convictions: the convictions-only count leads, the broader one stands beside it.
    assert out.startswith("161 — Met officers with criminal convictions\n")
    assert "As of 6 April 2023" in out
    assert "Other measure: 322 · only a copy of the Daily Mail report was found — serving Met\n" in out
    assert "https://" in out


def test_ask_criminal_records_leads_with_the_broader_measure_and_its_caveat(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "ask", "--facts", FACTS, "criminal", "records")
    assert code == 0
    assert out.startswith(
        "322 · only a copy of the Daily Mail report was found — "
        "Met officers with criminal records (convictions or cautions)\n"
    )
    assert "Other measure: 161 — serving Met officers with criminal convictions (convictions only)," in out
    # The earlier value counts the same measure, so it carries no counts line of its own.
    assert "November 2024: 243 · Daily Mail (copy on a mirror site) · only a copy of the Daily" in out


def test_ask_not_confident_exits_one_with_choices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--facts", FACTS, "dismissals")
    assert code == 1
    assert out.startswith("Did you mean one of these?")
    assert "[dismissals_calendar_year]" in out


def test_ask_unrelated_exits_one_without_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--facts", FACTS, "weather", "in", "london")
    assert code == 1
    assert out.startswith("No matching figure")


def test_ask_usage_and_configuration_errors_exit_two(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "ask", "--facts", FACTS)[0] == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("book: [\n", encoding="utf-8")
    code, _, err = run(capsys, "ask", "--facts", str(broken), "convictions")
    assert code == 2
    assert f"{broken}:" in err
    code, _, err = run(capsys, "ask", "--facts", str(tmp_path / "missing.yaml"), "convictions")
    assert code == 2 and "missing.yaml" in err


def test_ask_json_describes_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--facts", FACTS, "--format", "json", "convictions")
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "answer"
    answer = data["answer"]
    assert answer["id"] == "officers_with_criminal_convictions"
    assert (answer["value"], answer["value_line"], answer["copy_caveat"]) == (161, "161", None)
    assert answer["other_measure"] == "officers_with_criminal_records"
    assert answer["revisions"] == []
    assert {"label": "share for serious traffic offences", "value": "47%", "computed": "76 of 161"} in (
        answer["parts"]
    )
    assert answer["sources"] and all(s["url"].startswith(("https://", "http://")) for s in answer["sources"])
    _, out, _ = run(capsys, "ask", "--facts", FACTS, "--format", "json", "criminal", "records")
    records = json.loads(out)["answer"]
    copy = "only a copy of the Daily Mail report was found"
    assert (records["value"], records["value_line"], records["copy_caveat"]) == (322, f"322 · {copy}", copy)
    assert [(r["value"], r["value_line"]) for r in records["revisions"]] == [(243, f"243 · {copy}")]
    assert records["other_measure"] == "officers_with_criminal_convictions"
    assert all(s["weak"] and s["copy"] for s in records["sources"])


def test_ask_batch_answers_each_line_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("convictions\n\nweather in london\n@everyone <!channel>\n", encoding="utf-8")
    code, out, _ = run(capsys, "ask", "--facts", FACTS, "--batch", str(queries))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # not every line was answered
    assert [line["status"] for line in lines] == ["answer", "error", "not_found", "not_found"]
    assert lines[3]["query"] == "@everyone <!channel>"


def test_check_summary_and_problem_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", FACTS)
    assert code == 0
    *warnings, summary = out.splitlines()
    # Values resting on copies alone are listed, with their place, but do not fail the check.
    assert summary.startswith(f"{FACTS}: ok — 76 figures (")
    assert summary.endswith(f", {len(warnings)} warnings") and warnings
    for warning in warnings:
        path, line, col, rest = warning.split(":", 3)
        assert path == FACTS and line.isdigit() and col.isdigit()
        assert ": warning: rests on copies alone; answers say: only " in rest
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (ROOT / "facts.yaml").read_text(encoding="utf-8").replace("url: https://", "url: ftp://", 1),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", str(bad))
    assert code == 1
    first = out.splitlines()[0]
    path, line, col, rest = first.split(":", 3)
    assert path == str(bad) and line.isdigit() and col.isdigit()
    assert "sources[0].url" in rest and "ftp://" in rest


def test_export_json_lists_every_fact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--facts", FACTS, "--format", "json")
    items = json.loads(out)
    assert code == 0
    assert len(items) == 76 + 52
    figure = next(i for i in items if i["id"] == "officers_with_criminal_records")
    assert {"id", "kind", "value", "as_of", "title", "statement", "sources", "revisions"} <= set(figure)
    assert figure["value_line"] == "322 · only a copy of the Daily Mail report was found"
    assert figure["kind"] == "figure"
    assert set(figure["sources"][0]) >= {"publisher", "title", "url", "published", "quote"}
    assert {"value", "as_of", "sources"} <= set(figure["revisions"][0])
    event = next(i for i in items if i["id"] == "everard_abducted")
    assert event["kind"] == "event" and event["date"] == "2021-03-03" and event["summary"]


def test_export_csv_has_a_row_per_value(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--facts", FACTS, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    records = [r for r in rows if r["id"] == "officers_with_criminal_records"]
    copy = "only a copy of the Daily Mail report was found"
    assert [(r["value"], r["value_line"], r["latest"]) for r in records] == [
        ("322", f"322 · {copy}", "yes"),
        ("243", f"243 · {copy}", "no"),
    ]
    convictions = [r for r in rows if r["id"] == "officers_with_criminal_convictions"]
    assert [(r["value"], r["value_line"], r["latest"]) for r in convictions] == [("161", "161", "yes")]
    # The first source of the 161, the Evening Standard, prints no date of its own.
    assert [(r["published"], r["published_precision"]) for r in convictions] == [("2023-04-06", "inferred")]
    mitchell = next(r for r in rows if r["id"] == "cliff_mitchell_minimum_term" and r["latest"] == "yes")
    assert (mitchell["value"], mitchell["display"]) == ("17", "17 years 225 days")
    assert len(rows) == 90 + 52


def test_export_items_carry_their_page_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, plain, _ = run(capsys, "export", "--facts", FACTS, "--format", "json")
    assert {item["page"] for item in json.loads(plain)} == {None}
    monkeypatch.setenv("FIGUREBOT_SITE_URL", "https://facts.example.org/met")
    _, out, _ = run(capsys, "export", "--facts", FACTS, "--format", "json")
    assert all(i["page"] == f"https://facts.example.org/met/{i['id']}/" for i in json.loads(out))
    _, out, _ = run(capsys, "export", "--facts", FACTS, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert all(r["page"] == f"https://facts.example.org/met/{r['id']}/" for r in rows)
    code, out, _ = run(capsys, "ask", "--facts", FACTS, "--format", "json", "criminal", "records")
    answer = json.loads(out)
    assert code == 0 and answer["answer"]["page"].endswith(f"/met/{answer['answer']['id']}/")
    assert answer["text"].endswith(f"Full history and sources: {answer['answer']['page']}")


def _probe(code: str, env: dict[str, str] | None = None) -> str:
    """What a fresh interpreter running ``code`` prints (imports are per process)."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout


def test_ask_imports_no_platform_library() -> None:
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        f"code = main(['ask', '--facts', {FACTS!r}, 'convictions'])\n"
        "names = ('discord', 'slack_bolt', 'slack_sdk', 'apscheduler', 'sqlalchemy', 'aiohttp')\n"
        "heavy = sorted(m for m in names if m in sys.modules)\n"
        "print('IMPORTED', heavy, code)\n"
    )
    assert "IMPORTED [] 0" in _probe(probe)


def test_ask_with_a_warm_cache_imports_only_what_one_answer_needs(tmp_path: Path) -> None:
    """No other command area, no event loop, no YAML or loader once the edition is cached, and no
    number reader for an answer whose sources are no copies."""
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        f"code = main(['ask', '--facts', {FACTS!r}, 'pages in the casey report'])\n"
        "names = ('asyncio', 'yaml', 'bot.facts.loader', 'bot.facts.numbers', 'bot.core.router',\n"
        "         *(f'bot.cli.{a}' for a in ('chart_cmds', 'run_cmds', 'reminder_cmds', 'update_cmds',\n"
        "                                    'discord_cmds', 'site_cmds')))\n"
        "print('IMPORTED', sorted(m for m in names if m in sys.modules), code)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIGUREBOT_")}
    env["FIGUREBOT_DATA_DIR"] = str(tmp_path)
    runs = [_probe(probe, env) for _ in range(2)]  # the first fills the cache
    assert "'yaml'" in runs[0]
    assert "IMPORTED [] 0" in runs[1]


def test_help_lists_every_command_without_importing_them() -> None:
    probe = (
        "import sys, contextlib, io\n"
        "from bot.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    main(['--help'])\n"
        "print(out.getvalue())\n"
        "print('AREAS', sorted(m for m in sys.modules if m.startswith('bot.cli.') and m.endswith('_cmds')))\n"
    )
    out = _probe(probe)
    assert "AREAS []" in out
    from bot.cli.commands import COMMANDS

    assert all(f"    {name}" in out for name in COMMANDS)


@pytest.mark.parametrize("command", ["ask", "verify", "chart", "run", "reminders", "updates", "site"])
def test_each_command_still_has_its_full_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert f"usage: figurebot {command} [-h]" in capsys.readouterr().out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(max_size=300)
    | st.sampled_from(["", "@everyone", "<!channel> <!here>", "x" * 10_000, "\x00\x1b[2J\u202e", "🙂" * 300])
)
def test_no_text_makes_ask_raise(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code = main(["ask", "--facts", FACTS, "--format", "json", "--", text])
    out, _ = capsys.readouterr()
    if not text.strip():
        assert code in (0, 1, 2)
        return
    data = json.loads(out)
    assert code in (0, 1)
    assert data["status"] in {"answer", "ambiguous", "not_found"}
    assert (code == 0) == (data["status"] == "answer")


ENTRY = "import sys; from bot.cli import main; sys.exit(main())"
DRAFT = (
    "The letter also reveals 161 Met officers have criminal convictions. "
    "In September 2023, 210 Met officers were suspended.\n\nThe weather was 25 degrees."
)


def test_verify_a_draft_file_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    code, out, _ = run(capsys, "verify", str(draft), "--facts", FACTS, "--format", "json")
    assert code == 1  # a number differs from the book
    claims = json.loads(out)["claims"]
    assert claims == [
        {
            "number": "161",
            "value": 161,
            "sentence": "The letter also reveals 161 Met officers have criminal convictions.",
            "verdict": "matches",
            "fact": "officers_with_criminal_convictions",
            "book_value": "161",
            "as_of": "2023-04-06",
        },
        {
            "number": "210",
            "value": 210,
            "sentence": "In September 2023, 210 Met officers were suspended.",
            "verdict": "differs",
            "fact": "suspended_officers",
            "book_value": "201",
            "as_of": "2023-09-18",
        },
        {
            "number": "25",
            "value": 25,
            "sentence": "The weather was 25 degrees.",
            "verdict": "unknown",
            "fact": None,
            "book_value": None,
            "as_of": None,
        },
    ]


def test_verify_reads_stdin_and_exits_zero_when_nothing_differs() -> None:
    result = subprocess.run(
        [sys.executable, "-c", ENTRY, "verify", "-", "--facts", FACTS],
        input="Roughly one in 200 Met officers have criminal convictions. Nine people came.",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[matches] one in 200 — “Roughly one in 200 Met officers have criminal convictions.”"
    assert lines[-1] == "2 numbers: 1 match, 0 differ, 1 not in the book."


def test_verify_usage_errors_exit_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "verify", str(tmp_path / "missing.txt"), "--facts", FACTS)
    assert code == 2
    assert "cannot read" in err
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    assert run(capsys, "verify", str(draft), "--facts", str(tmp_path / "nobook.yaml"))[0] == 2


def test_ask_reads_the_book_from_the_edition_cache(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "facts.yaml"
    book.write_bytes((ROOT / "facts.yaml").read_bytes())
    env_dir = tmp_path / "data"
    os.environ["FIGUREBOT_DATA_DIR"] = str(env_dir)
    try:
        first = run(capsys, "ask", "--facts", str(book), "suspended officers")
        (entry,) = (env_dir / "cache").iterdir()
        assert entry.stat().st_mode & 0o777 == 0o600
        assert run(capsys, "ask", "--facts", str(book), "suspended officers") == first
        # A changed book is a new key: the old entry is never read for it.
        book.write_text(book.read_text(encoding="utf-8").replace("value: 201", "value: 202", 1))
        code, _, err = run(capsys, "ask", "--facts", str(book), "suspended officers")
        assert code == 2 and "202" in err  # the edit is validated, not served from the cache
        entry.write_bytes(b"not a pickle")
        book.write_bytes((ROOT / "facts.yaml").read_bytes())
        assert run(capsys, "ask", "--facts", str(book), "suspended officers") == first
    finally:
        del os.environ["FIGUREBOT_DATA_DIR"]


def figurebot(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if not k.startswith(("FIGUREBOT_", "DATABASE_URL"))}
        | {"PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A file this process may not write: read-only for a user, immutable for root (who may
    write any file whatever its mode)."""
    path = tmp_path / "locked.json"
    path.write_text("kept\n", encoding="utf-8")
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield path
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], check=False).returncode:
        pytest.skip("running as root on a file system without chattr +i: no file root cannot write")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.mark.parametrize("where", ["missing folder", "a folder", "unwritable file"])
def test_export_to_a_path_it_cannot_write_is_one_line_and_exit_two(
    where: str, tmp_path: Path, unwritable: Path
) -> None:
    target = {
        "missing folder": tmp_path / "no" / "such" / "folder" / "out.json",
        "a folder": tmp_path,
        "unwritable file": unwritable,
    }[where]
    reason = {
        "missing folder": "No such file or directory",
        "a folder": "Is a directory",
        "unwritable file": "Permission denied" if os.geteuid() else "Operation not permitted",
    }[where]
    result = figurebot("export", "--facts", FACTS, "-o", str(target))
    assert result.returncode == 2
    assert result.stderr == f"figurebot export: cannot write {target}: {reason}\n"
    assert result.stdout == ""
    assert unwritable.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full to fill a disk")
def test_export_that_cannot_finish_writing_is_one_line_and_exit_one() -> None:
    result = figurebot("export", "--facts", FACTS, "-o", "/dev/full")
    assert (result.returncode, result.stderr) == (
        1,
        "figurebot export: writing /dev/full failed: No space left on device\n",
    )


def test_json_output_is_valid_utf8_whatever_bytes_come_in(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, in an argument, a batch file or stdin, are replaced (U+FFFD),
    and a batch writes exactly one JSON line per input line, a blank one included."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIGUREBOT_")} | {"PYTHONPATH": str(ROOT)}
    one = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--facts", FACTS, "--format", "json", b"convictions \xff\xfe"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    answer = json.loads(one.stdout.decode("utf-8"))  # strict: raises on invalid UTF-8
    assert answer["query"] == "convictions \ufffd\ufffd"
    assert answer["status"] == "answer"

    lines_in = b"convictions\n\n\xff\xfe weather \xc3\n   \n\x01\x02\nsuspended officers\n"
    batch = tmp_path / "queries.txt"
    batch.write_bytes(lines_in)
    for source, stdin in ((str(batch), None), ("-", lines_in)):
        result = subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--facts", FACTS, "--batch", source],
            input=stdin,
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )
        out = [json.loads(line) for line in result.stdout.decode("utf-8").split("\n")[:-1]]
        assert len(out) == lines_in.count(b"\n") == 6
        assert [o["status"] for o in out] == ["answer", "error", "not_found", "error", "error", "answer"]
        assert out[2]["query"] == "\ufffd\ufffd weather \ufffd"
        assert out[1] == {
            "query": "",
            "status": "error",
            "error": "no question on this line",
            "answer": None,
            "choices": [],
            "text": "",
        }


def test_the_edition_cache_is_keyed_by_every_module_that_builds_the_book() -> None:
    """A change to any reader of the facts file (or to the index) must invalidate cached books,
    so `ask` never serves a book built by older code."""
    from bot.core import edition_cache

    hashed = {path.resolve() for path in edition_cache.code_files()}
    facts_modules = set((ROOT / "bot" / "facts").glob("*.py"))
    assert facts_modules and facts_modules <= hashed
    assert (ROOT / "bot" / "core" / "index.py").resolve() in hashed
