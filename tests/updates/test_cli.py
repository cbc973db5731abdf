"""``figurebot updates …`` as a real process, starting with the README's demo exactly as printed."""

from __future__ import annotations

import array
import asyncio
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.reminders.store import open_store
from bot.updates.store import UpdateStore
from tests.throwaway_pg import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[2]
APRIL = REPO / "docs" / "examples" / "suspended-2023-04.yaml"
SEPTEMBER = REPO / "docs" / "examples" / "suspended-2023-09.yaml"
HEADLINE = "Suspended Met officers: 201 now (was 144, 6 April 2023)"


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIGUREBOT_", "SLACK_", "DISCORD_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["FIGUREBOT_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def readme_demo() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Try it from the command line") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_demo_works_as_printed(tmp_path: Path) -> None:
    shutil.copytree(REPO / "docs" / "examples", tmp_path / "docs" / "examples")
    lines = readme_demo()
    script = "set -e\n" + "".join(f"echo '@@ {i}'\n{line}\n" for i, line in enumerate(lines))
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outputs = dict(re.findall(r"@@ (\d+)\n(.*?)(?=@@ \d+\n|\Z)", done.stdout, re.S))
    runs = [i for i, line in enumerate(lines) if line.startswith("figurebot updates run")]
    assert len(runs) == 4
    printed = [outputs[str(i)].strip() for i in runs]
    assert printed[0] == printed[1] == printed[3] == ""  # first pass, unchanged, already posted
    assert printed[2].startswith(f"[update → console:main]\n{HEADLINE}\n")
    assert "“Cundy said 201 officers were suspended and 860 were on restricted duties.”" in printed[2]
    assert "first pass on this store: recorded the book (1 fact) without posting" in done.stderr
    # The README shows the post as printed.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = printed[2].split("\n", 1)[1]
    assert f"```\n{shown}\n```" in readme


def figurebot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_add_list_remove_and_usage_errors(tmp_path: Path) -> None:
    added = figurebot(tmp_path, "updates", "add", "slack:T01/C01", "--by", "desk")
    assert added.returncode == 0 and added.stdout.startswith("slack:T01/C01: book updates on, since ")
    listed = figurebot(tmp_path, "updates", "list", "--format", "json")
    [row] = json.loads(listed.stdout)
    assert (row["channel"], row["subscribed_by"]) == ("slack:T01/C01", "desk")
    assert figurebot(tmp_path, "updates", "list").stdout.startswith("slack:T01/C01\tby desk on ")
    bad = figurebot(tmp_path, "updates", "add", "slack:general")
    assert bad.returncode == 2 and "is not a channel key" in bad.stderr and bad.stdout == ""
    assert figurebot(tmp_path, "updates").returncode == 2  # no action
    removed = figurebot(tmp_path, "updates", "remove", "slack:T01/C01")
    assert (removed.returncode, removed.stdout) == (0, "slack:T01/C01: book updates off\n")
    again = figurebot(tmp_path, "updates", "remove", "slack:T01/C01")
    assert again.returncode == 1 and "was not subscribed" in again.stderr
    assert figurebot(tmp_path, "updates", "list").stderr == "No channel is subscribed to book updates.\n"


def april_then_september(tmp_path: Path, channels: list[str], *store: str, **extra: str) -> dict[str, str]:
    """``channels`` follow the April book, recorded by a silent first run; the facts file then
    holds September's value. Returns the environment naming that file."""
    facts = tmp_path / "facts.yaml"
    shutil.copy(APRIL, facts)
    env = {"FIGUREBOT_FACTS": str(facts), **extra}
    for channel in channels:
        assert figurebot(tmp_path, "updates", "add", channel, *store, **env).returncode == 0
    assert figurebot(tmp_path, "updates", "run", *store, **env).returncode == 0
    shutil.copy(SEPTEMBER, facts)
    return env


def test_run_leaves_platform_channels_for_the_bot_and_refuses_a_broken_book(tmp_path: Path) -> None:
    env = april_then_september(tmp_path, ["discord:123456789"])
    facts = Path(env["FIGUREBOT_FACTS"])
    left = figurebot(tmp_path, "updates", "run", **env)
    assert (left.returncode, left.stdout) == (0, "")
    assert "figurebot: updates for 1 discord channel(s) left for the running bot" in left.stderr
    facts.write_text(
        SEPTEMBER.read_text(encoding="utf-8").replace("value: 201", "value: 202"), encoding="utf-8"
    )
    broken = figurebot(tmp_path, "updates", "run", **env)
    assert broken.returncode == 1 and broken.stdout == ""
    assert "quote does not contain the number (looked for '202')" in broken.stderr
    unusable = figurebot(tmp_path, "updates", "run", "--store", "mysql://nope", **env)
    assert unusable.returncode == 2 and "--store: 'mysql' is not a store URL" in unusable.stderr


def test_run_links_the_post_to_its_page_when_the_site_has_a_base_url(tmp_path: Path) -> None:
    env = april_then_september(tmp_path, ["console:main"], FIGUREBOT_SITE_URL="https://facts.example.org/met")
    posted = figurebot(tmp_path, "updates", "run", **env)
    assert posted.returncode == 0, posted.stderr
    assert posted.stdout.strip().startswith(f"[update → console:main]\n{HEADLINE}\n")
    assert "https://facts.example.org/met/suspended_officers/" in posted.stdout


