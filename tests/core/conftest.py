"""A small hand-built book for core tests: independent of the curated facts.yaml."""

from __future__ import annotations

import pytest

from bot.core.router import Router
from bot.core.shelf import Shelf
from bot.facts.model import Event, FactBook, Figure, Part, PartialDate, Revision
from tests.kit import src


def small_book() -> FactBook:
    convictions = Figure(
        id="officers_with_criminal_records",
        title="Met officers with criminal records",
        value=322,
        counts="serving Met officers with a criminal record, including cautions",
        as_of=PartialDate.parse("2025-12"),
        statement="At the end of 2025, 322 serving Met officers had a criminal record.",
        sources=(
            src(
                "Daily Example",
                "322 officers have a criminal record",
                "2026-01-10",
                "https://example.org/322",
            ),
        ),
        aliases=("convictions", "criminal records", "officers with convictions"),
        tags=("vetting", "convictions"),
        revisions=(
            Revision(
                value=161,
                as_of=PartialDate.parse("2023-04-06"),
                sources=(
                    src(
                        "Metropolitan Police",
                        "161 officers have criminal convictions",
                        url="https://example.org/161",
                    ),
                ),
                counts="convictions only",
                parts=(Part("serious traffic offences", 76), Part("dishonesty or violence", 49)),
            ),
        ),
        note="Later counts include cautions, so they are not like-for-like with 161.",
        related=("standards_letter",),
    )
    suspended = Figure(
        id="suspended_officers",
        title="Met officers suspended",
        value=201,
        counts="Met officers suspended from duty",
        as_of=PartialDate.parse("2023-09-18"),
        statement="In September 2023, 201 Met officers were suspended.",
        sources=(src("The Times", "201 officers are suspended", "2023-09-18", "https://example.org/201"),),
        aliases=("suspended officers", "suspensions"),
        tags=("discipline",),
        qualifier=None,
    )
    reviewed = Figure(
        id="cases_reviewed_2021",
        title="Sexual misconduct cases under review",
        value=300,
        counts="live sexual misconduct and domestic abuse cases reviewed",
        as_of=PartialDate.parse("2021-11-23"),
        statement="In November 2021 the Met said it was reviewing around 300 live cases.",
        sources=(src("Metropolitan Police", "around 300 cases", "2021-11-23", "https://example.org/300"),),
        qualifier="around",
        aliases=("300 cases review",),
        tags=("discipline", "reviews"),
    )
    letter = Event(
        id="standards_letter",
        date=PartialDate.parse("2023-04-06"),
        title="Commissioner's standards letter",
        summary="The Commissioner published an update on standards: 161 officers with convictions.",
        sources=(src("Metropolitan Police", "first update", url="https://example.org/letter"),),
        remind=True,
        tags=("vetting",),
    )
    abducted = Event(
        id="everard_abducted",
        date=PartialDate.parse("2021-03-03"),
        title="Sarah Everard abducted in south London",
        summary="Sarah Everard was abducted by a serving Met officer.",
        sources=(src("BBC News", "last seen on 3 March", "2021-03-12", "https://example.org/everard"),),
        remind=True,
        anniversary="Sarah Everard was abducted and murdered by a serving Met officer",
        aliases=("everard abduction",),
        tags=("everard",),
    )
    return FactBook(
        title="Test book",
        description="A small book for tests.",
        figures=(convictions, suspended, reviewed),
        events=(letter, abducted),
        version="test",
    )


@pytest.fixture
def book() -> FactBook:
    return small_book()


@pytest.fixture
def router(book: FactBook) -> Router:
    return Router(shelf=Shelf(book))
