"""Message to plain text: the console surface, the CLI and any platform's fallback.

Readable in a terminal at 80 columns; no markup beyond backticks for things to type.
"""

from __future__ import annotations

import textwrap

from bot.core.message import Kind, Message
from bot.facts.model import copy_mark

WIDTH = 88


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    lead = indent if first is None else first
    return textwrap.wrap(text, WIDTH, initial_indent=lead, subsequent_indent=indent) or [lead]


def render(message: Message) -> str:
    out: list[str] = []
    if message.value_line:
        out.append(f"{message.shown_value} — {message.title}")
    else:
        out.append(message.title)
    if message.sentence:
        out += _wrap(message.sentence)
    if message.as_of:
        out.append(message.as_of)
    if message.other_measure:
        out += _wrap(f"{message.other_measure.label}: {message.other_measure.value}", "    ", first="")
    if message.parts:
        if message.kind is Kind.ANSWER:
            out.append("Breakdown:")
        out += [f"  • {p.label}: {p.value}" for p in message.parts]
    if message.revisions:
        out.append("Earlier values:")
        for rev in message.revisions:
            out += _wrap(f"{rev.label}: {rev.value}", "    ", first="  • ")
    if message.note:
        out += _wrap(f"Note: {message.note}")
    for item in message.items:
        head = f"  • {item.date}: {item.title}" if item.date else f"  • {item.title}"
        if item.ref and message.kind is Kind.TIMELINE:
            head += f" [{item.ref}]"
        out.append(head)
        if item.text:
            out += _wrap(item.text, "      ")
        if item.url and message.kind is Kind.UPDATE:  # a digest's only link to each source
            out.append(f"      {item.url}")
    for i, choice in enumerate(message.choices, 1):
        hint = f" — {choice.hint}" if choice.hint else ""
        out.append(f"  {i}. {choice.title} [{choice.ref}]{hint}")
    if message.sources:
        out.append("Sources:")
        for src in message.sources:
            out.append(
                f"  • {src.publisher}{copy_mark(src.publisher, src.weak)}, {src.published}: {src.title}"
            )
            out.append(f"    {src.url}")
            out += _wrap(f"“{src.quote}”", "    ")
    if message.footer:
        out += _wrap(message.footer)
    if message.page:
        out.append(f"{message.page_label}: {message.page}")
    return "\n".join(out)
