"""The Slack surface's settings: the ``[slack]`` config table plus secrets from the environment.

Secrets (tokens, signing secret, client secret) come from the environment by preference; a config
file may hold them too, but they are never part of ``repr`` and never logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Answers = Literal["channel", "private"]
SocketMode = Literal["auto", "on", "off"]
Mode = Literal["socket", "http"]

#: env var -> settings field; env wins over the config table for the same field
ENV_KEYS = {
    "SLACK_BOT_TOKEN": "bot_token",
    "SLACK_APP_TOKEN": "app_token",
    "SLACK_SIGNING_SECRET": "signing_secret",
    "SLACK_CLIENT_ID": "client_id",
    "SLACK_CLIENT_SECRET": "client_secret",
    "SLACK_API_URL": "api_url",
}

_STRING_KEYS = (*ENV_KEYS.values(), "command", "http_host")
_KNOWN_KEYS = frozenset(
    (*_STRING_KEYS, "answers", "managers", "http_port", "socket_mode", "post_interval_seconds")
)


class SlackConfigError(ValueError):
    """The ``[slack]`` table or the environment is wrong; the message says which key and why."""


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    api_url: str | None = None  # a Slack-compatible proxy or a test server; None = slack.com
    command: str = "/figure"
    answers: Answers = "channel"  # where answers go; did-you-mean, not-found, refusals are always private
    managers: tuple[str, ...] = ()  # user ids allowed to change reminders besides admins and owners
    http_host: str = "127.0.0.1"
    http_port: int = 3000
    socket_mode: SocketMode = "auto"  # auto: Socket Mode when an app-level token is set
    post_interval_seconds: float = 1.0  # Slack allows about one message per second per channel

    @classmethod
    def from_sources(cls, table: Mapping[str, object], env: Mapping[str, str]) -> SlackSettings:
        """Build from the ``[slack]`` config table and the environment (env wins for secrets)."""
        unknown = sorted(set(table) - _KNOWN_KEYS)
        if unknown:
            raise SlackConfigError(f"[slack] has unknown key(s): {', '.join(unknown)}")
        values: dict[str, object] = {}
        for key in _STRING_KEYS:
            if key in table:
                values[key] = _string(key, table[key])
        for var, key in ENV_KEYS.items():
            if env.get(var, "").strip():
                values[key] = env[var].strip()
        if "command" in values and not str(values["command"]).startswith("/"):
            raise SlackConfigError('[slack] command must start with "/", e.g. "/figure"')
        if "answers" in table:
            answers = table["answers"]
            if answers not in ("channel", "private"):
                raise SlackConfigError('[slack] answers must be "channel" or "private"')
            values["answers"] = answers
        if "managers" in table:
            managers = table["managers"]
            if not isinstance(managers, list | tuple) or not all(
                isinstance(m, str) and m.strip() for m in managers
            ):
                raise SlackConfigError('[slack] managers must be a list of user ids, e.g. ["U0123ABCD"]')
            values["managers"] = tuple(m.strip() for m in managers)
        if "http_port" in table:
            port = table["http_port"]
            if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
                raise SlackConfigError("[slack] http_port must be a port number (0-65535)")
            values["http_port"] = port
        if "socket_mode" in table:
            values["socket_mode"] = _socket_mode(table["socket_mode"])
        if "post_interval_seconds" in table:
            interval = table["post_interval_seconds"]
            if isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 0:
                raise SlackConfigError("[slack] post_interval_seconds must be a number of seconds >= 0")
            values["post_interval_seconds"] = float(interval)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def multi_workspace(self) -> bool:
        """OAuth installs into many workspaces (needs HTTP mode and the SQL store)."""
        return bool(self.client_id and self.client_secret)

    @property
    def configured(self) -> bool:
        """Enough credentials to run at all: a bot token, or an OAuth client for installs."""
        return bool(self.bot_token) or self.multi_workspace

    def mode(self, http: bool = False) -> Mode:
        """Which transport to run: ``http`` when asked for or when Socket Mode is off or has no token."""
        if http or self.socket_mode == "off":
            return "http"
        if self.socket_mode == "on" and not self.app_token:
            raise SlackConfigError("[slack] socket_mode is on but SLACK_APP_TOKEN is not set")
        return "socket" if self.app_token else "http"


def _string(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise SlackConfigError(f"[slack] {key} must be a string")
    return value.strip()


def _socket_mode(value: object) -> SocketMode:
    if value is True or value == "on":
        return "on"
    if value is False or value == "off":
        return "off"
    if value == "auto":
        return "auto"
    raise SlackConfigError('[slack] socket_mode must be "auto", true or false')
