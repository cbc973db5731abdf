"""Settings: the example file is valid and complete, precedence, and errors that name the key."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.config import ConfigError, load_config
from bot.surfaces.discord.settings import DiscordSettings
from bot.surfaces.slack import SlackSettings

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_config_is_valid_and_says_the_defaults() -> None:
    config = load_config(ROOT / "config.example.toml", env={})
    default = load_config(None, env={"FIGUREBOT_CONFIG": ""})
    assert config.facts == default.facts == Path("facts.yaml")
    assert config.timezone == "Europe/London" and config.post_time == dt.time(9, 0)
    assert config.store_url == default.store_url == f"sqlite+aiosqlite:///{Path('data') / 'figurebot.db'}"
    assert config.charts is default.charts is True
    assert SlackSettings.from_sources(config.slack, {}) == SlackSettings()
    assert DiscordSettings.from_sources(config.discord, {}) == DiscordSettings()
    assert (config.update_batch_seconds, config.update_channels) == (60, ())
    assert (default.update_batch_seconds, default.update_channels) == (60, ())


def test_flag_beats_environment_beats_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[facts]\npath = "from-file.yaml"\n[store]\ndata_dir = "d"\n', encoding="utf-8")
    assert load_config(path, env={}).facts == Path("from-file.yaml")
    assert load_config(path, env={"FIGUREBOT_FACTS": "env.yaml"}).facts == Path("env.yaml")
    assert load_config(path, facts="flag.yaml", env={"FIGUREBOT_FACTS": "env.yaml"}).facts == Path(
        "flag.yaml"
    )
    env_dir = load_config(path, env={"FIGUREBOT_DATA_DIR": "elsewhere"})
    assert env_dir.store_url.endswith(str(Path("elsewhere") / "figurebot.db"))


def test_store_url_forms_and_database_url(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[store]\nurl = "sqlite:///from-file.db"\n', encoding="utf-8")
    heroku = "postgres://u:pw@db.example:5432/d1"
    assert load_config(path, env={}).store_url == "sqlite+aiosqlite:///from-file.db"
    assert load_config(path, env={"DATABASE_URL": heroku}).store_url == (
        "postgresql+asyncpg://u:pw@db.example:5432/d1"
    )
    both = {"DATABASE_URL": heroku, "FIGUREBOT_STORE_URL": "postgresql://bot@other/figurebot"}
    assert load_config(path, env=both).store_url == "postgresql+asyncpg://bot@other/figurebot"
    assert load_config(path, store_url="sqlite:///flag.db", env=both).store_url == (
        "sqlite+aiosqlite:///flag.db"
    )
    assert load_config(None, env={"DATABASE_URL": heroku, "FIGUREBOT_CONFIG": ""}).store_url.startswith(
        "postgresql+asyncpg://"
    )
    with pytest.raises(ConfigError, match=r"^DATABASE_URL: 'mysql' is not a store URL"):
        load_config(path, env={"DATABASE_URL": "mysql://u@h/d"})


def test_facts_size_limit_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[facts]\nmax_mb = 0.5\n", encoding="utf-8")
    assert load_config(path, env={}).facts_max_bytes == 500_000
    assert load_config(None, env={"FIGUREBOT_CONFIG": ""}).facts_max_bytes == 10_000_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[reminders]\ntime = "9am"\n', "reminders.time: '9am' is not a time of the form HH:MM"),
        (
            '[reminders]\ntimezone = "Mars/Olympus"\n',
            "reminders.timezone: 'Mars/Olympus' is not an IANA time zone",
        ),
        (
            "[reminders]\nheads_up_days = [0]\n",
            "reminders.heads_up_days: heads-up days must be whole numbers",
        ),
        ('[facts]\npaht = "x"\n', "facts: unknown setting(s) paht"),
        ("[nonsense]\n", "unknown section(s) nonsense"),
        ('[store]\nurl = "mysql://x"\n', "store.url: 'mysql' is not a store URL figurebot can use"),
        ("[facts]\nmax_mb = 0\n", "facts.max_mb: 0 must be more than 0"),
        ("[metrics]\nport = 70000\n", "metrics.port: must be from 0 (off) to 65535"),
        (
            '[[reminders.channels]]\nchannel = "nochannel"\n',
            "reminders.channels[0].channel: expected SURFACE:CHANNEL",
        ),
        ("[log]\nlevel = 3\n", "log.level: expected str, got 3"),
        ("[updates]\nbatch_seconds = 900\n", "updates.batch_seconds: must be from 0 to 300"),
        ("[updates]\nbatch_seconds = 1.5\n", "updates.batch_seconds: expected int, got 1.5"),
        ("[updates]\nbatchseconds = 5\n", "updates: unknown setting(s) batchseconds"),
        (
            '[[updates.channels]]\nchannel = "nochannel"\n',
            "updates.channels[0].channel: expected SURFACE:CHANNEL",
        ),
        ('[charts]\nenabled = "yes"\n', "charts.enabled: expected bool, got 'yes'"),
        ("[charts]\nshow = true\n", "charts: unknown setting(s) show"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    assert message in str(err.value)


def test_charts_can_be_switched_off(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[charts]\nenabled = false\n", encoding="utf-8")
    config = load_config(path, env={})
    assert config.charts is False and config.masked()["charts"] == {"enabled": False}


def test_world_readable_file_with_a_token_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[discord]\ntoken = "secret-token-value"\n', encoding="utf-8")
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING):
        load_config(path, env={})
    assert "readable by other users" in caplog.text
    assert "secret-token-value" not in caplog.text
    os.chmod(path, 0o600)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        load_config(path, env={})
    assert caplog.text == ""


def test_config_show_masks_secrets(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[discord]\ntoken = "file-token-123456"\n[store]\nurl = "postgresql+asyncpg://bot:pw123@db/x"\n',
        encoding="utf-8",
    )
    os.chmod(path, 0o600)
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-env-secret", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "config", "show", "--config", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    shown = json.loads(out)
    assert shown["discord"]["token"] == "***"
    assert shown["store"]["url"] == "postgresql+asyncpg://bot:***@db/x"
    assert shown["environment"]["SLACK_BOT_TOKEN"] == "***"
    for secret in ("file-token-123456", "pw123", "xoxb-env-secret"):
        assert secret not in out


def test_run_rejects_bad_platform_settings_with_exit_two(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[slack]\nanswers = "everyone"\n', encoding="utf-8")
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-x", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "run",
            "--config",
            str(path),
            "--facts",
            str(ROOT / "facts.yaml"),
            "--store",
            f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert 'answers must be "channel" or "private"' in proc.stderr


def test_the_site_base_url_is_read_checked_and_overridable(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[site]\nbase_url = "https://facts.example.org/met"\n', encoding="utf-8")
    assert load_config(path, env={}).site_base_url == "https://facts.example.org/met/"
    env = {"FIGUREBOT_SITE_URL": "https://mirror.example.net/"}
    assert load_config(path, env=env).site_base_url == "https://mirror.example.net/"
    assert load_config(None, env={}).site_base_url is None
    path.write_text('[site]\nbase_url = "facts.example.org"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site\.base_url: 'facts.example.org' is not an http\(s\) URL"):
        load_config(path, env={})


def test_update_settings(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[updates]\nbatch_seconds = 0\n[[updates.channels]]\nchannel = "console:main"\n'
        '[[updates.channels]]\nchannel = "slack:T01/C01"\n',
        encoding="utf-8",
    )
    config = load_config(path, env={})
    assert config.update_batch_seconds == 0
    assert config.update_channels == ("console:main", "slack:T01/C01")
    assert config.masked()["updates"] == {"batch_seconds": 0, "channels": ["console:main", "slack:T01/C01"]}
