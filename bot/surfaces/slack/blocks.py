"""``Message`` -> Slack Block Kit blocks plus a plain fallback ``text``, one renderer per ``Kind``.

Every piece of text is escaped here (user echo and curated text alike), and every block is kept
within Slack's limits so the API never rejects a long answer: it is cut with a "more" hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from bot.core import picks
from bot.core.message import Item, Kind, Line, Message, SourceRef
from bot.core.text_safety import echo_text
from bot.surfaces.slack.escape import escape, fit, fit_plain, link, plain

Block = dict[str, Any]

# Slack's documented limits (Block Kit reference).
MAX_BLOCKS = 50
HEADER_LIMIT = 150
SECTION_LIMIT = 3000
FIELD_LIMIT = 2000
FIELDS_PER_SECTION = 10
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT_LIMIT = 3000
FALLBACK_LIMIT = 3000  # Slack accepts 40,000; a notification shows only the start
QUOTE_LIMIT = 300
BUTTON_TEXT_LIMIT = 75
CHOICE_BUTTONS = 5  # choices shown as buttons; the list above them names any others

# Our buttons' action ids. The value carries the pick (``figure:<id>``); the id only has to be
# unique within a message, and the prefix tells our clicks from anything else.
ACTION_PREFIX = "figurebot_"
CHOICE_ACTION = ACTION_PREFIX + "choice_{}"
NONE_ACTION = ACTION_PREFIX + "none"
FOLLOW_UP_ACTION = ACTION_PREFIX + "action_{}"


@dataclass(frozen=True)
class Rendered:
    text: str  # the fallback: mobile notifications and screen readers read this
    blocks: list[Block]


def render(message: Message, command: str = "/figure", words: Collection[str] = ()) -> Rendered:
    """Blocks and fallback text for ``message``.

    ``command`` is the slash command users type; ``words`` are the core's command names, so that
    a hint like `` `timeline 2023` `` is shown as `` `/figure timeline 2023` ``.
    """
    blocks = [b for b in _RENDERERS[message.kind](message, command) if b]
    if words:
        blocks = [_slash_hints(b, command, frozenset(words)) for b in blocks]
    if not blocks:
        blocks = [_section(escape(message.title) or MORE_TEXT)]
    room = MAX_BLOCKS - 1 if message.page else MAX_BLOCKS  # the page link is never the part cut
    if len(blocks) > room:
        blocks = [*blocks[: room - 1], _context(f"{MORE_TEXT} (cut to fit one message)")]
    if message.page:
        blocks.append(_context(link(message.page, message.page_label)))
    return Rendered(text=fallback_text(message), blocks=blocks)


MORE_TEXT = "…"
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
FIGURE_WORD = "figure"  # the default command: "figure x" is typed as "/figure x"


def _slash_hints(block: Block, command: str, words: frozenset[str]) -> Block:
    """Turn `` `source x` `` in mrkdwn into `` `/figure source x` `` (the Slack way to type it)."""

    def fix(match: re.Match[str]) -> str:
        span = match.group(1)
        head, _, rest = span.partition(" ")
        if head == FIGURE_WORD:
            return f"`{command} {rest}`" if rest else f"`{command}`"
        if head in words:
            return f"`{command} {span}`"
        return match.group(0)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                return {**node, "text": _CODE_SPAN.sub(fix, node["text"])}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    fixed: Block = walk(block)
    return fixed


def fallback_text(message: Message) -> str:
    text = fit(escape(message.fallback), FALLBACK_LIMIT)
    return text or MORE_TEXT


# --- block builders -------------------------------------------------------------------------


def _header(text: str) -> Block:
    shown = fit_plain(plain(text).replace("\n", " ").strip(), HEADER_LIMIT)
    if not shown:
        return {}
    return {"type": "header", "text": {"type": "plain_text", "text": shown, "emoji": False}}


def _section(mrkdwn: str) -> Block:
    if not mrkdwn.strip():
        return {}
    return {"type": "section", "text": {"type": "mrkdwn", "text": fit(mrkdwn, SECTION_LIMIT)}}


def _context(*elements: str) -> Block:
    kept = [e for e in elements if e.strip()]
    if not kept:
        return {}
    if len(kept) > CONTEXT_ELEMENTS:
        kept = [*kept[: CONTEXT_ELEMENTS - 1], MORE_TEXT]
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": fit(e, CONTEXT_TEXT_LIMIT)} for e in kept],
    }


def _fields(lines: Iterable[Line]) -> list[Block]:
    fields = [
        {"type": "mrkdwn", "text": fit(f"*{escape(ln.label)}*\n{escape(ln.value)}", FIELD_LIMIT)}
        for ln in lines
    ]
    return [
        {"type": "section", "fields": fields[i : i + FIELDS_PER_SECTION]}
        for i in range(0, len(fields), FIELDS_PER_SECTION)
    ]


def _lines_section(heading: str, lines: Iterable[Line]) -> Block:
    body = "\n".join(f"• {escape(ln.label)}: {escape(ln.value)}" for ln in lines)
    return _section(f"*{escape(heading)}*\n{body}") if body else {}


def _source_element(src: SourceRef) -> str:
    text = link(src.url, src.label)
    if src.quote:
        text += f" “{escape(fit_plain(src.quote, QUOTE_LIMIT))}”"
    if src.weak:
        text += " _(a copy, not the original)_"
    return text


def _sources_context(message: Message, command: str) -> Block:
    sources = message.sources
    elements = [_source_element(s) for s in sources[: CONTEXT_ELEMENTS - 1]]
    if len(sources) > CONTEXT_ELEMENTS - 1:
        rest = len(sources) - (CONTEXT_ELEMENTS - 1)
        hint = f"`{escape(command)} source {escape(message.ref)}`" if message.ref else "the source command"
        elements.append(f"+{rest} more: {hint}")
    return _context(*elements)


def _item_line(item: Item) -> str:
    title = link(item.url, item.title) if item.url else f"*{escape(item.title)}*"
    line = f"*{escape(item.date)}* — {title}" if item.date else f"• {title}"
    if item.text:
        line += f" — {escape(item.text)}"
    return line


def _items(items: Iterable[Item], room: int) -> list[Block]:
    """Pack item lines into as few sections as fit, using at most ``room`` blocks."""
    blocks: list[Block] = []
    chunk: list[str] = []
    size = 0
    lines = [_item_line(it) for it in items]
    for index, full in enumerate(lines):
        line = fit(full, SECTION_LIMIT - 100)
        if chunk and size + len(line) + 1 > SECTION_LIMIT - 100:
            blocks.append(_section("\n".join(chunk)))
            chunk, size = [], 0
            if len(blocks) == room - 1:
                chunk = [f"{MORE_TEXT} and {len(lines) - index} more"]
                break
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        blocks.append(_section("\n".join(chunk)))
    return blocks


def _button(label: str, action_id: str, pick: picks.Pick) -> Block:
    text = fit_plain(plain(label).replace("\n", " ").strip(), BUTTON_TEXT_LIMIT) or MORE_TEXT
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": False},
        "action_id": action_id,
        "value": pick.value,
    }


def _choice_buttons(message: Message) -> Block:
    """A button per choice (the fact's title; its id in the value) and "None of these"."""
    buttons = []
    for index, choice in enumerate(message.choices[:CHOICE_BUTTONS]):
        pick = picks.of_choice(choice)
        if pick is not None:  # an id too long to carry stays in the list above, to type
            buttons.append(_button(choice.title, CHOICE_ACTION.format(index), pick))
    if not buttons:
        return {}
    buttons.append(_button("None of these", NONE_ACTION, picks.NONE_OF_THESE))
    return {"type": "actions", "elements": buttons}


def _follow_up_buttons(message: Message) -> Block:
    """An answer's follow-ups ("All sources")."""
    buttons = []
    for index, action in enumerate(message.actions):
        pick = picks.of_action(action)
        if pick is not None:
            buttons.append(_button(action.label, FOLLOW_UP_ACTION.format(index), pick))
    return {"type": "actions", "elements": buttons} if buttons else {}


def _title_and_sentence(message: Message) -> Block:
    head = f"*{escape(message.title)}*" if message.title else ""
    body = escape(message.sentence or "")
    return _section("\n".join(p for p in (head, body) if p))


def _tail(message: Message, command: str) -> list[Block]:
    return [
        _context(escape(message.note)) if message.note else {},
        _sources_context(message, command) if message.sources else {},
        _context(escape(message.footer)) if message.footer else {},
    ]


# --- one renderer per kind ------------------------------------------------------------------


def _answer(message: Message, command: str) -> list[Block]:
    lead = []
    if message.value_line:
        value = f"*{escape(message.value_line)}*"
        if message.value_caveat:
            value += f" · _{escape(message.value_caveat)}_"
        lead.append(value)
    if message.sentence:
        lead.append(escape(message.sentence))
    return [
        _header(message.title),
        _section("\n".join(lead)),
        _context(escape(message.as_of)) if message.as_of else {},
        _other_measure(message.other_measure),
        *_fields(message.parts),
        _lines_section("Earlier values", message.revisions),
        *_tail(message, command),
        _follow_up_buttons(message),
    ]


def _other_measure(line: Line | None) -> Block:
    return _context(f"*{escape(line.label)}:* {escape(line.value)}") if line else {}


def _choice_lines(message: Message, command: str) -> str:
    lines = []
    for choice in message.choices:
        line = f"• *{escape(choice.title)}* — `{escape(command)} {escape(choice.ref)}`"
        if choice.hint:
            line += f" ({escape(choice.hint)})"
        lines.append(line)
    return "\n".join(lines)


def _choices(message: Message, command: str) -> list[Block]:
    # No value is shown for a choice: a did-you-mean must never look like an answer.
    if message.sentence:
        intro = escape(message.sentence)
    elif message.echo is not None:
        intro = f"I don't know “{escape(echo_text(message.echo))}”, but I know about:"
    else:
        intro = escape(message.title)
    return [
        _section(f"*{escape(message.title)}*\n{intro}" if message.title else intro),
        _section(_choice_lines(message, command)),
        _choice_buttons(message),
        _context(escape(message.footer)) if message.footer else {},
    ]


def _not_found(message: Message, command: str) -> list[Block]:
    if message.sentence:
        text = escape(message.sentence)
    elif message.echo is not None:
        text = f"I don't know “{escape(echo_text(message.echo))}”."
    else:
        text = ""
    return [
        _section("\n".join(p for p in (f"*{escape(message.title)}*", text) if p)),
        _section(_choice_lines(message, command)),
        _choice_buttons(message),
        *_items(message.items, 5),
        _context(escape(message.footer)) if message.footer else {},
    ]


def _timeline(message: Message, command: str) -> list[Block]:
    return [
        _header(message.title),
        _section(escape(message.sentence or "")),
        *_items(message.items, MAX_BLOCKS - 6),
        *_tail(message, command),
    ]


def _sources(message: Message, command: str) -> list[Block]:
    blocks: list[Block] = [_header(message.title), _section(escape(message.sentence or ""))]
    for src in message.sources[: MAX_BLOCKS - 6]:
        text = link(src.url, src.label)
        if src.title:
            text += f"\n_{escape(src.title)}_"
        if src.quote:
            text += f"\n“{escape(src.quote)}”"
        if src.weak:
            text += "\n_(a copy, not the original)_"
        blocks.append(_section(text))
    if len(message.sources) > MAX_BLOCKS - 6:
        blocks.append(_context(f"{MORE_TEXT} and {len(message.sources) - (MAX_BLOCKS - 6)} more"))
    return [
        *blocks,
        _context(escape(message.note)) if message.note else {},
        _context(escape(message.footer)) if message.footer else {},
    ]


def _help(message: Message, command: str) -> list[Block]:
    """The commands, as typed in Slack: `` `/figure timeline [year | words]` — summary``."""
    lines = [
        f"• `{escape(item.title)}`" + (f" — {escape(item.text)}" if item.text else "")
        for item in message.items
    ]
    return [
        _header(message.title),
        _section(escape(message.sentence or "")),
        _section("\n".join(lines)),
        *_tail(message, command),
    ]


def _listing(message: Message, command: str) -> list[Block]:
    """Topics: a headline, a sentence, a list."""
    return [
        _header(message.title),
        _section(escape(message.sentence or "")),
        *_items(message.items, MAX_BLOCKS - 4),
        *_tail(message, command),
    ]


def _reminder(message: Message, command: str) -> list[Block]:
    return [
        _header(message.title),
        _section(escape(message.sentence or "")),
        _context(escape(message.as_of)) if message.as_of else {},
        *_items(message.items, 5),
        *_tail(message, command),
    ]


def _status(message: Message, command: str) -> list[Block]:
    return [
        _title_and_sentence(message),
        *_lines_section_blocks(message),
        *_items(message.items, MAX_BLOCKS - 4),
        *_tail(message, command),
    ]


def _lines_section_blocks(message: Message) -> list[Block]:
    return _fields(message.parts) if message.parts else []


def _refusal(message: Message, command: str) -> list[Block]:
    return [
        _title_and_sentence(message),
        _context(escape(message.footer)) if message.footer else {},
    ]


_RENDERERS: dict[Kind, Callable[[Message, str], list[Block]]] = {
    Kind.ANSWER: _answer,
    Kind.CHOICES: _choices,
    Kind.NOT_FOUND: _not_found,
    Kind.TIMELINE: _timeline,
    Kind.SOURCES: _sources,
    Kind.TOPICS: _listing,
    Kind.HELP: _help,
    Kind.REMINDER: _reminder,
    Kind.UPDATE: _reminder,  # the same shape: headline, statement, date, digest items, sources
    Kind.STATUS: _status,
    Kind.REFUSAL: _refusal,
}
