"""`figurebot run` as a real subprocess: every surface at once against the local fakes, live facts
reload, SIGTERM during a reminder post, and the health and metrics endpoints."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from tests.discord.fake_discord import FakeDiscord
from tests.facts.test_unreadable_yaml import CASES as UNREADABLE
from tests.slack.fake_slack import FakeSlack
from tests.throwaway_pg import free_port

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0


class Bot:
    """A running `figurebot run` with its console on a pipe; stdout and stderr are collected."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.out = ""
        self.err = ""
        self._readers = [
            asyncio.create_task(self._pump(proc.stdout, "out")),
            asyncio.create_task(self._pump(proc.stderr, "err")),
        ]

    async def _pump(self, stream: asyncio.StreamReader | None, name: str) -> None:
        assert stream is not None
        while chunk := await stream.read(4096):
            setattr(self, name, getattr(self, name) + chunk.decode("utf-8", "replace"))

    async def wait_text(self, where: str, text: str, *, start: int = 0, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = getattr(self, where).find(text, start)
            if found >= 0:
                return found
            if self.proc.returncode is not None:
                break
            await asyncio.sleep(0.05)
        raise AssertionError(f"{text!r} not in {where} after {timeout}s:\nOUT:\n{self.out}\nERR:\n{self.err}")

    async def say(self, line: str, expect: str, timeout: float = TIMEOUT) -> str:
        mark = len(self.out)
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        await self.proc.stdin.drain()
        await self.wait_text("out", expect, start=mark, timeout=timeout)
        return self.out[mark:]

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), TIMEOUT)
        await asyncio.gather(*self._readers)
        return code


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "facts.yaml", tmp_path / "facts.yaml")
    return tmp_path


def write_config(workdir: Path, extra: str = "", metrics_port: int = 0) -> Path:
    config = workdir / "config.toml"
    config.write_text(
        f"""
[facts]
path = "{workdir / "facts.yaml"}"
[store]
data_dir = "{workdir / "data"}"
[metrics]
port = {metrics_port}
[run]
shutdown_timeout = 15
{extra}
""",
        encoding="utf-8",
    )
    return config


@pytest_asyncio.fixture
async def start_bot() -> AsyncIterator[object]:
    bots: list[Bot] = []

    async def start(config: Path, env: dict[str, str] | None = None, *args: str) -> Bot:
        clean = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "FIGUREBOT_"))
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--config",
            str(config),
            *args,
            cwd=config.parent,
            env={**clean, "PYTHONPATH": str(ROOT), **(env or {})},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        bot = Bot(proc)
        bots.append(bot)
        return bot

    yield start
    for bot in bots:
        if bot.proc.returncode is None:
            bot.proc.kill()
            await bot.proc.wait()


