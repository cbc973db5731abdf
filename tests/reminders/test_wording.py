"""What a reminder says."""

from __future__ import annotations

import datetime as dt

from bot.core.message import Kind, Message, SourceRef
from bot.reminders.calendar import Occurrence
from bot.reminders.wording import reminder_message, reminder_title

from .conftest import CASEY, EVERARD, event


def test_day_of_reminder_message() -> None:
    message = reminder_message(Occurrence(EVERARD, dt.date(2026, 3, 3)))
    assert message == Message(
        kind=Kind.REMINDER,
        title="5 years ago today: Sarah Everard was abducted and murdered by a serving Met officer",
        sentence=(
            "Sarah Everard, 33, was abducted while walking home in Clapham by Wayne Couzens, "
            "a serving Met officer."
        ),
        as_of="3 March 2021",
        sources=(
            SourceRef(
                publisher="BBC News",
                title="Sarah Everard: what happened",
                url="https://example.org/everard",
                published="10 March 2021",
                quote="Sarah Everard was abducted on 3 March 2021.",
            ),
        ),
        ref="everard_abducted",
        link="https://example.org/everard",
    )


def test_heads_up_and_singular_wording() -> None:
    assert reminder_title(Occurrence(CASEY, dt.date(2026, 3, 21), 7)) == (
        "In 7 days: 3 years since the Casey review was published"
    )
    assert reminder_title(Occurrence(CASEY, dt.date(2024, 3, 21), 1)) == (
        "Tomorrow: 1 year since the Casey review was published"
    )
    assert reminder_title(Occurrence(CASEY, dt.date(2024, 3, 21))) == (
        "1 year ago today: the Casey review was published"
    )


def test_title_is_used_without_anniversary_wording() -> None:
    plain = event("plain", "2020-06-01", title="Report published")
    assert reminder_title(Occurrence(plain, dt.date(2022, 6, 1))) == "2 years ago today: Report published"


def test_leap_day_note() -> None:
    leap = event("leap", "2020-02-29", anniversary="the leap-day vigil")
    moved = reminder_message(Occurrence(leap, dt.date(2023, 2, 28)))
    assert moved.title == "3 years ago today: the leap-day vigil"
    assert moved.note == "Marked on 28 February because 2023 has no 29 February."
    assert reminder_message(Occurrence(leap, dt.date(2024, 2, 29))).note is None
