"""``Message`` -> a Discord embed, one renderer per ``Kind``, always within Discord's limits.

Text in a ``Message`` is plain, except that `backticked` spans mean "type this": those become
code spans (inside which Discord renders neither markdown nor mentions), and everything else is
markdown-escaped and has its mentions broken with a zero-width space. Mentions could not ping
anyway (the client sends ``allowed_mentions: {"parse": []}`` with everything) but an escaped
``<@123>`` also does not *render* as someone's name, which matters in a quoted echo.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.core.message import Item, Kind, Line, Message, SourceRef
from bot.facts.model import copy_mark

# Discord's embed limits (developers/resources/message "Embed Limits").
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
TOTAL_MAX = 6000
CONTENT_MAX = 2000  # a message's content, outside the embed

BLANK = "\u200b"  # zero-width space: what Discord shows for "nothing" where text is required
QUOTE_MAX = 300  # a source quote is short by rule; a long one is cut rather than crowd the embed
SUMMARY_MAX = 300  # per timeline entry

COLOURS = {
    Kind.ANSWER: 0x2B6CB0,
    Kind.SOURCES: 0x2B6CB0,
    Kind.TIMELINE: 0x2B6CB0,
    Kind.TOPICS: 0x4A5568,
    Kind.HELP: 0x4A5568,
    Kind.STATUS: 0x4A5568,
    Kind.CHOICES: 0xA0AEC0,
    Kind.NOT_FOUND: 0xA0AEC0,
    Kind.REFUSAL: 0xC53030,
    Kind.REMINDER: 0xB7791F,
    Kind.UPDATE: 0x2F855A,
}

_CODE_SPAN = re.compile(r"`[^`\n]+`")


@dataclass(frozen=True)
class Rendered:
    """What to send: one embed, and whether only the asker should see it."""

    embed: discord.Embed
    ephemeral: bool


def render(message: Message) -> Rendered:
    embed = _RENDERERS[message.kind](message)
    if message.footer:
        embed.set_footer(text=cut(plain(message.footer), FOOTER_MAX))
    page = link(message.page_label, message.page) if message.page else ""
    # The page link comes last and is never what is dropped to fit: room is made for it first.
    fit(embed, reserve=len(message.page_label) + len(page), fields=1 if page else 0)
    if page:
        add_field(embed, message.page_label, page)
    return Rendered(embed, ephemeral=message.private)


def notification_text(message: Message) -> str:
    """The plain line above a scheduled post's embed: push notifications show message content,
    not embeds, so without it a phone would say only that the bot sent something."""
    return cut(safe(message.title), CONTENT_MAX)


# ---- text helpers -------------------------------------------------------------------------------


def safe(text: str) -> str:
    """Escape markdown and mentions outside `code spans`; keep the spans as they are."""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _escape(text: str) -> str:
    return escape_mentions(escape_markdown(text))


def plain(text: str) -> str:
    """For places Discord shows without markdown (footers): only break mentions."""
    return escape_mentions(text)


def cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def link(label: str, url: str) -> str:
    """A masked link ``[label](url)``; just the label when the URL is not a web URL."""
    label = safe(label).replace("[", "(").replace("]", ")")
    if not is_web_url(url):
        return label
    # ")" or whitespace would end the link target early.
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{label}]({target})"


def pack(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines into chunks of at most ``limit`` characters, never splitting a line (lines
    longer than ``limit`` are cut)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = cut(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def add_lines(embed: discord.Embed, name: str, lines: Iterable[str], *, inline: bool = False) -> None:
    """Add ``lines`` under ``name``, continuing in further fields when one is not enough."""
    for index, chunk in enumerate(pack(lines, FIELD_VALUE_MAX)):
        label = name if index == 0 else f"{name} (continued)"
        add_field(embed, label, chunk, inline=inline)


def add_field(embed: discord.Embed, name: str, value: str, *, inline: bool = False) -> None:
    if len(embed.fields) >= FIELDS_MAX or not value.strip():
        return
    # Discord rejects a blank field name; a zero-width space is its documented stand-in.
    name = cut(name.strip(), FIELD_NAME_MAX) or BLANK
    embed.add_field(name=name, value=cut(value, FIELD_VALUE_MAX), inline=inline)


def fit(embed: discord.Embed, *, reserve: int = 0, fields: int = 0) -> None:
    """Shrink to Discord's 6,000-character total: drop trailing fields, then cut the description.
    ``reserve`` characters and ``fields`` fields are kept free for what is added afterwards."""
    overflow = len(embed) - (TOTAL_MAX - reserve)
    dropped = 0
    while (overflow > 0 or len(embed.fields) > FIELDS_MAX - fields) and len(embed.fields) > 1:
        last = embed.fields[-1]
        embed.remove_field(len(embed.fields) - 1)
        dropped += 1
        overflow -= len(last.name or "") + len(last.value or "")
    if dropped:
        # Say that something was left out rather than fail silently; reuse the room we made.
        note = f"{dropped} more section{'s' if dropped != 1 else ''} not shown."
        if overflow + len("More") + len(note) <= 0 and len(embed.fields) < FIELDS_MAX - fields:
            embed.add_field(name="More", value=note, inline=False)
            overflow += len("More") + len(note)
    if overflow > 0 and embed.description:
        embed.description = cut(embed.description, max(1, len(embed.description) - overflow))
    if not (embed.title or "").strip() and not (embed.description or "").strip() and not embed.fields:
        embed.description = BLANK  # Discord rejects an empty embed


# ---- pieces -------------------------------------------------------------------------------------


def _embed(message: Message, description: str = "") -> discord.Embed:
    url = message.link if message.link and is_web_url(message.link) else None
    return discord.Embed(
        title=cut(safe(message.title), TITLE_MAX) or None,
        url=url,
        description=cut(description, DESCRIPTION_MAX) or None,
        colour=COLOURS[message.kind],
    )


def _paragraphs(*texts: str | None) -> str:
    return "\n".join(t for t in texts if t)


_DETAIL = re.compile(r" \(| — | · |\. |, computed: ")


def _line(line: Line) -> str:
    # "161 — convictions only · Met", "47%, computed: 76 of 161": the value in bold, what qualifies it plain.
    match = _DETAIL.search(line.value)
    value, detail = (line.value[: match.start()], line.value[match.start() :]) if match else (line.value, "")
    return f"{safe(line.label)}: **{safe(value)}**{safe(detail)}"


def source_line(ref: SourceRef) -> str:
    text = link(ref.label, ref.url) + copy_mark(ref.publisher, ref.weak)
    if ref.quote:
        text += f"\n> “{safe(cut(ref.quote, QUOTE_MAX))}”"
    return text


def _as_of_field(embed: discord.Embed, as_of: str | None) -> None:
    if not as_of:
        return
    prefix = "As of "
    if as_of.startswith(prefix):
        add_field(embed, "As of", safe(as_of[len(prefix) :]), inline=True)
    else:
        add_field(embed, "Date", safe(as_of), inline=True)


def _choice_lines(message: Message) -> list[str]:
    lines = []
    for choice in message.choices:
        line = f"• {safe(choice.title)}"
        if _code_ok(choice.ref):
            line += f" — `{choice.ref}`"
        if choice.hint:
            line += f" ({safe(choice.hint)})"
        lines.append(line)
    return lines


def _code_ok(text: str) -> bool:
    # Fact ids and usage lines; anything that could break out of a code span is not put in one.
    return bool(text) and "`" not in text and "\n" not in text


def _item_line(item: Item) -> str:
    head = link(item.title, item.url) if item.url else f"**{safe(item.title)}**"
    if item.date:
        head = f"**{safe(item.date)}** · {head}"
    if _code_ok(item.ref):
        head += f" `{item.ref}`"
    if item.text:
        head += f"\n{safe(cut(item.text, SUMMARY_MAX))}"
    return head


def _fill_description(head: str, lines: list[str]) -> str:
    """``head`` then as many ``lines`` as fit in the description, with a count of the rest."""
    text = head
    for shown, line in enumerate(lines):
        candidate = f"{text}\n\n{line}" if text else line
        rest = len(lines) - shown - 1
        reserve = 40 if rest else 0  # room for the "… more" line
        if len(candidate) + reserve > DESCRIPTION_MAX:
            return f"{text}\n\n…and {len(lines) - shown} more not shown."
        text = candidate
    return text


# ---- one renderer per kind ----------------------------------------------------------------------


def _answer(message: Message) -> discord.Embed:
    value = f"**{safe(message.value_line)}**" if message.value_line else None
    if value and message.value_caveat:
        value += f" · *{safe(message.value_caveat)}*"
    embed = _embed(message, _paragraphs(value, safe(message.sentence or "")))
    _as_of_field(embed, message.as_of)
    if message.other_measure:
        add_field(embed, message.other_measure.label, safe(cut(message.other_measure.value, FIELD_VALUE_MAX)))
    add_lines(embed, "Breakdown", (_line(p) for p in message.parts))
    add_lines(embed, "Earlier values", (_line(r) for r in message.revisions))
    if message.note:
        add_field(embed, "Note", safe(cut(message.note, FIELD_VALUE_MAX)))
    add_lines(embed, "Sources", (source_line(s) for s in message.sources))
    return embed


def _choices(message: Message) -> discord.Embed:
    head = safe(message.sentence or "")
    if not head and message.echo:
        head = f"I don't know “{safe(message.echo)}”, but I know about:"
    embed = _embed(message, head)
    add_lines(embed, "Did you mean", _choice_lines(message))
    if message.note:
        add_field(embed, "Note", safe(message.note))
    return embed


def _not_found(message: Message) -> discord.Embed:
    head = safe(message.sentence or "")
    if not head and message.echo:
        head = f"I don't know “{safe(message.echo)}”."
    embed = _embed(message, head)
    add_lines(embed, "I know about", _choice_lines(message))
    if message.note:
        add_field(embed, "Note", safe(message.note))
    return embed


def _timeline(message: Message) -> discord.Embed:
    lines = [_item_line(item) for item in message.items]
    embed = _embed(message, _fill_description(safe(message.sentence or ""), lines))
    if message.note:
        add_field(embed, "Note", safe(message.note))
    return embed


def _sources(message: Message) -> discord.Embed:
    embed = _embed(message, safe(message.sentence or ""))
    # One field per source keeps each quote next to its publisher; 24 leaves room for the note.
    shown = message.sources[: FIELDS_MAX - 1]
    for ref in shown:
        value = link(ref.title or ref.url, ref.url) + copy_mark(ref.publisher, ref.weak)
        if ref.quote:
            value += f"\n> “{safe(cut(ref.quote, QUOTE_MAX))}”"
        add_field(embed, safe(ref.label), value)
    if len(message.sources) > len(shown):
        add_field(embed, "More", f"{len(message.sources) - len(shown)} more sources not shown.")
    if message.note:
        add_field(embed, "Note", safe(message.note))
    return embed


def _topics(message: Message) -> discord.Embed:
    embed = _embed(message, safe(message.sentence or ""))
    for item in message.items:
        add_field(embed, safe(item.title), safe(item.text) or "—")
    return embed


def _help(message: Message) -> discord.Embed:
    # The core's usage lines use the shared command words; on Discord each is a slash command.
    lines = [
        f"`/{item.title}` — {safe(item.text)}" if _code_ok(item.title) else safe(item.title)
        for item in message.items
    ]
    embed = _embed(message, safe(message.sentence or ""))
    add_lines(embed, "Commands", lines)
    if message.note:
        add_field(embed, "Note", safe(message.note))
    return embed


def _reminder(message: Message) -> discord.Embed:
    embed = _embed(message, safe(message.sentence or ""))
    _as_of_field(embed, message.as_of)
    if message.note:
        add_field(embed, "Note", safe(message.note))
    add_lines(embed, "Sources", (source_line(s) for s in message.sources))
    return embed


def _update(message: Message) -> discord.Embed:
    lines = [_item_line(item) for item in message.items]
    embed = _embed(message, _fill_description(safe(message.sentence or ""), lines))
    _as_of_field(embed, message.as_of)
    add_lines(embed, "Source", (source_line(s) for s in message.sources))
    return embed


def _status(message: Message) -> discord.Embed:
    lines = [_item_line(item) for item in message.items]
    embed = _embed(message, _fill_description(safe(message.sentence or ""), lines))
    for part in message.parts:
        add_field(embed, safe(part.label), safe(part.value), inline=True)
    if message.note:
        add_field(embed, "Note", safe(message.note))
    return embed


def _refusal(message: Message) -> discord.Embed:
    embed = _embed(message, safe(message.sentence or ""))
    if message.note:
        add_field(embed, "Note", safe(message.note))
    return embed


_RENDERERS: dict[Kind, Callable[[Message], discord.Embed]] = {
    Kind.ANSWER: _answer,
    Kind.CHOICES: _choices,
    Kind.NOT_FOUND: _not_found,
    Kind.TIMELINE: _timeline,
    Kind.SOURCES: _sources,
    Kind.TOPICS: _topics,
    Kind.HELP: _help,
    Kind.REMINDER: _reminder,
    Kind.UPDATE: _update,
    Kind.STATUS: _status,
    Kind.REFUSAL: _refusal,
}
