"""Dates and times: ISO parsing, lenient forms, offsets, ages and the clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from missingreport import Engine
from missingreport.clock import judge
from missingreport.rules import Context
from missingreport.temporal import (
    calendar_date,
    completed_years,
    instant,
    moment,
    parse_iso,
    parse_lenient,
    zone,
)
from tests.conftest import AS_OF, load_base

NY = zone("America/New_York")


def _context() -> Context:
    """The context of the base report (agency in Ohio, America/New_York)."""
    engine = Engine(as_of=AS_OF)
    parsed = engine.parse(load_base())
    assert parsed.partial is not None
    return Context(parsed.partial, as_of=engine.as_of, policy=engine.config.policy)


class TestIso:
    """JSON takes ISO 8601 only; the offset is optional."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024-03-05", date(2024, 3, 5)),
            ("2024-03-05T21:40:00-05:00",
             datetime(2024, 3, 5, 21, 40, tzinfo=timezone(timedelta(hours=-5)))),
            ("2024-03-05T21:40:00Z", datetime(2024, 3, 5, 21, 40, tzinfo=timezone.utc)),
            ("2024-03-05T21:40", datetime(2024, 3, 5, 21, 40)),
            ("2024-03-05 21:40:00.123456+01:00",
             datetime(2024, 3, 5, 21, 40, 0, 123456, tzinfo=timezone(timedelta(hours=1)))),
        ],
    )  # fmt: skip
    def test_accepted(self, text: str, expected: date) -> None:
        assert parse_iso(text) == expected

    @pytest.mark.parametrize(
        "text",
        ["03/05/2024", "2024-3-5", "20240305", "2024-02-30", "2024-03-05T25:00", "March 5",
         "2024-03-05T21:40:00+24:00", "2024-03-05T21:40:00 EST", ""],
    )  # fmt: skip
    def test_rejected(self, text: str) -> None:
        assert parse_iso(text) is None

    def test_kind_restricts(self) -> None:
        assert parse_iso("2024-03-05T10:00:00Z", "date") is None
        assert parse_iso("2024-03-05", "datetime") is None


class TestLenient:
    """Spreadsheet forms: dateutil as a fallback, ambiguity said, never guessed silently."""

    def test_iso_goes_first(self) -> None:
        result = parse_lenient("2024-03-05")
        assert result is not None
        assert (result.value, result.ambiguous) == (date(2024, 3, 5), False)

    def test_ambiguous_month_first(self) -> None:
        result = parse_lenient("03/05/2024")
        assert result is not None
        assert result.value == date(2024, 3, 5)
        assert result.ambiguous
        assert result.convention == "month_first"

    def test_ambiguous_day_first(self) -> None:
        result = parse_lenient("03/05/2024", day_first=True)
        assert result is not None
        assert result.value == date(2024, 5, 3)
        assert result.convention == "day_first"

    @pytest.mark.parametrize("text", ["13/05/2024", "03/13/2024", "05/05/2024"])
    def test_unambiguous_numeric(self, text: str) -> None:
        result = parse_lenient(text)
        assert result is not None
        assert not result.ambiguous

    def test_words_and_clock(self) -> None:
        result = parse_lenient("5 Mar 2024 4:30 PM")
        assert result is not None
        assert result.value == datetime(2024, 3, 5, 16, 30)
        assert not result.ambiguous

    @pytest.mark.parametrize("text", ["not a date", "", "   ", "March 5"])
    def test_unreadable(self, text: str) -> None:
        assert parse_lenient(text) is None

    def test_time_on_a_date_field_is_refused(self) -> None:
        assert parse_lenient("03/05/2024 4:30 PM", kind="date") is None


class TestAge:
    """Completed years by calendar; 29 February falls on 1 March in common years."""

    @pytest.mark.parametrize(
        ("born", "on", "age"),
        [
            (date(2006, 3, 5), date(2024, 3, 4), 17),
            (date(2006, 3, 5), date(2024, 3, 5), 18),
            (date(2003, 3, 5), date(2024, 3, 4), 20),
            (date(2003, 3, 5), date(2024, 3, 5), 21),
            (date(2008, 2, 29), date(2026, 2, 28), 17),
            (date(2008, 2, 29), date(2026, 3, 1), 18),
            (date(2008, 2, 29), date(2024, 2, 28), 15),
            (date(2008, 2, 29), date(2024, 2, 29), 16),
        ],
    )
    def test_completed_years(self, born: date, on: date, age: int) -> None:
        assert completed_years(born, on) == age


