"""``updates on|off|status``: posts when the book changes, the same on every surface.

Separate from anniversary reminders, with the same permission rule: changing a channel needs
``ctx.can_manage``, anyone may look. Reaches the store only through ``Env.updates`` (the
``UpdateSubscriptions`` port).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.core.answers import moderators_only
from bot.core.context import Context, UpdateSubscription
from bot.core.message import Item, Kind, Line, Message
from bot.core.remind_commands import Refused, channel_key, on_or_off, where
from bot.core.router import Env, command
from bot.facts.model import PartialDate

UPDATES_USAGE = "updates on [#channel]  |  updates off [#channel]  |  updates status [#channel]"


def _refused(refused: Refused) -> Message:
    return dataclasses.replace(refused.message, footer=f"Usage: {UPDATES_USAGE}")


def _not_set_up() -> Message:
    return Message(
        Kind.REFUSAL,
        "Book updates are not set up on this bot",
        sentence="The operator has not configured a store for them.",
        private=True,
    )


def _target(words: list[str], ctx: Context, action: str) -> str:
    if len(words) > 1:
        raise Refused(
            f"`updates {action}` takes only a channel",
            f"Use `updates {action}` or `updates {action} #channel`.",
        )
    return channel_key(words[0], ctx) if words else ctx.channel


def _window(seconds: int) -> str:
    if seconds <= 0:
        return "posted as soon as the book is reloaded"
    if seconds >= 120 and seconds % 60 == 0:
        span = f"{seconds // 60} minutes"
    else:
        span = "1 second" if seconds == 1 else f"{seconds} seconds"
    return f"posted once the book has been unchanged for {span}"


async def _status(sub: UpdateSubscription, env: Env, title: str, sentence: str | None = None) -> Message:
    assert env.updates is not None
    last = await env.updates.last_posted(sub.channel)
    items: tuple[Item, ...] = ()
    if last is not None:
        items = (Item(title=last.text, date=PartialDate.from_date(last.when.date()).display),)
    return Message(
        Kind.STATUS,
        title,
        sentence=sentence,
        parts=(
            Line("Posts", "new values, corrections, new figures and events"),
            Line("When", _window(env.updates.batch_seconds)),
            Line("Subscribed by", sub.subscribed_by or "the configuration"),
            Line("Since", PartialDate.from_date(sub.subscribed_at.date()).display),
        ),
        items=items,
        footer="Last update posted here." if last else "Nothing posted here yet.",
    )


@command(
    "updates",
    usage=UPDATES_USAGE,
    summary="Posts in a channel when the book changes: on, off or status",
    manages=on_or_off,
)
async def updates(args: str, env: Env) -> Message:
    if env.updates is None:
        return _not_set_up()
    words = args.split()
    action = words.pop(0).lower() if words else "status"
    try:
        if action not in ("on", "off", "status"):
            raise Refused(
                "I did not understand that",
                "Use `updates on`, `updates off` or `updates status`.",
                action,
            )
        channel = _target(words, env.ctx, action)
    except Refused as refused:
        return _refused(refused)
    here = where(channel, env.ctx)
    if action == "status":
        sub = await env.updates.get(channel)
        if sub is None:
            return Message(
                Kind.STATUS,
                f"Book updates are off for {here}",
                sentence="A moderator can turn them on with `updates on`.",
            )
        return await _status(sub, env, f"Book updates are on for {here}")
    if not env.ctx.can_manage:  # the router refuses first; this guards direct calls
        return moderators_only("updates")
    if action == "off":
        removed = await env.updates.unsubscribe(channel)
        state = "are now off" if removed else "were not on"
        return Message(Kind.STATUS, f"Book updates {state} for {here}")
    old = await env.updates.get(channel)
    stored = await env.updates.subscribe(
        UpdateSubscription(
            channel=channel,
            surface=channel.partition(":")[0],
            workspace=env.ctx.workspace,
            subscribed_by=env.ctx.user,
            subscribed_at=dt.datetime.now(dt.UTC),
        )
    )
    if old is not None:
        return await _status(stored, env, f"Book updates were already on for {here}")
    return await _status(
        stored,
        env,
        f"Book updates are on for {here}",
        "From now on this channel hears when a figure gets a new value or a correction, or the "
        "book gains a figure or an event. What the book already holds is not posted.",
    )
