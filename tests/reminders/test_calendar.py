"""The calendar: anniversaries, 29 February, heads-ups and posting instants across DST."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reminders.calendar import (
    AnniversaryIndex,
    Occurrence,
    anniversary_in,
    occurrences,
    posting_instant,
)

from .conftest import CASEY, EVERARD, book, event

UTC = dt.UTC
ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("posix/", "right/")))
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def test_occurrences_in_a_range_with_heads_up() -> None:
    found = occurrences([EVERARD, CASEY], dt.date(2026, 3, 1), dt.date(2026, 3, 31), heads_up_days=(7,))
    assert [(o.event.id, o.key, o.post_date, o.years) for o in found] == [
        ("everard_abducted", "2026-03-03", dt.date(2026, 3, 3), 5),
        ("casey_review", "2026-03-21/heads-up-7", dt.date(2026, 3, 14), 3),
        ("casey_review", "2026-03-21", dt.date(2026, 3, 21), 3),
    ]


def test_heads_up_crossing_a_year_is_keyed_by_the_anniversary() -> None:
    new_year = event("new_year_event", "2020-01-03")
    found = occurrences([new_year], dt.date(2025, 12, 27), dt.date(2025, 12, 27), heads_up_days=(7,))
    assert [(o.key, o.years) for o in found] == [("2026-01-03/heads-up-7", 6)]


def test_only_remind_events_with_a_day_have_anniversaries() -> None:
    quiet = event("quiet", "2020-03-03", remind=False)
    month_only = event("month_only", "2020-03", remind=True)
    index = AnniversaryIndex([quiet, month_only, EVERARD])
    assert [o.event.id for o in index.marked_on(dt.date(2030, 3, 3))] == ["everard_abducted"]
    assert index.marked_on(dt.date(2030, 3, 1)) == []


def test_no_anniversary_in_the_event_year_or_before() -> None:
    assert anniversary_in(EVERARD, 2021) is None
    assert anniversary_in(EVERARD, 2019) is None
    assert AnniversaryIndex([EVERARD]).marked_on(dt.date(2021, 3, 3)) == []
    assert anniversary_in(EVERARD, 2022) == dt.date(2022, 3, 3)


def test_leap_day_event_is_marked_on_28_february_in_other_years() -> None:
    leap = event("leap", "2020-02-29")
    index = AnniversaryIndex([leap])
    assert [o.key for o in index.marked_on(dt.date(2021, 2, 28))] == ["2021-02-28"]
    assert index.marked_on(dt.date(2021, 3, 1)) == []
    assert index.marked_on(dt.date(2024, 2, 28)) == []
    assert [(o.key, o.years) for o in index.marked_on(dt.date(2024, 2, 29))] == [("2024-02-29", 4)]
    assert index.marked_on(dt.date(2100, 2, 28))[0].moved_from_leap_day  # 2100 is not a leap year
    assert not index.marked_on(dt.date(2000 + 400, 2, 29))[0].moved_from_leap_day


def test_posting_instant_in_a_spring_forward_gap_moves_forward_by_the_gap() -> None:
    # 2026-03-08 New York: 02:00 EST -> 03:00 EDT; 02:30 does not exist.
    at = posting_instant(dt.date(2026, 3, 8), dt.time(2, 30), NEW_YORK)
    assert at == dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert at.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:30 EDT"


def test_posting_instant_in_a_fall_back_overlap_is_the_first_one() -> None:
    # 2026-11-01 New York: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    at = posting_instant(dt.date(2026, 11, 1), dt.time(1, 30), NEW_YORK)
    assert at == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_posting_instant_in_a_midnight_gap_stays_on_its_day() -> None:
    # Santiago springs forward at 24:00 (2022-09-10 24:00 -> 2022-09-11 01:00): 00:30 does not
    # exist on the 11th; shifting forward keeps it on the 11th at 01:30.
    santiago = ZoneInfo("America/Santiago")
    at = posting_instant(dt.date(2022, 9, 11), dt.time(0, 30), santiago)
    assert at.astimezone(santiago).date() == dt.date(2022, 9, 11)
    assert at.astimezone(santiago).strftime("%H:%M") == "01:30"


# -- properties --------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
years = st.integers(min_value=1951, max_value=2150)
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
zones = st.sampled_from(ZONES).map(ZoneInfo)


@given(event_date=dates, year=years)
def test_exactly_one_anniversary_per_later_year(event_date: dt.date, year: int) -> None:
    ev = event("e", event_date.isoformat())
    found = occurrences([ev], dt.date(year, 1, 1), dt.date(year, 12, 31))
    if year <= event_date.year:
        assert found == []
        return
    assert len(found) == 1
    occ = found[0]
    assert occ.years == year - event_date.year
    assert occ.anniversary.year == year and occ.key == occ.anniversary.isoformat()
    if (
        (event_date.month, event_date.day) == (2, 29)
        and occ.anniversary.month == 2
        and occ.anniversary.day == 28
    ):
        assert occ.moved_from_leap_day
    else:
        assert (occ.anniversary.month, occ.anniversary.day) == (event_date.month, event_date.day)


@given(event_date=dates, year=years, heads_up=st.lists(st.integers(1, 60), max_size=3, unique=True))
def test_heads_ups_come_exactly_k_days_before_their_anniversary(
    event_date: dt.date, year: int, heads_up: list[int]
) -> None:
    ev = event("e", event_date.isoformat())
    # A range wide enough to hold the year's anniversary and every heads-up before it.
    found = occurrences([ev], dt.date(year, 1, 1) - dt.timedelta(days=61), dt.date(year, 12, 31), heads_up)
    mine = [o for o in found if o.anniversary.year == year]
    if year <= event_date.year:
        assert mine == []
        return
    assert sorted(o.heads_up for o in mine) == sorted([0, *heads_up])
    for occ in mine:
        assert occ.post_date == occ.anniversary - dt.timedelta(days=occ.heads_up)
    assert len({o.key for o in mine}) == len(mine)  # every post has its own ledger key


@settings(max_examples=300)
@given(day=dates, at=times, zone=zones)
def test_posting_instant_is_on_its_local_day_and_exact_when_the_time_exists(
    day: dt.date, at: dt.time, zone: ZoneInfo
) -> None:
    instant = posting_instant(day, at, zone)
    local = instant.astimezone(zone)
    assert local.date() == day
    wall = dt.datetime.combine(day, at, tzinfo=zone)
    exists = wall.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None)
    if exists:
        assert local.replace(tzinfo=None) == wall.replace(tzinfo=None)
        # In an overlap, the first of the two instants.
        assert instant <= wall.replace(fold=1).astimezone(UTC)


@settings(max_examples=200)
@given(day=dates, at=times, zone=zones)
def test_posting_instant_is_stable(day: dt.date, at: dt.time, zone: ZoneInfo) -> None:
    # Sweeps in different processes must agree on the instant to agree on what is due.
    assert posting_instant(day, at, zone) == posting_instant(day, at, ZoneInfo(zone.key))


def test_occurrence_key_shapes() -> None:
    assert Occurrence(EVERARD, dt.date(2027, 3, 3)).key == "2027-03-03"
    assert Occurrence(EVERARD, dt.date(2027, 3, 3), 7).key == "2027-03-03/heads-up-7"
    assert Occurrence(EVERARD, dt.date(2027, 3, 3), 7).post_date == dt.date(2027, 2, 24)
    assert book(EVERARD).events == (EVERARD,)
