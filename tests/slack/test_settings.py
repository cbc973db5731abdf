"""The [slack] table and environment -> SlackSettings."""

from __future__ import annotations

import pytest

from bot.surfaces.slack.escape import escape, fit, link
from bot.surfaces.slack.settings import SlackConfigError, SlackSettings


def test_defaults() -> None:
    settings = SlackSettings.from_sources({}, {})
    assert settings == SlackSettings(
        command="/figure",
        answers="channel",
        managers=(),
        http_host="127.0.0.1",
        http_port=3000,
        socket_mode="auto",
    )
    assert not settings.configured and settings.mode() == "http"


def test_table_and_env_with_env_winning_for_secrets() -> None:
    table = {
        "answers": "private",
        "managers": ["U1", " U2 "],
        "http_port": 8080,
        "http_host": "0.0.0.0",
        "socket_mode": True,
        "bot_token": "xoxb-from-file",
        "post_interval_seconds": 2,
    }
    env = {
        "SLACK_BOT_TOKEN": "xoxb-env",
        "SLACK_APP_TOKEN": "xapp-env",
        "SLACK_API_URL": "http://127.0.0.1:1/api/",
    }
    settings = SlackSettings.from_sources(table, env)
    assert (settings.bot_token, settings.app_token, settings.api_url) == (
        "xoxb-env",
        "xapp-env",
        "http://127.0.0.1:1/api/",
    )
    assert (settings.answers, settings.managers, settings.http_port, settings.http_host) == (
        "private",
        ("U1", "U2"),
        8080,
        "0.0.0.0",
    )
    assert settings.socket_mode == "on" and settings.mode() == "socket" and settings.mode(http=True) == "http"
    assert settings.post_interval_seconds == 2.0


def test_secrets_never_appear_in_repr() -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-SECRET1",
        "SLACK_SIGNING_SECRET": "SECRET2",
        "SLACK_CLIENT_SECRET": "SECRET3",
    }
    shown = repr(SlackSettings.from_sources({}, {**env, "SLACK_APP_TOKEN": "xapp-SECRET4"}))
    assert "SECRET" not in shown


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"answer": "channel"}, "unknown key"),
        ({"answers": "everyone"}, "answers must be"),
        ({"managers": "U1"}, "managers must be"),
        ({"http_port": "80"}, "http_port"),
        ({"http_port": 70000}, "http_port"),
        ({"socket_mode": "maybe"}, "socket_mode"),
        ({"command": "figure"}, "start with"),
        ({"post_interval_seconds": -1}, "post_interval_seconds"),
    ],
)
def test_wrong_values_are_named(table: dict[str, object], message: str) -> None:
    with pytest.raises(SlackConfigError, match=message):
        SlackSettings.from_sources(table, {})


def test_socket_mode_on_without_app_token_is_an_error() -> None:
    with pytest.raises(SlackConfigError, match="SLACK_APP_TOKEN"):
        SlackSettings.from_sources({"socket_mode": True}, {}).mode()


def test_escape_and_links() -> None:
    assert escape("<!channel> & <@U1> Tom's") == "&lt;!channel&gt; &amp; &lt;@U1&gt; Tom's"
    assert link("https://example.org/a?b=1&c=2", "A & B") == "<https://example.org/a?b=1&c=2|A &amp; B>"
    assert link("https://example.org/|<!channel>", "label") == "label"
    assert link("ftp://example.org/", "label") == "label"


def test_fit_never_cuts_an_entity_or_a_link() -> None:
    assert fit("abc &amp; def", 9) == "abc…"
    assert fit("see <https://example.org/x|a link> now", 20) == "see…"
    assert fit("short", 10) == "short"
