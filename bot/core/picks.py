"""A tap on a choice or a button, as the core sees it: which command it runs, on which fact.

Every surface carries the same short value in its own place (a Slack button's ``value``, a
Discord ``custom_id``, a number typed at the console) and hands it back here. The value comes
back from the platform, so it is parsed strictly: anything that is not exactly one of ours is
refused and nothing runs. A tap runs the same command line a person would type (``figure <id>``),
so the answer is the typed answer; only a fact that a reload removed is answered differently,
with a plain "no longer in the book" and fresh choices instead of whatever the old id now means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import answers
from bot.core.context import Context
from bot.core.message import Action, Choice, Kind, Message
from bot.core.resolve import Ambiguous, Answer, NoValueAt, Resolution, Scored
from bot.core.router import Router
from bot.core.text_safety import echo_text

#: Characters of a fact id a value may carry: Discord's custom ids hold 100 characters in all, and
#: the surface's prefix and the command word come first. A longer id is offered as text only.
MAX_REF = 80
#: The commands a tap may run; anything else (`remind on`, say) is never reachable by a button.
COMMANDS = ("figure", "source")
NONE = "none"  # "none of these"
# The facts loader's id rule: lower-case letters, digits and underscores, not starting with "_".
_VALUE = re.compile(rf"({'|'.join(COMMANDS)}):([a-z0-9][a-z0-9_]{{0,{MAX_REF - 1}}})|{NONE}")


@dataclass(frozen=True)
class Pick:
    command: str  # "figure", "source" or "none"
    ref: str = ""

    @property
    def value(self) -> str:
        """What a surface stores in its button: ``figure:casey_report`` or ``none``."""
        return f"{self.command}:{self.ref}" if self.ref else self.command

    @property
    def line(self) -> str:
        """The command line the tap stands for, exactly as a person would type it."""
        return f"{self.command} {self.ref}".strip()


NONE_OF_THESE = Pick(NONE)


def parse(value: object) -> Pick | None:
    """The pick a stored value stands for, or None for anything that is not one of ours."""
    if not isinstance(value, str):
        return None
    match = _VALUE.fullmatch(value)
    if match is None:
        return None
    command, ref = match.groups()
    return Pick(command, ref) if command else NONE_OF_THESE


def of_choice(choice: Choice) -> Pick | None:
    """``figure <id>`` for a did-you-mean option; None when the id cannot be carried."""
    return parse(f"figure:{choice.ref}")


def of_action(action: Action) -> Pick | None:
    return parse(f"{action.command}:{action.ref}")


async def answer(router: Router, pick: Pick, ctx: Context, label: str = "") -> Message:
    """The core's answer to a tap. ``label`` is what the button said (the fact's title), used
    to offer fresh choices when the fact has gone."""
    if pick.command == NONE:
        return none_of_these()
    edition = router.shelf.current
    if edition.book.get(pick.ref) is None:
        return gone(edition.resolver.resolve(label or pick.ref.replace("_", " ")), label or pick.ref)
    return await router.handle(pick.line, ctx)


def gone(outcome: Resolution, label: str) -> Message:
    """The answer to a tap on a fact the book no longer has: what it now holds closest to
    ``label`` (the button's title), or that nothing is close."""
    if isinstance(outcome, Answer):
        near: tuple[Scored, ...] = (Scored(outcome.fact, outcome.score),)
    elif isinstance(outcome, Ambiguous):
        near = outcome.candidates
    elif isinstance(outcome, NoValueAt):
        near = (Scored(outcome.fact, outcome.score),)
    else:
        near = outcome.suggestions
    shown = echo_text(label)
    if not near:
        return Message(
            Kind.NOT_FOUND,
            "That fact is no longer in the book",
            sentence=f"The book has changed since these choices were shown, and nothing in it now "
            f"matches “{shown}”.",
            footer="Try `figures` for the topics covered, or ask again in other words.",
            echo=shown,
            private=True,
        )
    return Message(
        Kind.CHOICES,
        "That fact is no longer in the book",
        sentence=f"The book has changed since these choices were shown. Closest to “{shown}” now:",
        choices=tuple(answers.choice(s.fact) for s in near),
        footer="Or ask again in other words; `figures` lists the topics covered.",
        echo=shown,
        private=True,
    )


def none_of_these() -> Message:
    return Message(
        Kind.STATUS,
        "None of these",
        sentence="Ask again in other words, or try `figures` for the topics the book covers and "
        "`timeline` for the dated events.",
        private=True,
    )


def refused() -> Message:
    """For a value or button id that is not one of ours: nothing is run, and nothing in it is
    quoted back."""
    return Message(
        Kind.REFUSAL,
        "That button is not one of mine",
        sentence="It could not be read, so nothing was looked up. Ask again by typing your "
        "question, or `help` for the commands.",
        private=True,
    )


def out_of_range(number: int, count: int) -> Message:
    """For a number typed at the console that names no choice on screen."""
    span = "1" if count == 1 else f"1 to {count}"
    return Message(
        Kind.REFUSAL,
        f"There is no choice {number}",
        sentence=f"Type a number from {span} to pick one of the choices above, or ask in words.",
        private=True,
    )