@pytest.mark.asyncio
async def test_one_process_serves_slack_discord_and_the_console(workdir: Path, start_bot) -> None:  # type: ignore[no-untyped-def]
    slack, discord_fake = FakeSlack(), FakeDiscord()
    await slack.start()
    await discord_fake.start()
    try:
        port = free_port()
        env = {
            "SLACK_BOT_TOKEN": "xoxb-run-test",
            "SLACK_APP_TOKEN": "xapp-run-test",
            "SLACK_API_URL": slack.base_url,
            "DISCORD_TOKEN": discord_fake.token,
            "DISCORD_API_URL": discord_fake.api_url,
            "DISCORD_GATEWAY_URL": discord_fake.gateway_url,
        }
        bot = await start_bot(write_config(workdir, metrics_port=port), env, "--console")
        await bot.wait_text("err", "figurebot is running:")
        running = bot.err[bot.err.index("figurebot is running:") :].splitlines()[0]
        assert {"slack", "discord", "console"} <= set(running.split(": ", 1)[1].split(", "))

        # The console answers from the book, and writes the figure's chart where it says.
        answer = await bot.say("figure convictions", "Met officers with criminal convictions")
        assert "161 — Met officers with criminal convictions" in answer
        answer = await bot.say("figure criminal records", "\nChart: ")
        assert "322 · only a copy of the Daily Mail report was found — Met officers with criminal" in answer
        await bot.wait_text("out", ".png\n")
        chart = Path(bot.out.rsplit("Chart: ", 1)[1].split("\n", 1)[0])
        assert chart == workdir / "data" / "charts" / "officers_with_criminal_records-history.png"
        assert chart.read_bytes().startswith(b"\x89PNG")

        # Discord: a slash command comes back as an embed that cannot ping anyone, showing the chart.
        callback = await discord_fake.interact(discord_fake.slash("figure", {"query": "criminal records"}))
        data = callback.json["data"]
        assert data["embeds"][0]["title"] == "Met officers with criminal records (convictions or cautions)"
        assert data["allowed_mentions"] == {"parse": []}
        assert data["embeds"][0]["image"]["url"] == "attachment://officers_with_criminal_records-history.png"
        assert [f.filename for f in callback.files] == ["officers_with_criminal_records-history.png"]

        # Slack: a slash command over Socket Mode is answered through response_url.
        await slack.send_envelope(
            "slash_commands",
            {
                "command": "/figure",
                "text": "criminal records",
                "team_id": "T1",
                "channel_id": "C1",
                "user_id": "U1",
                "response_url": slack.response_url("run"),
                "trigger_id": "1.2",
            },
        )
        responses = await slack.wait_for("response_url")
        assert "322" in json.dumps(responses[-1].args)
        await slack.wait_for("files.completeUploadExternal")  # the chart follows the channel answer
        assert [(u.filename, u.channel) for u in slack.uploads] == [
            ("officers_with_criminal_records-history.png", "C1")
        ]

        # Health and metrics, from the same process.
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                health = await resp.json()
                assert resp.status == 200
            async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                metrics = await resp.text()
        assert health["status"] == "ok"
        assert health["surfaces"] == {"slack": True, "discord": True, "console": True}
        assert health["scheduler"] is True
        assert 'figurebot_commands_total{command="figure",outcome="answer",surface="console"} 2.0' in metrics
        assert 'figurebot_commands_total{command="figure",outcome="answer",surface="discord"} 1.0' in metrics
        assert "figurebot_book_info{version=" in metrics

        assert await bot.stop() == 0
        # One line per command, and never a token, at INFO.
        assert (
            "surface=console command=figure outcome=answer ref=officers_with_criminal_convictions" in bot.err
        )
        for secret in ("xoxb-run-test", "xapp-run-test", discord_fake.token):
            assert secret not in bot.err and secret not in bot.out
    finally:
        await slack.stop()
        await discord_fake.stop()


