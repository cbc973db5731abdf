"""The operator CLI, run as a real process: ``python -m bot upcoming`` and ``reminders …``."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.context import Subscription
from bot.facts.loader import load_book
from bot.facts.model import Event
from bot.reminders.calendar import Occurrence
from bot.reminders.store import open_store
from bot.reminders.wording import reminder_title
from tests.throwaway_pg import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[2]
FACTS = REPO / "facts.yaml"
AT = "2027-03-03T09:05:00+00:00"


def everard_title() -> str:
    found = load_book(FACTS).get("everard_abducted")
    assert isinstance(found, Event)
    return reminder_title(Occurrence(found, dt.date(2027, 3, 3)))


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIGUREBOT_")}
    env["FIGUREBOT_DATA_DIR"] = str(tmp_path / "data")
    env["FIGUREBOT_FACTS"] = str(FACTS)
    return env


def figurebot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )


def start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env_for(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_run_prints_the_anniversary_once_then_nothing(tmp_path: Path) -> None:
    added = figurebot(
        tmp_path, "reminders", "add", "console:main", "--time", "09:00", "--tz", "Europe/London"
    )
    assert (added.returncode, added.stdout) == (0, "console:main: reminders at 09:00 Europe/London\n")
    assert (tmp_path / "data" / "figurebot.db").exists()  # the default store, created on first use

    first = figurebot(tmp_path, "reminders", "run", "--at", AT)
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("[reminder → console:main]") == 1
    assert first.stdout.count(everard_title()) == 1
    assert "https://www.bbc.com/news/uk-england-london-56371163" in first.stdout

    second = figurebot(tmp_path, "reminders", "run", "--at", AT)
    assert (second.returncode, second.stdout) == (0, "")


def test_with_a_site_the_anniversary_post_ends_with_the_events_page(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[site]\nbase_url = "https://facts.example.org/met"\n')
    assert figurebot(tmp_path, "reminders", "add", "console:main", "--time", "09:00").returncode == 0
    run = figurebot(tmp_path, "reminders", "run", "--at", AT)
    assert run.returncode == 0, run.stderr
    post = run.stdout.strip().splitlines()
    assert post[-1] == "Full history and sources: https://facts.example.org/met/everard_abducted/"


@pytest.mark.postgres
def test_two_runs_at_the_same_moment_on_postgresql_post_once(tmp_path: Path, pg_url: str) -> None:
    added = figurebot(tmp_path, "reminders", "add", "console:main", "--time", "09:00", "--store", pg_url)
    assert added.returncode == 0, added.stderr
    runs = [start(tmp_path, "reminders", "run", "--at", AT, "--store", pg_url) for _ in range(2)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    printed = "".join(out for out, _ in outputs)
    assert printed.count(everard_title()) == 1
    assert printed.count("[reminder → console:main]") == 1


def test_two_runs_at_the_same_moment_on_sqlite_post_once(tmp_path: Path) -> None:
    assert figurebot(tmp_path, "reminders", "add", "console:main").returncode == 0
    runs = [start(tmp_path, "reminders", "run", "--at", AT) for _ in range(2)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    assert "".join(out for out, _ in outputs).count(everard_title()) == 1


def test_list_upcoming_and_remove(tmp_path: Path) -> None:
    add = figurebot(tmp_path, "reminders", "add", "discord:123456789", "--time", "18:00", "--heads-up", "7,1")
    assert add.stdout == "discord:123456789: reminders at 18:00 Europe/London, heads-up 1,7 days before\n"
    listed = json.loads(figurebot(tmp_path, "reminders", "list", "--format", "json").stdout)
    assert [
        (s["channel"], s["time"], s["timezone"], s["heads_up_days"], s["subscribed_by"]) for s in listed
    ] == [("discord:123456789", "18:00", "Europe/London", [1, 7], "operator")]
    upcoming = figurebot(
        tmp_path, "upcoming", "--days", "2", "--format", "json", "--at", "2027-03-02T00:00:00+00:00"
    )
    rows = json.loads(upcoming.stdout)
    everard = [r for r in rows if r["event_id"] == "everard_abducted"]
    assert everard == [
        {
            "when": "2027-03-02T18:00:00+00:00",
            "when_utc": "2027-03-02T18:00:00+00:00",
            "channel": "discord:123456789",
            "event_id": "everard_abducted",
            "text": "Tomorrow: " + everard_title().replace(" ago today: ", " since "),
            "heads_up": True,
        },
        {
            "when": "2027-03-03T18:00:00+00:00",
            "when_utc": "2027-03-03T18:00:00+00:00",
            "channel": "discord:123456789",
            "event_id": "everard_abducted",
            "text": everard_title(),
            "heads_up": False,
        },
    ]
    # The run posts only to surfaces it has (the console); the Discord reminder waits, unclaimed.
    run = figurebot(tmp_path, "reminders", "run", "--at", "2027-03-03T18:05:00+00:00")
    assert run.stdout == ""
    assert "reminder(s) for discord channels left for the running bot" in run.stderr
    removed = figurebot(tmp_path, "reminders", "remove", "discord:123456789")
    assert (removed.returncode, removed.stdout) == (0, "discord:123456789: reminders off\n")
    assert figurebot(tmp_path, "reminders", "remove", "discord:123456789").returncode == 1


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["reminders", "add", "main"], "'main' is not a channel key"),
        (["reminders", "add", "console:main", "--time", "25:00"], "That is not a posting time"),
        (["reminders", "add", "console:main", "--tz", "Mars/Base"], "I do not know that time zone"),
        (["reminders", "run", "--at", "2027-03-03T09:05:00"], "needs a UTC offset"),
        (["reminders", "run", "--at", "tomorrow"], "is not an ISO date and time"),
        (["upcoming", "--days", "0"], "--days: give 1 to 366"),
        (
            ["reminders", "list", "--store", "mysql://x/y"],
            "--store: 'mysql' is not a store URL figurebot can use",
        ),
    ],
)
def test_usage_errors_exit_2_with_a_reason(tmp_path: Path, args: list[str], error: str) -> None:
    result = figurebot(tmp_path, *args)
    assert result.returncode == 2
    assert error in result.stderr
    assert result.stdout == ""


async def subscribe_many(url: str, count: int) -> None:
    store = await open_store(url)
    try:
        for i in range(count):
            await store.put_subscription(
                Subscription(
                    channel=f"console:c{i}",
                    surface="console",
                    workspace="",
                    timezone="Europe/London",
                    post_time=dt.time(9, 0),
                    heads_up_days=(),
                    subscribed_by="test",
                    subscribed_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
                )
            )
    finally:
        await store.close()


SCHEDULER_PROCESS = """
import asyncio, datetime as dt, sys
from bot.core.context import Subscription
from bot.facts.loader import load_book
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.service import FixedBook
from bot.reminders.store import open_store
from bot.surfaces.console import ConsoleSurface

