"""The router's permission metadata: which lines need a moderator, and the refusal."""

from __future__ import annotations

import pytest

from bot.core.context import Context
from bot.core.message import Kind
from bot.core.router import Router, needs_manage


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("remind on", True),
        ("remind ON at 09:00", True),
        ("/remind off #general", True),
        ("remind status", False),
        ("remind", False),
        ("upcoming 30", False),
        ("figure remind on", False),
        ("convictions", False),
    ],
)
def test_needs_manage(line: str, expected: bool) -> None:
    assert needs_manage(line) is expected


@pytest.mark.asyncio
async def test_members_are_refused_privately_before_the_handler_runs(router: Router) -> None:
    member = Context(surface="test", channel="test:1", user="u", can_manage=False)
    msg = await router.handle("remind on at 09:00", member)
    assert msg.kind is Kind.REFUSAL and msg.private
    assert msg.title == "Only moderators can change reminders here"


@pytest.mark.asyncio
async def test_members_may_look(router: Router) -> None:
    member = Context(surface="test", channel="test:1", user="u", can_manage=False)
    msg = await router.handle("remind status", member)
    # This router has no store, so the handler says so: it ran, the permission gate did not stop it.
    assert msg.title == "Reminders are not set up on this bot"


@pytest.mark.asyncio
async def test_help_says_who_may_change_reminders(router: Router) -> None:
    msg = await router.handle("help", Context(surface="test", channel="test:1"))
    remind = next(i for i in msg.items if i.title.startswith("remind "))
    assert remind.text.endswith("(changes: moderators)")
