"""Log output: JSON lines when asked, and secrets blanked whatever a library prints."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.app.logs import setup_logging


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_json_lines() -> None:
    stream = io.StringIO()
    setup_logging("INFO", "json", stream=stream)
    logging.getLogger("figurebot.commands").info("surface=%s command=%s", "slack", "figure")
    line = json.loads(stream.getvalue())
    assert line["level"] == "INFO"
    assert line["logger"] == "figurebot.commands"
    assert line["message"] == "surface=slack command=figure"


def test_secrets_are_blanked_in_any_logger() -> None:
    stream = io.StringIO()
    setup_logging("DEBUG", "text", secrets=["xoxb-1234567890-secret", "short"], stream=stream)
    logging.getLogger("slack_sdk.web").warning("Authorization: Bearer %s", "xoxb-1234567890-secret")
    logging.getLogger("figurebot").info("a short word stays")
    text = stream.getvalue()
    assert "xoxb-1234567890-secret" not in text
    assert "Authorization: Bearer ***" in text
    assert "a short word stays" in text  # values under 8 characters are not treated as secrets


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secrets_are_blanked_in_tracebacks_too(fmt: str) -> None:
    stream = io.StringIO()
    secret = "xoxb-1234567890-secret"
    setup_logging("INFO", fmt, secrets=[secret], stream=stream)
    try:
        raise RuntimeError(f"the API refused token {secret}")
    except RuntimeError:
        logging.getLogger("slack_bolt.App").exception("listener failed")
    out = stream.getvalue()
    assert secret not in out
    traceback = json.loads(out)["exception"] if fmt == "json" else out
    assert "Traceback (most recent call last)" in traceback
    assert "RuntimeError: the API refused token ***" in traceback