@pytest.mark.asyncio
async def test_facts_edit_is_picked_up_and_a_broken_edit_keeps_the_last_good_book(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    bot = await start_bot(write_config(workdir, '[reminders]\nadmin_channel = "console:admins"\n'))
    await bot.say("figure convictions", "161 — Met officers with criminal convictions")

    facts = workdir / "facts.yaml"
    original = facts.read_text(encoding="utf-8")
    edited = original.replace(
        "title: Met officers with criminal convictions", "title: Met officers with convictions (edited)", 1
    )
    assert edited != original
    facts.write_text(edited, encoding="utf-8")
    await bot.wait_text("err", "facts reloaded")
    await bot.say("figure convictions", "161 — Met officers with convictions (edited)")

    # A broken edit: a duplicated key. The bot says where, and keeps answering from the last good book.
    broken = edited.replace("  - id: suspended_officers\n", "  - id: suspended_officers\n    id: again\n", 1)
    assert broken != edited
    facts.write_text(broken, encoding="utf-8")
    await bot.wait_text("err", "facts reload rejected")
    assert f"{facts}:" in bot.err and "duplicate key 'id'" in bot.err
    await bot.say("figure convictions", "161 — Met officers with convictions (edited)")

    # The admin channel is told once, with the line; saving the same broken file again says nothing.
    await bot.wait_text("out", "[notice → console:admins]")
    assert "The facts file was not reloaded" in bot.out
    assert "duplicate key 'id'" in bot.out
    facts.write_text(broken + "\n", encoding="utf-8")
    await asyncio.sleep(1.5)
    await bot.say("figure convictions", "161 — Met officers with convictions (edited)")
    assert bot.out.count("The facts file was not reloaded") == 1
    assert await bot.stop() == 0


@pytest.mark.asyncio
@pytest.mark.parametrize("case", ["deep", "bomb", "not_text"])
async def test_an_unreadable_facts_file_is_refused_in_one_line_and_the_book_kept(
    workdir: Path,
    case: str,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    content, expected = UNREADABLE[case]
    bot = await start_bot(write_config(workdir))
    await bot.say("figure convictions", "161 — Met officers with criminal convictions")
    facts = workdir / "facts.yaml"
    facts.write_bytes(content)
    await bot.wait_text("err", f"{facts}{expected}")
    assert "Traceback" not in bot.err
    await bot.say("figure convictions", "161 — Met officers with criminal convictions")
    assert await bot.stop() == 0


@pytest.mark.asyncio
async def test_sigterm_during_a_reminder_post_finishes_it_and_exits_zero(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    """A reminder due today is being posted (Discord answers 429, so discord.py waits to retry)
    when SIGTERM arrives: the post completes, the ledger records it, and the exit code is 0."""
    today = time.strftime("%m-%d")
    facts = workdir / "facts.yaml"
    facts.write_text(_book_with_event_today(time.strftime("%Y")), encoding="utf-8")
    assert today  # the event is dated today, one year ago
    fake = FakeDiscord()
    await fake.start()
    try:
        channel = "800000000000000009"
        fake.rate_limit("POST", rf"/channels/{channel}/messages", retry_after=1.5)
        extra = f'[[reminders.channels]]\nchannel = "discord:{channel}"\ntime = "00:00"\ntimezone = "UTC"\n'
        env = {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_URL": fake.api_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        bot = await start_bot(write_config(workdir, extra), env, "--no-console")
        await fake.wait_for(
            lambda r: r.method == "POST" and r.path == f"/channels/{channel}/messages", timeout=TIMEOUT
        )
        assert await bot.stop(signal.SIGTERM) == 0
        posts = fake.calls("POST", f"/channels/{channel}/messages")
        assert len(posts) == 2  # the 429'd attempt and the retry, with the same nonce
        assert posts[0].json["nonce"] == posts[1].json["nonce"]
        assert posts[1].json["embeds"][0]["title"].startswith("1 year ago today")
    finally:
        await fake.stop()
    rows = (
        sqlite3.connect(workdir / "data" / "figurebot.db")
        .execute("select event_id, channel, status, message_ref from reminder_ledger")
        .fetchall()
    )
    assert len(rows) == 1
    event_id, key, status, ref = rows[0]
    assert (event_id, key, status) == ("test_event_today", f"discord:{channel}", "posted")
    assert ref


def _book_with_event_today(year: str) -> str:
    last_year = int(year) - 1
    day = time.strftime("%m-%d")
    return f"""
book:
  title: Test book
  description: One event dated a year ago today.
figures:
  - id: test_figure
    title: Test figure
    value: 5
    counts: things
    as_of: {last_year}-01
    statement: There were 5 things.
    sources:
      - publisher: Example
        title: Example
        url: https://example.org/5
        published: {last_year}-01-02
        quote: there were 5 things
events:
  - id: test_event_today
    date: {last_year}-{day}
    title: Test event
    summary: Something happened a year ago today.
    anniversary: something happened
    remind: true
    sources:
      - publisher: Example
        title: Example
        url: https://example.org/event
        published: {last_year}-{day}
        quote: something happened
"""


@pytest.mark.asyncio
async def test_a_reminder_due_today_reaches_the_console_once_and_is_counted(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    (workdir / "facts.yaml").write_text(_book_with_event_today(time.strftime("%Y")), encoding="utf-8")
    port = free_port()
    extra = '[[reminders.channels]]\nchannel = "console:main"\ntime = "00:00"\ntimezone = "UTC"\n'
    bot = await start_bot(write_config(workdir, extra, metrics_port=port))
    await bot.wait_text("out", "[reminder → console:main]")
    await bot.wait_text("out", "1 year ago today: something happened")
    # The post is printed before the sweep records and counts it: read the metrics until it has.
    deadline = time.monotonic() + TIMEOUT
    async with aiohttp.ClientSession() as http:
        while True:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                metrics = await resp.text()
            if 'figurebot_reminders_total{outcome="posted"}' in metrics or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
    assert 'figurebot_reminders_total{outcome="posted"} 1.0' in metrics
    assert 'figurebot_reminders_total{outcome="claimed"} 1.0' in metrics
    # The catch-up sweep and a restart must not post it again.
    assert await bot.stop() == 0
    again = await start_bot(write_config(workdir, extra))
    await again.wait_text("err", "figurebot is running:")
    await asyncio.sleep(1.0)
    assert await again.stop() == 0
    assert bot.out.count("1 year ago today: something happened") == 1
    assert "1 year ago today" not in again.out


@pytest.mark.asyncio
async def test_a_surface_that_cannot_connect_is_reported_and_the_others_keep_serving(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        fake.bad_token()
        env = {
            "DISCORD_TOKEN": "wrong-token-0123456789",
            "DISCORD_API_URL": fake.api_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        bot = await start_bot(write_config(workdir), env, "--console")
        await bot.wait_text("err", "discord: could not start:")
        await bot.wait_text("err", "figurebot is running: console")
        await bot.say("figure convictions", "161 — Met officers with criminal convictions")
        assert await bot.stop() == 0
        assert "wrong-token-0123456789" not in bot.err
    finally:
        await fake.stop()


def run_console(workdir: Path, config: Path, lines: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`figurebot console` with ``lines`` typed, platform settings of the environment left out."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "FIGUREBOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--config", str(config)],
        input=lines,
        capture_output=True,
        text=True,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        cwd=workdir,
        timeout=60,
    )


def test_console_command_is_the_console_alone_with_reminders(workdir: Path) -> None:
    """`figurebot console` ignores platform tokens and keeps the remind commands working."""
    lines = "figure convictions\nremind on at 08:30 tz Europe/Paris\nremind status\n"
    proc = run_console(workdir, write_config(workdir), lines, DISCORD_TOKEN="would-fail-if-used")
    assert proc.returncode == 0, proc.stderr
    assert "161 — Met officers with criminal convictions" in proc.stdout
    assert "Posting time: 08:30 Europe/Paris" in proc.stdout
    assert "discord" not in proc.stderr.lower()


def test_console_without_charts_writes_no_picture(workdir: Path) -> None:
    config = write_config(workdir, "[charts]\nenabled = false\n")
    proc = run_console(workdir, config, "figure criminal records\n")
    assert proc.returncode == 0, proc.stderr
    assert "322 · only a copy of the Daily Mail report was found — Met officers with criminal" in proc.stdout
    assert "Chart:" not in proc.stdout and not (workdir / "data" / "charts").exists()


def test_sigterm_while_a_person_is_typing_at_a_terminal_exits_zero(workdir: Path) -> None:
    """On a real terminal the console reads with input() (line editing, history). A SIGTERM
    while it waits for a line must still end the process cleanly, not abort in the interpreter."""
    import pty
    import subprocess

    leader, follower = pty.openpty()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "FIGUREBOT_"))},
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(write_config(workdir))],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=workdir,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + TIMEOUT
    try:
        while b"figurebot> " not in seen and time.monotonic() < deadline:
            seen += os.read(leader, 4096)
        assert b"figurebot> " in seen, seen
        os.write(leader, b"figure convictions\r")
        while b"161" not in seen and time.monotonic() < deadline:
            seen += os.read(leader, 4096)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=TIMEOUT)
        with contextlib.suppress(OSError):  # the terminal closes with the process
            while chunk := os.read(leader, 4096):
                seen += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert b"161 \xe2\x80\x94 Met officers with criminal convictions" in seen
    assert b"Fatal Python error" not in seen
    assert code == 0


@pytest.mark.asyncio
async def test_sighup_reloads_when_watching_is_off(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    config = write_config(workdir)
    config.write_text(config.read_text(encoding="utf-8").replace("[facts]\n", "[facts]\nwatch = false\n"))
    bot = await start_bot(config)
    await bot.say("figure convictions", "161 — Met officers with criminal convictions")
    facts = workdir / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "title: Met officers with criminal convictions",
            "title: Met officers with convictions (via SIGHUP)",
            1,
        ),
        encoding="utf-8",
    )
    await asyncio.sleep(1.0)  # not watching: nothing happens on its own
    assert "facts reloaded" not in bot.err
    bot.proc.send_signal(signal.SIGHUP)
    await bot.wait_text("err", "facts reloaded")
    await bot.say("figure convictions", "161 — Met officers with convictions (via SIGHUP)")
    assert await bot.stop() == 0


@pytest.mark.asyncio
async def test_a_log_written_next_to_the_facts_file_does_not_feed_the_watcher(workdir: Path) -> None:
    """Run from the facts file's folder with the log (at DEBUG, the most talkative) redirected to
    a file there: the log must stay quiet while nothing happens, and an edit is still loaded."""
    config = write_config(workdir, '[log]\nlevel = "DEBUG"\n')
    log_path = workdir / "figurebot.log"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "FIGUREBOT_"))}
    with log_path.open("wb") as log_file:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--config", str(config),
            cwd=workdir, env={**clean, "PYTHONPATH": str(ROOT)},
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL, stderr=log_file,
        )  # fmt: skip
    try:

        async def logged(text: str) -> None:
            for _ in range(int(TIMEOUT / 0.1)):
                if text in log_path.read_text(encoding="utf-8", errors="replace"):
                    return
                await asyncio.sleep(0.1)
            raise AssertionError(f"{text!r} not logged:\n{log_path.read_text(errors='replace')[-3000:]}")

        await logged("figurebot is running")
        await asyncio.sleep(1.0)
        quiet_from = log_path.stat().st_size
        await asyncio.sleep(3.0)
        grew = log_path.stat().st_size - quiet_from
        facts = workdir / "facts.yaml"
        facts.write_text(
            facts.read_text(encoding="utf-8").replace(
                "title: Met officers with criminal records", "title: Met officers with records (log test)", 1
            ),
            encoding="utf-8",
        )
        await logged("facts reloaded")
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), TIMEOUT)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert "change detected" not in text and "changes filtered out" not in text
    assert grew == 0, text[quiet_from : quiet_from + 2000]
    assert text.count("facts reloaded") == 1
    assert code == 0


