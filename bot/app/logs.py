"""Logging setup: stdlib logging, text or JSON lines, and a filter that blanks secrets.

discord.py, slack-bolt and APScheduler all log through stdlib loggers, so one configuration
covers them. The secret filter is a second line of defence: nothing we write logs a token, but a
library's debug output might echo a header.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
NOISY = ("discord", "slack_bolt", "slack_sdk", "apscheduler", "aiohttp.access", "sqlalchemy", "watchfiles")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info or record.exc_text:
            # The secret filter leaves the formatted traceback, blanked, in exc_text.
            data["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(data, ensure_ascii=False)


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Very short values would blank innocent text; real tokens are long.
        self.secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        text = record.getMessage()
        if any(s in text for s in self.secrets):
            record.msg, record.args = self.redact(text), None
        # A traceback can carry a secret too (an exception's message, a URL in a frame): format
        # it here, blanked, and formatters use this text instead of formatting it again.
        if record.exc_info and not record.exc_text:
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


_PLAIN = logging.Formatter()


def setup_logging(
    level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = (), stream: TextIO | None = None
) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Library chatter at INFO (every gateway event, every HTTP call) drowns our one line per command.
    # watchfiles logs every change it sees, even at DEBUG every change it filters out: with the log
    # written next to the facts file, each line would be the next change.
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    logging.getLogger("discord.gateway").setLevel(logging.INFO)  # reconnects are worth seeing


def move_to_file(path: Path) -> None:
    """Send the log to ``path`` instead of the terminal (the interactive console owns the screen).
    The formatter and the secret filter carry over."""
    root = logging.getLogger()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    for old in list(root.handlers):
        handler.setFormatter(old.formatter or logging.Formatter(TEXT_FORMAT))
        for flt in old.filters:
            handler.addFilter(flt)
        root.removeHandler(old)
    root.addHandler(handler)
