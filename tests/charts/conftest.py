"""A small book with every case a chart meets: a definition change, values resting only on a
copy, parts that are counts and parts that are not, and a figure that has no chart at all; and a
book with a change of definition modelled as two figures linked by ``other_measure``."""

from __future__ import annotations

import dataclasses

from bot.facts.model import Event, FactBook, Figure, MeasureLink, Part, PartialDate, Revision
from tests.kit import src

HOSTILE = "<!channel> @everyone $\\frac{1}{0}$ <script>alert(1)</script>\x07 end"


def records() -> Figure:
    return Figure(
        id="officers_with_criminal_records",
        title="Met officers with criminal records",
        value=322,
        counts="serving officers with a criminal record (convictions or cautions)",
        as_of=PartialDate.parse("2025-12"),
        statement="At the end of 2025, 322 serving officers had a criminal record.",
        sources=(src("Daily Mail", "322 officers", "2026-01-11", "https://example.org/322", weak=True),),
        parts=(Part("violence", 54), Part("theft or fraud", 80), Part("drink driving", 50)),
        revisions=(
            Revision(
                value=161,
                as_of=PartialDate.parse("2023-04-06"),
                sources=(
                    src("Evening Standard", "161 officers", "2023-04-06", "https://example.org/161"),
                    src("Daily Mail", "161 officers", "2023-04-06", "https://example.org/dm161"),
                ),
                counts="serving officers with criminal convictions (convictions only)",
                parts=(Part("serious traffic offences", 76), Part("dishonesty or violence", 49)),
            ),
            Revision(
                value=243,
                as_of=PartialDate.parse("2024-11"),
                sources=(
                    src("Daily Mail", "243 officers", "2026-01-11", "https://example.org/322", weak=True),
                ),
                counts="serving officers with a criminal record (convictions or cautions)",
            ),
        ),
    )


def suspended() -> Figure:
    """Four values under one definition (earlier values inherit the figure's ``counts``)."""
    return Figure(
        id="suspended_officers",
        title="Suspended Met officers",
        value=201,
        counts="Met officers suspended",
        as_of=PartialDate.parse("2023-09-18"),
        statement="In September 2023, 201 Met officers were suspended.",
        sources=(src("The Times", "201 officers", "2023-09-18", "https://example.org/201"),),
        revisions=(
            Revision(7, PartialDate.parse("2022-03-31"), (src("Home Office", "7", "2022-03-31"),)),
            Revision(69, PartialDate.parse("2022-09"), (src("BBC", "69", "2022-09-30"),)),
            Revision(144, PartialDate.parse("2023-04-06"), (src("BBC", "144", "2023-04-06"),)),
        ),
    )


def single() -> Figure:
    """One value, and parts that are no counts: nothing to chart."""
    return Figure(
        id="headcount",
        title="Met police officers",
        value=34000,
        counts="Met police officers",
        as_of=PartialDate.parse("2023-09-18"),
        statement="The Met has about 34,000 officers.",
        sources=(src("The Times", "34,000 officers", "2023-09-18"),),
        parts=(Part("share who are women", "30%"), Part("officers in training", 900)),
    )


def hostile() -> Figure:
    return Figure(
        id="hostile_parts",
        title="Parts with " + HOSTILE,
        value=30,
        counts="things " + HOSTILE,
        as_of=PartialDate.parse("2024"),
        statement="30 things.",
        sources=(src("Pub " + HOSTILE, "30 things", "2024-01-01"),),
        parts=(Part(HOSTILE, 10), Part("x" * 10_000, 20), Part("<@U123> share", "5%")),
    )


def event() -> Event:
    return Event(
        id="casey_report",
        date=PartialDate.parse("2023-03-21"),
        title="Casey review published",
        summary="Baroness Casey's review was published.",
        sources=(src("BBC News", "Casey", "2023-03-21"),),
    )


def chart_book(version: str = "v1") -> FactBook:
    return FactBook(
        "Charts test book",
        "Figures to draw.",
        (records(), suspended(), single(), hostile()),
        (event(),),
        version=version,
    )


def linked_pair() -> tuple[Figure, Figure]:
    """A change of definition as the book models it: ``records()`` split in two figures, each
    naming the other as its ``other_measure``. Convictions only: one value. Convictions or
    cautions: two values, both resting only on a copy."""
    within = records()
    before, after = within.revisions
    convictions = Figure(
        id="officers_with_criminal_convictions",
        title="Met officers with criminal convictions",
        value=before.value,
        counts=before.counts or "",
        as_of=before.as_of,
        statement="In April 2023, 161 serving officers had criminal convictions.",
        sources=before.sources,
        parts=before.parts,
    )
    records_ = dataclasses.replace(
        within,
        title="Met officers with criminal records (convictions or cautions)",
        parts=(),
        revisions=(dataclasses.replace(after, counts=None),),
    )

    def link(to: Figure) -> MeasureLink:
        return MeasureLink(to.id, to.title, to.counts, to.value_line, to.as_of)

    return (
        dataclasses.replace(convictions, other_measure=link(records_)),
        dataclasses.replace(records_, other_measure=link(convictions)),
    )


def linked_book() -> FactBook:
    return FactBook("Linked measures", "Two figures, one per definition.", (*linked_pair(), suspended()), ())
