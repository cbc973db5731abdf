"""The real book through the real slack-bolt app: a value resting on copies says so on its value line,
and linked measures name each other, in the blocks and in the notification text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.loader import load_book
from bot.surfaces.slack.adapter import SlackSurface

from .conftest import command, settings_for
from .fake_slack import FakeSlack, slash_command

ROOT = Path(__file__).resolve().parents[2]
COPY = "only a copy of the Daily Mail report was found"


async def answer(fake: FakeSlack, question: str) -> dict[str, Any]:
    router = Router(shelf=Shelf(load_book(ROOT / "facts.yaml")))
    surface = SlackSurface(router, settings_for(fake), http=True, process_before_response=True)
    await command(surface, slash_command(question, response_url=fake.response_url()))
    [posted] = fake.responses
    assert fake.problems == []
    return posted.args


def texts(blocks: list[dict[str, Any]], kind: str) -> list[str]:
    found = []
    for block in blocks:
        if block["type"] != kind:
            continue
        if "text" in block:
            found.append(block["text"]["text"])
        found += [e["text"] for e in block.get("elements", []) if "text" in e]
    return found


@pytest.mark.asyncio
async def test_a_value_resting_on_a_copy_says_so_on_the_value_line(fake: FakeSlack) -> None:
    posted = await answer(fake, "criminal records")
    blocks = posted["blocks"]
    assert blocks[0]["text"]["text"] == "Met officers with criminal records (convictions or cautions)"
    # The caveat sits on the value line itself, not only among the sources.
    assert texts(blocks, "section")[0].startswith(f"*322* · _{COPY}_\nThe Daily Mail reported")
    assert posted["text"].startswith(f"322 · {COPY}: Met officers with criminal records")
    earlier = next(t for t in texts(blocks, "section") if t.startswith("*Earlier values*"))
    assert "• November 2024: 243 · Daily Mail (copy on a mirror site)" in earlier
    assert earlier.endswith(f"· {COPY}")
    assert (
        "*Other measure:* 161 — serving Met officers with criminal convictions (convictions only), "
        "as of 6 April 2023 (`officers_with_criminal_convictions`)"
    ) in texts(blocks, "context")


@pytest.mark.asyncio
async def test_convictions_lead_with_the_convictions_only_count_and_name_the_broader_one(
    fake: FakeSlack,
) -> None:
    posted = await answer(fake, "convictions")
    blocks = posted["blocks"]
    assert blocks[0]["text"]["text"] == "Met officers with criminal convictions"
    lead = texts(blocks, "section")[0]
    assert lead.startswith("*161*\n") and "only a copy" not in lead  # its sources are originals
    assert (
        f"*Other measure:* 322 · {COPY} — serving Met officers with a criminal record (convictions or "
        "cautions), as of December 2025 (`officers_with_criminal_records`)"
    ) in texts(blocks, "context")
    fields = [f["text"] for b in blocks for f in b.get("fields", [])]
    assert "*share for serious traffic offences*\n47%, computed: 76 of 161" in fields
