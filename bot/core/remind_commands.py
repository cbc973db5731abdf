"""``remind on|off|status`` and ``upcoming``: reminder subscriptions, the same on every surface.

Reaches the store only through ``Env.subscriptions`` (the ``Subscriptions`` port), so the core
never imports the database. Changing a subscription needs ``ctx.can_manage``; anyone may look.
User text is never put into titles or sentences: an offending word is quoted back in ``echo``,
which every surface neutralises.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.answers import moderators_only
from bot.core.context import Context, Subscription, UpcomingReminder
from bot.core.message import Item, Kind, Line, Message
from bot.core.router import Env, command
from bot.core.text_safety import echo_text
from bot.facts.model import PartialDate

REMIND_USAGE = (
    "remind on [#channel] [at HH:MM] [tz Europe/London] [heads-up 7]  |  remind off  |  remind status"
)
UPCOMING_USAGE = "upcoming [days]"
MAX_HEADS_UP = 60
MAX_UPCOMING_DAYS = 366
DEFAULT_UPCOMING_DAYS = 30
SHOWN_UPCOMING = 25  # items listed; more are summarised in the footer

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_SLACK_CHANNEL = re.compile(r"^<#([A-Z0-9]{2,30})(?:\|[^>]*)?>$")
_DISCORD_CHANNEL = re.compile(r"^<#(\d{5,25})>$")
_CONSOLE_CHANNEL = re.compile(r"^#?([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$")
_ZONE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$")
_KEYWORDS = {"at", "tz", "timezone", "heads-up", "headsup", "heads_up"}


class Refused(Exception):
    def __init__(self, title: str, sentence: str, echo: str | None = None) -> None:
        super().__init__(title)
        self.message = Message(
            Kind.REFUSAL,
            title,
            sentence=sentence,
            echo=echo_text(echo) if echo else None,
            footer=f"Usage: {REMIND_USAGE}",
            private=True,
        )


@dataclass(frozen=True)
class Settings:
    channel: str
    post_time: dt.time | None = None
    timezone: str | None = None
    heads_up_days: tuple[int, ...] | None = None


def _not_set_up() -> Message:
    return Message(
        Kind.REFUSAL,
        "Reminders are not set up on this bot",
        sentence="The operator has not configured a reminder store.",
        private=True,
    )


def channel_key(word: str, ctx: Context) -> str:
    """A channel named in a command, as a full key on the asker's own surface."""
    if ctx.surface == "slack" and (m := _SLACK_CHANNEL.match(word)):
        return f"slack:{ctx.workspace}/{m.group(1)}"
    if ctx.surface == "discord" and (m := _DISCORD_CHANNEL.match(word)):
        return f"discord:{m.group(1)}"
    if ctx.surface == "console" and (m := _CONSOLE_CHANNEL.match(word)):
        return f"console:{m.group(1)}"
    if ctx.surface in ("slack", "discord"):
        raise Refused(
            "Which channel?",
            "Mention the channel (type # and pick it from the list) so I know exactly which one you mean.",
            word,
        )
    raise Refused("That is not a channel name", "Use letters, digits, dots, dashes or underscores.", word)


def parse_time(word: str) -> dt.time:
    m = _TIME.match(word)
    if m is None:
        raise Refused("That is not a posting time", "Give a 24-hour time such as `at 09:00`.", word)
    return dt.time(int(m.group(1)), int(m.group(2)))


def parse_zone(word: str) -> str:
    if _ZONE.match(word):
        try:
            ZoneInfo(word)
            return word
        except (KeyError, ValueError, OSError):
            pass
    raise Refused(
        "I do not know that time zone",
        "Use an IANA zone name such as `tz Europe/London` or `tz America/New_York` (capitals matter).",
        word,
    )


def parse_heads_up(word: str) -> tuple[int, ...]:
    if word.lower() in ("none", "off", "0"):
        return ()
    days: set[int] = set()
    for piece in word.split(","):
        if not piece.strip().isdigit() or not 1 <= int(piece) <= MAX_HEADS_UP:
            raise Refused(
                "That heads-up is not a number of days",
                f"Give whole days from 1 to {MAX_HEADS_UP}, several separated by commas (`heads-up 7,1`), "
                "or `heads-up none`.",
                word,
            )
        days.add(int(piece))
    return tuple(sorted(days))


def parse_settings(words: list[str], ctx: Context) -> Settings:
    channel = ctx.channel
    if words and words[0].lower() not in _KEYWORDS:
        channel = channel_key(words.pop(0), ctx)
    found: dict[str, object] = {}
    while words:
        word = words.pop(0).lower()
        if word not in _KEYWORDS:
            raise Refused(
                "I did not understand that setting", "Settings are `at`, `tz` and `heads-up`.", word
            )
        if not words:
            raise Refused("A setting is missing its value", f"`{word}` needs a value after it.")
        value = words.pop(0)
        if word == "at":
            found["post_time"] = parse_time(value)
        elif word in ("tz", "timezone"):
            found["timezone"] = parse_zone(value)
        else:
            # "heads-up 7, 1" arrives as two words: gather the comma-separated tail.
            while value.endswith(",") and words:
                value += words.pop(0)
            found["heads_up_days"] = parse_heads_up(value)
    return Settings(channel, **found)  # type: ignore[arg-type]


def where(channel: str, ctx: Context) -> str:
    return "this channel" if channel == ctx.channel else channel


