"""The Slack app manifest asks for what the code uses: the OAuth scopes, and Interactivity for
the buttons (a setting, not a scope)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.surfaces.slack.install import SCOPES

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yaml"


def test_manifest_scopes_are_the_installs_scopes_and_buttons_are_switched_on() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
