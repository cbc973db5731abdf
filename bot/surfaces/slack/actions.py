"""Clicks on figurebot's Slack buttons: a did-you-mean choice, "None of these", "All sources".

Slack sends a ``block_actions`` payload for each click (over Socket Mode, or signed on
``/slack/events`` in HTTP mode) with a response URL for that click. The button's value is a core
pick (``figure:<id>``), run like the typed command, and the answer goes where a typed one would:

- private outcomes (``[slack] answers = "private"``, fresh choices, "None of these") replace the
  ephemeral choices in place (``replace_original``);
- channel answers are posted where the question was asked (the thread, for a mention in one)
  and the ephemeral choices are deleted;
- "All sources" adds a private message and leaves the answer it sits under as it was.

When Slack no longer takes the response URL (it lapses 30 minutes after the click, or the
ephemeral message has gone from the asker's screen), the answer comes as a new private message
saying why, through ``chat.postEphemeral`` (the ``chat:write`` scope the bot already has).
A click that is not exactly one of ours runs nothing and gets a private refusal.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core import picks
from bot.core.context import Context
from bot.core.message import Message
from bot.core.router import Router
from bot.surfaces.slack.blocks import ACTION_PREFIX, MAX_BLOCKS, Block, Rendered

log = logging.getLogger(__name__)

#: Our buttons' action ids, and the pick command each may carry.
_ACTION = re.compile(re.escape(ACTION_PREFIX) + r"(?:(choice)_\d{1,2}|(action)_\d{1,2}|(none))")
_COMMAND_OF = {"choice": "figure", "action": "source", "none": picks.NONE}
LATE_NOTE = (
    "Slack would no longer let me change the message you clicked (it may be too old), "
    "so here is the answer as a new message, visible only to you."
)


class Surface(Protocol):
    """What a click needs from the Slack surface."""

    router: Router

    def render(self, message: Message) -> Rendered: ...

    def is_private(self, message: Message) -> bool: ...


class Delivery(enum.Enum):
    IN_PLACE = "in place"  # replace the clicked (ephemeral) message
    PRIVATE = "private"  # a new message only the clicker sees; the clicked one stays
    CHANNEL = "channel"  # a channel answer where the question was; the choices go


Respond = Callable[..., Awaitable[Any]]


def register(app: AsyncApp, surface: Surface, failed: Callable[[], Message]) -> None:
    """Listen for every block action. Ours are told apart by action id in the handler, so a
    stray or forged one is refused quietly instead of bolt's "unhandled request" warning."""
    clicks = Clicks(surface, failed)
    app.block_action(re.compile(".*"))(clicks.on_click)


def read_pick(action: dict[str, Any]) -> picks.Pick | None:
    """The pick a clicked button carries, if the action id is ours and its value fits it."""
    matched = _ACTION.fullmatch(str(action.get("action_id", "")))
    pick = picks.parse(action.get("value"))
    if matched is None or pick is None:
        return None
    kind = next(group for group in matched.groups() if group)
    return pick if pick.command == _COMMAND_OF[kind] else None


class Clicks:
    def __init__(self, surface: Surface, failed: Callable[[], Message]) -> None:
        self.surface = surface
        self.failed = failed

    async def on_click(
        self,
        ack: Callable[[], Awaitable[None]],
        body: dict[str, Any],
        respond: Respond,
        client: AsyncWebClient,
    ) -> None:
        await ack()  # within Slack's 3 seconds; the answer follows on the response URL
        action = (body.get("actions") or [{}])[0]
        container = body.get("container") or {}
        user = str((body.get("user") or {}).get("id", ""))
        team = str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or "")
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
        thread_ts = container.get("thread_ts") or None
        pick = read_pick(action)
        if pick is None:
            # Only our own buttons can be clicked; anything else was made up. Nothing it says is
            # run or quoted back.
            log.debug(
                "slack: refused a click on a button that is not ours (action id %r) in %s/%s",
                str(action.get("action_id", ""))[:60],
                team,
                channel,
            )
            message, how = picks.refused(), Delivery.PRIVATE
        else:
            label = str((action.get("text") or {}).get("text") or "")[:100]
            ctx = Context(surface="slack", channel=f"slack:{team}/{channel}", user=user, workspace=team)
            try:
                message = await picks.answer(self.surface.router, pick, ctx, label)
            except Exception:  # a click must get an answer, never a spinner that gives up
                log.exception("slack: a click on %s failed in %s/%s", pick.value, team, channel)
                message = self.failed()
            how = self.delivery(pick, message)
        if not await self.deliver(respond, message, how, thread_ts):
            await self.late(client, channel, user, thread_ts, message)

    def delivery(self, pick: picks.Pick, message: Message) -> Delivery:
        if pick.command == "source":
            return Delivery.PRIVATE
        return Delivery.IN_PLACE if self.surface.is_private(message) else Delivery.CHANNEL

    async def deliver(self, respond: Respond, message: Message, how: Delivery, thread_ts: str | None) -> bool:
        """Answer through the click's response URL; False when Slack would not take it."""
        rendered = self.surface.render(message)
        shown = {
            "text": rendered.text,
            "blocks": rendered.blocks,
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if how is Delivery.IN_PLACE:
            return await _post(respond, replace_original=True, **shown)
        if how is Delivery.PRIVATE:
            return await _post(respond, response_type="ephemeral", replace_original=False, **shown)
        posted = await _post(
            respond, response_type="in_channel", replace_original=False, thread_ts=thread_ts, **shown
        )
        if posted and not await _post(respond, delete_original=True):
            log.debug("slack: the answered choices could not be deleted; they stay on screen")
        return posted

    async def late(
        self, client: AsyncWebClient, channel: str, user: str, thread_ts: str | None, message: Message
    ) -> None:
        rendered = self.surface.render(message)
        note: Block = {"type": "context", "elements": [{"type": "mrkdwn", "text": LATE_NOTE}]}
        try:
            await client.chat_postEphemeral(
                channel=channel,
                user=user,
                thread_ts=thread_ts,
                text=rendered.text,
                blocks=[note, *rendered.blocks][:MAX_BLOCKS],
            )
        except SlackApiError as err:  # e.g. not_in_channel: the bot was never invited there
            data = err.response.data
            error = data.get("error") if isinstance(data, dict) else err.response.status_code
            log.info("slack: could not answer a late click in %s: %s", channel, error)


async def _post(respond: Respond, **payload: Any) -> bool:
    try:
        result = await respond(**payload)
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        log.info("slack: the response URL could not be reached: %s", exc)
        return False
    if result.status_code != 200:
        log.info("slack: the response URL refused the answer: %s %s", result.status_code, result.body)
        return False
    return True
