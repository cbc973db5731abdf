"""The app's lifecycle in-process: a start-up that fails after the surfaces started leaks nothing,
and a store that cannot be reached is one line."""

from __future__ import annotations

import asyncio
import io
import logging
import socket
from pathlib import Path

import discord
import discord.gateway
import discord.http
import pytest

from bot.app.config import load_config
from bot.app.runtime import EXIT_CONFIG, App, RunOptions
from bot.surfaces.discord.adapter import DiscordSurface
from tests.discord.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def restore_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Discord surface routes discord.py process-wide; put Discord's own endpoints back."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    )


def config_file(tmp_path: Path, metrics_port: int, store: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[facts]\npath = "{ROOT / "facts.yaml"}"\nwatch = false\n'
        f'[store]\ndata_dir = "{tmp_path / "data"}"\n{store}'
        f"[metrics]\nport = {metrics_port}\n[discord]\nguild_ready_timeout = 0\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.asyncio
async def test_a_start_up_failure_after_the_surfaces_started_stops_them_and_closes_the_store(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The health port is taken: the run ends with one line and exit 2, and the Discord
    connection, the console and the store it had opened are all closed again."""
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    async with FakeDiscord() as fake:
        env = {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_URL": fake.api_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        config = load_config(config_file(tmp_path, port), env=env)
        app = App(config, RunOptions(console=True, stdin=io.StringIO(""), stdout=io.StringIO(), env=env))
        try:
            with caplog.at_level(logging.INFO):
                code = await asyncio.wait_for(app.run(), 60)
        finally:
            taken.close()
        discord_surface = next(s for s in app.surfaces if isinstance(s, DiscordSurface))
        assert discord_surface.client.is_closed()
        for _ in range(100):  # the fake sees the gateway session go
            if not fake._sockets:
                break
            await asyncio.sleep(0.05)
        assert fake._sockets == []
    assert code == EXIT_CONFIG
    assert app.store is not None and app.store.closed
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        f"cannot start: metrics.port: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
    assert not any(r.exc_info for r in caplog.records)
    assert all(not t.get_name().startswith(("discord", "facts", "console")) for t in asyncio.all_tasks())


@pytest.mark.asyncio
async def test_a_store_that_cannot_be_reached_is_one_line_and_exit_two(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = '[store]\nurl = "postgresql://postgres@127.0.0.1:1/test"\n'
    path = config_file(tmp_path, 0)
    path.write_text(path.read_text(encoding="utf-8").replace("[store]\n", store, 1), encoding="utf-8")
    app = App(
        load_config(path, env={}), RunOptions(console=True, stdin=io.StringIO(""), stdout=io.StringIO())
    )
    code = await asyncio.wait_for(app.run(), 60)
    assert code == EXIT_CONFIG
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert line.startswith(
        "cannot start: cannot reach the store postgresql+asyncpg://postgres@127.0.0.1:1/test: "
    )
    assert "\n" not in line and not any(r.exc_info for r in caplog.records)
