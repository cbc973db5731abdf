"""``figurebot discord sync`` end to end: a real process, the real discord.py, the fake Discord."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from .conftest import env_for
from .fake_discord import FakeDiscord

pytestmark = pytest.mark.asyncio
GUILD = 900000000000000001


async def figurebot(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "FIGUREBOT_"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env={**clean, "PYTHONPATH": str(Path(__file__).parents[2]), **env},
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_sync_to_a_guild_from_the_environment(fake: FakeDiscord, tmp_path: Path) -> None:
    code, out, err = await figurebot(
        "discord", "sync", "--guild", str(GUILD), env=env_for(fake), cwd=tmp_path
    )
    assert (code, err) == (0, "")
    assert out == (
        f"Registered 9 commands for server {GUILD}: "
        "/figure, /check, /figures, /timeline, /source, /help, /upcoming, /remind, /updates\n"
    )
    assert [c["name"] for c in fake.commands[GUILD]] == [
        "figure",
        "check",
        "figures",
        "timeline",
        "source",
        "help",
        "upcoming",
        "remind",
        "updates",
    ]
    assert None not in fake.commands  # nothing registered globally


async def test_sync_reads_the_config_file(fake: FakeDiscord, tmp_path: Path) -> None:
    config = tmp_path / "figurebot.toml"
    config.write_text(f'[discord]\napi_url = "{fake.api_url}"\n', encoding="utf-8")
    code, out, err = await figurebot(
        "discord", "sync", "--config", str(config), env={"DISCORD_TOKEN": fake.token}, cwd=tmp_path
    )
    assert (code, err) == (0, "")
    assert out.startswith("Registered 9 commands for all servers")
    assert len(fake.commands[None]) == 9


async def test_sync_with_a_bad_token_says_so(fake: FakeDiscord, tmp_path: Path) -> None:
    env = {**env_for(fake), "DISCORD_TOKEN": "wrong"}
    code, out, err = await figurebot("discord", "sync", env=env, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == "figurebot: Discord rejected the token (401): check DISCORD_TOKEN\n"
    assert "wrong" not in err


async def test_sync_without_a_token(tmp_path: Path) -> None:
    code, out, err = await figurebot("discord", "sync", env={}, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == "figurebot: no Discord token: set DISCORD_TOKEN (or token in [discord])\n"
