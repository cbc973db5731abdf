"""The slash commands: each one turns its options into the core's command line and hands it on.

No business logic lives here. ``/figure query:convictions`` becomes ``figure convictions``, and
``/remind on channel:#news time:08:30`` becomes ``remind on <#id> at 08:30``; the router does the
rest, including refusing ``remind on/off`` and ``updates on/off`` to members without Manage
Channels (which Discord also hides from them by default, via the groups' default member
permissions).
"""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any, Protocol

import discord
from discord import app_commands

from bot.core.text_safety import clean_query

CHOICES_MAX = 25  # Discord's limit for autocomplete choices
CHOICE_TEXT_MAX = 100  # choice name and string value

# Used when the core's command table has no summary for a name (Discord needs a description).
_DESCRIPTIONS = {
    "figure": "A figure or event, with its sources",
    "figures": "The topics the book covers, with examples",
    "timeline": "Dated events, newest first",
    "source": "Every source of a figure or event, with quotes",
    "help": "The commands, briefly",
    "upcoming": "Anniversary posts coming up",
    "remind": "Anniversary posts in a channel (moderators)",
    "updates": "Posts in a channel when the book changes (moderators)",
    "check": "Check the numbers in a paragraph against the book",
}

# Offered for an empty time-zone box: the zones most of our users type first.
_COMMON_ZONES = (
    "Europe/London",
    "UTC",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Asia/Kolkata",
)

Interaction = discord.Interaction[discord.Client]
Choices = list[app_commands.Choice[str]]


class Responder(Protocol):
    """What the commands call: run a core command line, and suggest facts while typing."""

    async def respond(
        self, interaction: Interaction, text: str, *, target: app_commands.AppCommandChannel | None = None
    ) -> None: ...

    def suggest(self, text: str) -> Choices: ...


class PostableChannel(app_commands.Transformer[discord.Client]):
    """A channel option limited to text and announcement channels, taken as Discord resolved it
    (no guild cache needed, so the client can run without the guilds intent)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(self, interaction: Interaction, value: Any, /) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise app_commands.TransformerError(value, self.type, self)
        return value


Channel = app_commands.Transform[app_commands.AppCommandChannel, PostableChannel]
Query = app_commands.Range[str, 1, 300]  # longer text is cut by the core anyway
Paragraph = app_commands.Range[str, 1, 2000]
HeadsUp = app_commands.Range[str, 1, 40]  # "7", "7,1" or "none"
Days = app_commands.Range[int, 1, 366]


def descriptions() -> dict[str, str]:
    """Slash-command descriptions from the core's command table, so help and Discord agree."""
    from bot.core.router import commands

    table = dict(_DESCRIPTIONS)
    for cmd in commands():
        if cmd.name in table and cmd.summary:
            table[cmd.name] = cmd.summary
    return {name: text[:CHOICE_TEXT_MAX] for name, text in table.items()}


def _word(text: str | None) -> str:
    """The first word of a free-text option: keeps one option from smuggling in another."""
    cleaned = clean_query(text or "")
    return cleaned.split(" ", 1)[0] if cleaned else ""


def channel_text(command: str, channel: app_commands.AppCommandChannel | None) -> str:
    """``updates off`` or ``updates off <#123>``: a sub-command whose only option is a channel."""
    return f"{command} <#{channel.id}>" if channel is not None else command


def _moderated_group(name: str, description: str) -> app_commands.Group:
    return app_commands.Group(
        name=name,
        description=description,
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),  # the current form of guild_only
        # Hidden from members without Manage Channels unless a server admin changes it under
        # Server Settings > Integrations; the core checks again, so this is not the only guard.
        default_permissions=discord.Permissions(manage_channels=True),
    )


def remind_on_text(
    channel: app_commands.AppCommandChannel | None,
    time: str | None,
    timezone: str | None,
    heads_up: str | None,
) -> str:
    words = ["remind", "on"]
    if channel is not None:
        words.append(f"<#{channel.id}>")
    if _word(time):
        words += ["at", _word(time)]
    if _word(timezone):
        words += ["tz", _word(timezone)]
    days = clean_query(heads_up or "").replace(" ", "")  # "7, 1" is one value
    if days:
        words += ["heads-up", days]
    return " ".join(words)


@functools.cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def suggest_zones(text: str) -> Choices:
    """IANA zones containing what was typed, those starting with it first."""
    typed = clean_query(text).replace(" ", "_").lower()
    if not typed:
        picked: list[str] = list(_COMMON_ZONES)
    else:
        starts = [z for z in _zones() if z.lower().startswith(typed)]
        inside = [z for z in _zones() if typed in z.lower() and z not in starts]
        picked = (starts + inside)[:CHOICES_MAX]
    return [app_commands.Choice(name=z, value=z) for z in picked]