def when_text(when: dt.datetime) -> str:
    return f"{PartialDate.from_date(when.date()).display}, {when:%H:%M}"


def heads_up_text(days: tuple[int, ...]) -> str:
    if not days:
        return "none"
    return ", ".join(f"{d} day{'s' if d != 1 else ''} before" for d in days)


def _items(found: list[UpcomingReminder], limit: int) -> tuple[Item, ...]:
    return tuple(Item(title=u.text, date=when_text(u.when), ref=u.event_id) for u in found[:limit])


async def _status(sub: Subscription, env: Env, title: str) -> Message:
    assert env.subscriptions is not None
    soon = await env.subscriptions.upcoming(sub.channel, DEFAULT_UPCOMING_DAYS)
    return Message(
        Kind.STATUS,
        title,
        parts=(
            Line("Posting time", f"{sub.post_time:%H:%M} {sub.timezone}"),
            Line("Heads-up", heads_up_text(sub.heads_up_days)),
            Line("Subscribed by", sub.subscribed_by or "the configuration"),
            Line("Since", PartialDate.from_date(sub.subscribed_at.date()).display),
        ),
        items=_items(soon, 3),
        footer=None if soon else f"Nothing to post in the next {DEFAULT_UPCOMING_DAYS} days.",
    )


def on_or_off(args: str) -> bool:
    """`on` and `off` change a channel (`remind on`, `updates off`); `status` only looks."""
    return args.lower().split()[:1] in (["on"], ["off"])


@command(
    "remind",
    usage=REMIND_USAGE,
    summary="Anniversary reminders for a channel: on, off or status",
    manages=on_or_off,
)
async def remind(args: str, env: Env) -> Message:
    if env.subscriptions is None:
        return _not_set_up()
    words = args.split()
    action = words.pop(0).lower() if words else "status"
    try:
        if action == "status":
            channel = channel_key(words[0], env.ctx) if words else env.ctx.channel
            sub = await env.subscriptions.get(channel)
            if sub is None:
                return Message(
                    Kind.STATUS,
                    f"Anniversary reminders are off for {where(channel, env.ctx)}",
                    sentence="A moderator can turn them on with `remind on`.",
                )
            return await _status(sub, env, f"Anniversary reminders are on for {where(channel, env.ctx)}")
        if action not in ("on", "off"):
            raise Refused(
                "I did not understand that", "Use `remind on`, `remind off` or `remind status`.", action
            )
        if not env.ctx.can_manage:  # the router refuses first; this guards direct calls
            return moderators_only()
        if action == "off":
            channel = channel_key(words[0], env.ctx) if words else env.ctx.channel
            if len(words) > 1:
                raise Refused(
                    "`remind off` takes only a channel", "Use `remind off` or `remind off #channel`."
                )
            removed = await env.subscriptions.unsubscribe(channel)
            state = "are now off" if removed else "were not on"
            return Message(Kind.STATUS, f"Anniversary reminders {state} for {where(channel, env.ctx)}")
        settings = parse_settings(words, env.ctx)
    except Refused as refused:
        return refused.message
    old = await env.subscriptions.get(settings.channel)
    surface, _, _ = settings.channel.partition(":")
    sub = Subscription(
        channel=settings.channel,
        surface=surface,
        workspace=env.ctx.workspace,
        timezone=settings.timezone or (old.timezone if old else env.defaults.timezone),
        post_time=settings.post_time or (old.post_time if old else env.defaults.post_time),
        heads_up_days=(
            settings.heads_up_days
            if settings.heads_up_days is not None
            else (old.heads_up_days if old else env.defaults.heads_up_days)
        ),
        subscribed_by=env.ctx.user,
        subscribed_at=dt.datetime.now(dt.UTC),
    )
    stored = await env.subscriptions.subscribe(sub)
    return await _status(stored, env, f"Anniversary reminders are on for {where(stored.channel, env.ctx)}")


@command("upcoming", usage=UPCOMING_USAGE, summary="Anniversary posts coming up in this channel")
async def upcoming_command(args: str, env: Env) -> Message:
    if env.subscriptions is None:
        return _not_set_up()
    word = args.split()[0] if args.split() else ""
    if word and (not word.isdigit() or not 1 <= int(word) <= MAX_UPCOMING_DAYS):
        return Message(
            Kind.REFUSAL,
            "That is not a number of days",
            sentence=f"Give whole days from 1 to {MAX_UPCOMING_DAYS}, for example `upcoming 30`.",
            echo=echo_text(word),
            footer=f"Usage: {UPCOMING_USAGE}",
            private=True,
        )
    days = int(word) if word else DEFAULT_UPCOMING_DAYS
    sub = await env.subscriptions.get(env.ctx.channel)
    found = await env.subscriptions.upcoming(env.ctx.channel, days)
    span = "the next 24 hours" if days == 1 else f"the next {days} days"
    notes = []
    if sub is None:
        notes.append(
            f"Reminders are off in this channel; times shown for {env.defaults.post_time:%H:%M} "
            f"{env.defaults.timezone}."
        )
    if len(found) > SHOWN_UPCOMING:
        notes.append(f"{len(found) - SHOWN_UPCOMING} more not shown.")
    return Message(
        Kind.STATUS,
        f"Anniversaries in {span}" if found else f"No anniversaries in {span}",
        items=_items(found, SHOWN_UPCOMING),
        footer=" ".join(notes) or None,
    )