def _lock_waiters(url: str) -> int:
    """How many sessions wait for an advisory lock on the PostgreSQL at ``url``."""

    async def count() -> int:
        conn = await asyncpg.connect(url, timeout=10)
        try:
            found: int = await conn.fetchval(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            return found
        finally:
            await conn.close()

    return asyncio.run(count())


@pytest.mark.postgres
def test_run_with_the_store_gone_mid_pass_is_one_line_exit_two_and_loses_nothing(
    tmp_path: Path, own_pg: ThrowawayPostgres
) -> None:
    """The database goes away while ``updates run`` is comparing the book (held there by an
    advisory lock the test takes): one line naming the store, exit 2, nothing posted; with the
    database back the next run posts the change once."""
    store = ["--store", own_pg.url]
    env = april_then_september(tmp_path, ["console:main"], *store)
    plain = own_pg.url.replace("+asyncpg", "")

    async def hold_the_comparison() -> asyncpg.Connection:
        conn = await asyncpg.connect(plain, timeout=10)
        await conn.execute("BEGIN")
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('figurebot-updates:'))")
        return conn

    loop = asyncio.new_event_loop()
    try:
        holder = loop.run_until_complete(hold_the_comparison())
        running = start(tmp_path, "updates", "run", *store, **env)
        deadline = time.monotonic() + 60
        while _lock_waiters(plain) == 0:
            assert running.poll() is None and time.monotonic() < deadline, running.communicate()
            time.sleep(0.05)
        own_pg.stop()
        out, err = running.communicate(timeout=60)
        with contextlib.suppress(Exception):
            loop.run_until_complete(holder.close(timeout=1))
    finally:
        loop.close()
    assert running.returncode == 2, err
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"figurebot: cannot reach the store {own_pg.url}: "), lines[0]
    assert out == ""
    own_pg.start()
    posted = figurebot(tmp_path, "updates", "run", *store, **env)
    assert posted.returncode == 0, posted.stderr
    assert posted.stdout.strip().startswith(f"[update → console:main]\n{HEADLINE}\n")
    again = figurebot(tmp_path, "updates", "run", *store, **env)
    assert (again.returncode, again.stdout) == (0, "")


@pytest.mark.postgres
def test_a_post_printed_while_the_store_is_down_is_recorded_when_it_returns(
    tmp_path: Path, own_pg: ThrowawayPostgres
) -> None:
    """``updates run`` writes to a pipe the test leaves full, so the process stops mid-post; the
    test stops the database, lets the post finish, and starts the database again. The post is
    kept and recorded once the store answers, the channels after it are posted only then, each
    channel once, and the next run prints nothing."""
    store = ["--store", own_pg.url]
    rooms = [f"console:room{i:02}" for i in range(12)]
    env = april_then_september(tmp_path, rooms, *store)

    post = len(_one_post(tmp_path / "measure").encode())
    read_end, write_end = os.pipe()
    fcntl.fcntl(read_end, fcntl.F_SETPIPE_SZ, 4096)  # the smallest pipe: a few posts fill it
    size = fcntl.fcntl(read_end, fcntl.F_GETPIPE_SZ)
    assert post <= min(size, select.PIPE_BUF)  # so each post is written whole, or waits whole
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        running = start(tmp_path, "updates", "run", *store, stdout=write_end, stderr=stderr, **env)
    os.close(write_end)
    try:
        deadline = time.monotonic() + 60
        while _pipe_holds(read_end) + post <= size:  # until the next post cannot be written
            assert running.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        own_pg.stop()
        output: list[bytes] = []
        reader = threading.Thread(target=lambda: output.extend(iter(lambda: os.read(read_end, 65536), b"")))
        reader.start()
        while "not in the ledger yet; retrying: cannot reach the store" not in log.read_text():
            assert running.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        printed_while_down = b"".join(output).decode().count("[update → console:")
        own_pg.start()
        assert running.wait(timeout=60) == 0, log.read_text()
        reader.join(timeout=10)
    finally:
        os.close(read_end)
    printed = b"".join(output).decode()
    for room in rooms:
        assert printed.count(f"[update → {room}]\n{HEADLINE}\n") == 1, room
    assert printed_while_down < len(rooms)  # the rooms after the held post waited for the store
    errors = log.read_text()
    assert "Traceback" not in errors
    assert errors.count("retrying: cannot reach the store") == 1  # one line, not one per attempt
    assert _ledger(own_pg.url) == {(room, "posted", 1) for room in rooms}
    again = figurebot(tmp_path, "updates", "run", *store, **env)
    assert (again.returncode, again.stdout) == (0, "")


def _ledger(url: str) -> set[tuple[str, str, int]]:
    """(channel, status, attempts) of every row of the update ledger at ``url``."""

    async def rows() -> set[tuple[str, str, int]]:
        store = await open_store(url)
        try:
            found = await UpdateStore(store).ledger_rows(["suspended_officers/201@2023-09-18"])
        finally:
            await store.close()
        return {(channel, row.status, row.attempts) for (_, channel), row in found.items()}

    return asyncio.run(rows())


def _one_post(tmp_path: Path) -> str:
    """What ``updates run`` prints for one channel named like the rooms, in a store of its own."""
    tmp_path.mkdir()
    env = april_then_september(tmp_path, ["console:room99"])
    printed = figurebot(tmp_path, "updates", "run", **env)
    assert printed.returncode == 0 and printed.stdout.count("[update → console:room99]") == 1
    return printed.stdout


def _pipe_holds(fd: int) -> int:
    """Bytes written to the pipe and not yet read."""
    waiting = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, waiting)
    return waiting[0]


def start(
    tmp_path: Path, *args: str, stdout: Any = subprocess.PIPE, stderr: Any = subprocess.PIPE, **env: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean_env(tmp_path, **env),
        stdout=stdout,
        stderr=stderr,
        text=True,
    )