def install(tree: app_commands.CommandTree[discord.Client], responder: Responder) -> None:
    """Add every figurebot slash command to ``tree``."""
    described = descriptions()

    @tree.command(name="figure", description=described["figure"])
    @app_commands.describe(query="What you want to know, in plain words; pick a suggestion or type your own")
    async def figure(interaction: Interaction, query: Query) -> None:
        await responder.respond(interaction, f"figure {query}")

    @figure.autocomplete("query")
    async def figure_query(interaction: Interaction, current: str) -> Choices:
        return responder.suggest(current)

    @tree.command(name="check", description=described["check"])
    @app_commands.describe(text="A sentence or paragraph from your draft; each number in it is checked")
    async def check(interaction: Interaction, text: Paragraph) -> None:
        await responder.respond(interaction, f"check {text}")

    @tree.command(name="figures", description=described["figures"])
    async def figures(interaction: Interaction) -> None:
        await responder.respond(interaction, "figures")

    @tree.command(name="timeline", description=described["timeline"])
    @app_commands.describe(query="A year such as 2023, or a few words; leave empty for the latest")
    async def timeline(interaction: Interaction, query: Query | None = None) -> None:
        await responder.respond(interaction, f"timeline {query or ''}".strip())

    @tree.command(name="source", description=described["source"])
    @app_commands.describe(id="The figure or event; pick a suggestion or type its id")
    async def source(interaction: Interaction, id: Query) -> None:
        await responder.respond(interaction, f"source {id}")

    @source.autocomplete("id")
    async def source_id(interaction: Interaction, current: str) -> Choices:
        return responder.suggest(current)

    @tree.command(name="help", description=described["help"])
    async def help_(interaction: Interaction) -> None:
        await responder.respond(interaction, "help")

    @tree.command(name="upcoming", description=described["upcoming"])
    @app_commands.describe(days="How many days ahead to look (default 30)")
    async def upcoming(interaction: Interaction, days: Days | None = None) -> None:
        await responder.respond(interaction, f"upcoming {days or ''}".strip())

    remind = _moderated_group("remind", described["remind"])

    @remind.command(name="on", description="Post anniversaries of dated events in a channel")
    @app_commands.describe(
        channel="Where to post (default: this channel)",
        time="Posting time as HH:MM, 24-hour (default 09:00)",
        timezone="IANA time zone such as Europe/London (default from the bot's settings)",
        heads_up="Also post days before each anniversary: 7, or 7,1 for two; none for no heads-up",
    )
    async def remind_on(
        interaction: Interaction,
        channel: Channel | None = None,
        time: app_commands.Range[str, 1, 5] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        heads_up: HeadsUp | None = None,
    ) -> None:
        # Manage Channels is judged in the channel being changed, not where the command was typed.
        await responder.respond(
            interaction, remind_on_text(channel, time, timezone, heads_up), target=channel
        )

    @remind_on.autocomplete("timezone")
    async def remind_timezone(interaction: Interaction, current: str) -> Choices:
        return suggest_zones(current)

    @remind.command(name="off", description="Stop anniversary posts in a channel")
    @app_commands.describe(channel="Which channel (default: this channel)")
    async def remind_off(interaction: Interaction, channel: Channel | None = None) -> None:
        await responder.respond(interaction, channel_text("remind off", channel), target=channel)

    @remind.command(name="status", description="Show a channel's reminder settings")
    @app_commands.describe(channel="Which channel (default: this channel)")
    async def remind_status(interaction: Interaction, channel: Channel | None = None) -> None:
        await responder.respond(interaction, channel_text("remind status", channel), target=channel)

    tree.add_command(remind)

    updates = _moderated_group("updates", described["updates"])

    @updates.command(name="on", description="Post in a channel when a figure changes or a fact is added")
    @app_commands.describe(channel="Where to post (default: this channel)")
    async def updates_on(interaction: Interaction, channel: Channel | None = None) -> None:
        await responder.respond(interaction, channel_text("updates on", channel), target=channel)

    @updates.command(name="off", description="Stop book-update posts in a channel")
    @app_commands.describe(channel="Which channel (default: this channel)")
    async def updates_off(interaction: Interaction, channel: Channel | None = None) -> None:
        await responder.respond(interaction, channel_text("updates off", channel), target=channel)

    @updates.command(name="status", description="Show whether a channel gets book-update posts")
    @app_commands.describe(channel="Which channel (default: this channel)")
    async def updates_status(interaction: Interaction, channel: Channel | None = None) -> None:
        await responder.respond(interaction, channel_text("updates status", channel), target=channel)

    tree.add_command(updates)