async def main() -> None:
    store = await open_store(sys.argv[1])
    clock = lambda: dt.datetime(2027, 3, 3, 9, 5, tzinfo=dt.UTC)
    scheduler = ReminderScheduler(
        store, {"console": ConsoleSurface(stream=sys.stdout)}, FixedBook(load_book(sys.argv[2])), clock=clock
    )
    await scheduler.start()
    await scheduler.settle()
    await scheduler.shutdown()
    await store.close()

asyncio.run(main())
"""


@pytest.mark.postgres
def test_two_scheduler_processes_on_postgresql_post_each_reminder_once(tmp_path: Path, pg_url: str) -> None:
    asyncio.run(subscribe_many(pg_url, 20))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SCHEDULER_PROCESS, pg_url, str(FACTS)],
            cwd=REPO,
            env=env_for(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    printed = "".join(out for out, _ in outputs)
    headers = [line for line in printed.splitlines() if line.startswith("[reminder → ")]
    assert sorted(headers) == sorted(f"[reminder → console:c{i}]" for i in range(20))
    assert printed.count(everard_title()) == 20


DOWN = "postgresql://postgres@127.0.0.1:1/test"  # nothing listens on port 1


@pytest.mark.parametrize(
    "command",
    [
        ("reminders", "run", "--at", AT),
        ("reminders", "list"),
        ("reminders", "add", "console:main"),
        ("upcoming", "--days", "7"),
        ("run", "--no-console"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
@pytest.mark.parametrize("problem", ["down", "missing"])
def test_a_store_that_is_down_or_missing_is_one_line_and_exit_two(
    tmp_path: Path, command: tuple[str, ...], problem: str, own_pg: ThrowawayPostgres
) -> None:
    url = DOWN if problem == "down" else own_pg.url.rsplit("/", 1)[0] + "/no_such_database"
    result = figurebot(tmp_path, *command, "--store", url)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    shown = url.replace("postgresql://", "postgresql+asyncpg://")
    expected = (
        f"cannot reach the store {shown}: [Errno 111] Connect call failed ('127.0.0.1', 1)"
        if problem == "down"
        else f'cannot reach the store {shown}: database "no_such_database" does not exist'
    )
    assert lines[0].endswith(expected), lines[0]
    assert lines[0].startswith("figurebot: ") or " ERROR figurebot: cannot start: " in lines[0]
