"""``[discord]`` plus the environment -> ``DiscordSettings``, and every refusal names its key."""

from __future__ import annotations

import pytest

from bot.surfaces.discord.settings import DiscordConfigError, DiscordSettings


def test_defaults() -> None:
    settings = DiscordSettings.from_sources({}, {})
    assert settings == DiscordSettings()
    assert settings.enabled is False
    assert settings.sharding == "none"
    assert (settings.ready_timeout, settings.guild_ready_timeout, settings.defer_after) == (60.0, 2.0, 1.5)


def test_environment_wins_over_the_file_and_the_token_is_never_shown() -> None:
    table = {"token": "file-token", "api_url": "https://proxy.internal/api/v10/", "gateway_url": "wss://a/gw"}
    env = {"DISCORD_TOKEN": " env-token ", "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gw"}
    settings = DiscordSettings.from_sources(table, env)
    assert settings.token == "env-token"
    assert settings.api_url == "https://proxy.internal/api/v10"  # trailing slash dropped
    assert settings.gateway_url == "ws://127.0.0.1:9/gw"
    assert settings.enabled is True
    assert "token" not in repr(settings)


def test_sharding_forms() -> None:
    auto = DiscordSettings.from_sources({"shards": "auto"}, {})
    assert (auto.sharding, auto.shard_count, auto.shard_ids) == ("auto", None, ())
    fixed = DiscordSettings.from_sources({"shard_count": 4, "shard_ids": [3, 1]}, {})
    assert (fixed.sharding, fixed.shard_count, fixed.shard_ids) == ("fixed", 4, (1, 3))
    whole = DiscordSettings.from_sources({"shard_count": 2}, {})
    assert (whole.sharding, whole.shard_count, whole.shard_ids) == ("fixed", 2, ())


@pytest.mark.parametrize(
    ("table", "env", "message"),
    [
        ({"tokn": "x"}, {}, "discord: unknown setting(s) tokn"),
        (
            {},
            {"DISCORD_API_URL": "discord.com/api"},
            "DISCORD_API_URL / discord.api_url: 'discord.com/api' is not",
        ),
        ({"gateway_url": "http://x/gw"}, {}, "is not a ws or wss URL"),
        ({"token": 5}, {}, "discord.token: expected a string, got 5"),
        ({"shards": 4}, {}, 'discord.shards: the only value is "auto", got 4'),
        ({"shards": "auto", "shard_count": 2}, {}, "cannot be combined with shard_count"),
        ({"shard_ids": [0]}, {}, "discord.shard_ids needs discord.shard_count"),
        ({"shard_count": 0}, {}, "discord.shard_count: expected a whole number from 1, got 0"),
        ({"shard_count": 2, "shard_ids": [2]}, {}, "discord.shard_ids: 2 is not a shard from 0 to 1"),
        ({"shard_count": 2, "shard_ids": [1, 1]}, {}, "lists a shard twice"),
        ({"shard_count": 2, "shard_ids": []}, {}, "expected a list such as [0, 1]"),
        ({"defer_after": 3}, {}, "discord.defer_after: expected seconds from 0 to 2.5, got 3"),
        ({"ready_timeout": True}, {}, "discord.ready_timeout: expected seconds"),
    ],
)
def test_refusals_name_the_key(table: dict[str, object], env: dict[str, str], message: str) -> None:
    with pytest.raises(DiscordConfigError) as caught:
        DiscordSettings.from_sources(table, env)
    assert message in str(caught.value)