@pytest.mark.asyncio
async def test_health_turns_red_when_the_discord_gateway_ends_for_good(
    workdir: Path,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        port = free_port()
        env = {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_URL": fake.api_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        bot = await start_bot(write_config(workdir, metrics_port=port), env, "--console")
        await bot.wait_text("err", "figurebot is running:")

        async def health() -> tuple[int, dict[str, object], str]:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    body = await resp.json()
                    status = resp.status
                async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                    return status, body, await resp.text()

        status, body, metrics = await health()
        assert status == 200 and body["surfaces"] == {"discord": True, "console": True}
        assert 'figurebot_surface_up{surface="discord"} 1.0' in metrics

        await fake.close_sessions(code=4004)  # the token was revoked: discord.py gives up
        await bot.wait_text(
            "err", "discord: no longer serving: the Discord gateway rejected the token (4004)"
        )
        status, body, metrics = await health()
        assert status == 503 and body["status"] == "degraded"
        assert body["surfaces"] == {"discord": False, "console": True}
        assert body["ended"] == {
            "discord": "the Discord gateway rejected the token (4004): check DISCORD_TOKEN"
        }
        assert 'figurebot_surface_up{surface="discord"} 0.0' in metrics
        await bot.say(
            "figure convictions", "161 — Met officers with criminal convictions"
        )  # the rest serves on
        assert await bot.stop() == 0
    finally:
        await fake.stop()