class TestClock:
    """One judge for every window: absolute time, or calendar days."""

    def test_naive_read_in_state_zone(self) -> None:
        assert instant(datetime(2024, 3, 5, 22, 15), NY) == datetime(
            2024, 3, 6, 3, 15, tzinfo=timezone.utc
        )

    def test_dst_does_not_move_the_deadline(self) -> None:
        start = datetime(2024, 11, 2, 8, 0)  # EDT, naive
        same_wall_clock = datetime(2024, 11, 3, 8, 0)  # EST: 25 real hours later
        assert judge(start, same_wall_clock, 24, NY) == "past"
        assert judge(start, datetime(2024, 11, 3, 7, 0), 24, NY) == "within"

    def test_calendar_date_in_state_zone(self) -> None:
        late_evening = datetime(2024, 6, 13, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
        assert calendar_date(late_evening, NY) == date(2024, 6, 13)
        assert calendar_date(late_evening, zone("UTC")) == date(2024, 6, 14)

    @pytest.mark.parametrize(
        ("days", "hours", "verdict"),
        [(0, 24, "within"), (1, 24, "unconfirmed"), (2, 24, "past"),
         (2, 48, "unconfirmed"), (1, 48, "within"), (3, 48, "past"), (1, 30, "within"),
         (2, 30, "unconfirmed")],
    )  # fmt: skip
    def test_date_only_windows(self, days: int, hours: float, verdict: str) -> None:
        start = date(2024, 3, 5)
        assert judge(start, start + timedelta(days=days), hours, NY) == verdict

    def test_windows_under_a_day_not_judged_on_dates(self) -> None:
        assert judge(date(2024, 3, 5), datetime(2024, 3, 5, 23, 0), 2, NY) is None

    @pytest.mark.parametrize(
        "value",
        [datetime(2024, 3, 5, 22, 15, tzinfo=timezone(timedelta(hours=-5))),
         datetime(2024, 3, 6, 3, 15, tzinfo=timezone.utc),
         datetime(2024, 11, 3, 1, 30, tzinfo=NY),
         datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NY),
         datetime(2024, 3, 5, 22, 15)],
    )  # fmt: skip
    def test_moment_names_the_same_instant(self, value: datetime) -> None:
        utc = instant(value, NY)
        assert moment(value, NY) == utc
        assert moment(value, NY) - utc == timedelta(0)
        later = utc + timedelta(seconds=1)
        assert moment(value, NY) < later
        assert later - moment(value, NY) == timedelta(seconds=1)

    def test_fixed_offsets_compare_as_instants(self) -> None:
        eastern = datetime(2024, 3, 5, 22, 15, tzinfo=timezone(timedelta(hours=-5)))
        pacific = datetime(2024, 3, 5, 20, 15, tzinfo=timezone(timedelta(hours=-8)))
        assert moment(eastern, NY) < moment(pacific, NY)  # 03:15 UTC before 04:15 UTC
        assert judge(eastern, pacific, 1, NY) == "within"
        assert judge(pacific, eastern + timedelta(hours=25), 24, NY) == "within"
        assert judge(pacific, eastern + timedelta(hours=25, seconds=1), 24, NY) == "past"

    def test_one_zone_across_daylight_saving_is_absolute(self) -> None:
        start = datetime(2024, 11, 2, 8, 0, tzinfo=NY)  # EDT
        assert judge(start, datetime(2024, 11, 3, 8, 0, tzinfo=NY), 24, NY) == "past"
        assert judge(start, datetime(2024, 11, 3, 7, 0, tzinfo=NY), 24, NY) == "within"

    def test_context_dates_are_those_of_calendar_date(self) -> None:
        ctx = _context()
        late_evening = datetime(2024, 6, 13, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
        same_instant = datetime(2024, 6, 14, 3, 30, tzinfo=timezone.utc)
        naive = datetime(2024, 6, 14, 3, 30)
        for value in (late_evening, same_instant, naive, late_evening, naive, date(2024, 6, 1)):
            assert ctx.date_of(value) == calendar_date(value, NY)
        assert ctx.date_of(naive) == date(2024, 6, 14)  # not the date of the equal-looking UTC
        assert ctx.date_of(same_instant) == date(2024, 6, 13)

    def test_context_before(self) -> None:
        ctx = _context()
        eastern = datetime(2024, 3, 5, 22, 15, tzinfo=timezone(timedelta(hours=-5)))
        assert ctx.before(eastern, datetime(2024, 3, 5, 22, 16, tzinfo=NY))
        assert not ctx.before(eastern, datetime(2024, 3, 5, 22, 15))  # naive: read in NY
        assert ctx.before(eastern, datetime(2024, 3, 5, 22, 16))
        assert not ctx.before(eastern, date(2024, 3, 5))  # by calendar date
        assert ctx.before(eastern, date(2024, 3, 6))
