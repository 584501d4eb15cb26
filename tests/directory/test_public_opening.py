"""Opening hours from HSDS schedules (acollida.directory.opening): a pure module, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from acollida.directory.opening import (
    CITY_TZ,
    Interval,
    Rule,
    hours_on,
    is_open_at,
    is_open_on,
    next_opening,
    week_from,
)

WEEKDAYS_9_14 = Rule(freq="WEEKLY", byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(14))
# 2026-12-07 is a Monday; 2026-12-08 a holiday (Immaculate Conception) in the examples below.
MONDAY = date(2026, 12, 7)


def city(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CITY_TZ)


def test_open_inside_weekly_hours() -> None:
    assert is_open_at([WEEKDAYS_9_14], city(MONDAY, 10))


def test_closed_before_opening_and_at_closing_time() -> None:
    assert not is_open_at([WEEKDAYS_9_14], city(MONDAY, 8, 59))
    assert not is_open_at([WEEKDAYS_9_14], city(MONDAY, 14))


def test_closed_on_a_day_not_listed() -> None:
    sunday = date(2026, 12, 13)
    assert not is_open_on([WEEKDAYS_9_14], sunday)
    assert not is_open_at([WEEKDAYS_9_14], city(sunday, 10))


def test_split_hours_on_one_day() -> None:
    rules = [
        Rule(freq="WEEKLY", byday="TU", opens_at=time(9), closes_at=time(13)),
        Rule(freq="WEEKLY", byday="TU", opens_at=time(16), closes_at=time(19)),
    ]
    tuesday = date(2026, 12, 8)
    assert hours_on(rules, tuesday).intervals == (Interval(time(9), time(13)), Interval(time(16), time(19)))
    assert not is_open_at(rules, city(tuesday, 14))
    assert is_open_at(rules, city(tuesday, 17))


def test_a_dated_closure_without_hours_closes_the_day() -> None:
    holiday = Rule(valid_from=date(2026, 12, 8), valid_to=date(2026, 12, 8))
    tuesday = date(2026, 12, 8)
    day = hours_on([WEEKDAYS_9_14, holiday], tuesday)
    assert not day.is_open
    assert day.exceptional
    assert is_open_on([WEEKDAYS_9_14, holiday], date(2026, 12, 9))


def test_a_one_day_exception_by_dtstart_gives_special_hours() -> None:
    short_day = Rule(dtstart=date(2026, 12, 24), opens_at=time(9), closes_at=time(12))
    eve = date(2026, 12, 24)
    assert is_open_at([WEEKDAYS_9_14, short_day], city(eve, 11))
    assert not is_open_at([WEEKDAYS_9_14, short_day], city(eve, 13))
    assert is_open_at([WEEKDAYS_9_14, short_day], city(date(2026, 12, 23), 13))


def test_a_closure_period_limited_to_some_weekdays() -> None:
    no_fridays = Rule(byday="FR", valid_from=date(2026, 12, 1), valid_to=date(2026, 12, 31))
    assert not is_open_on([WEEKDAYS_9_14, no_fridays], date(2026, 12, 11))
    assert is_open_on([WEEKDAYS_9_14, no_fridays], date(2026, 12, 10))


def test_seasonal_hours_replace_the_usual_ones_in_their_period() -> None:
    summer = Rule(
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=time(8),
        closes_at=time(13),
        valid_from=date(2027, 7, 1),
        valid_to=date(2027, 8, 31),
    )
    july_monday = date(2027, 7, 5)
    assert is_open_at([WEEKDAYS_9_14, summer], city(july_monday, 8, 30))
    assert not is_open_at([WEEKDAYS_9_14, summer], city(july_monday, 13, 30))
    assert is_open_at([WEEKDAYS_9_14, summer], city(MONDAY, 13, 30))


def test_rule_outside_its_validity_does_not_apply() -> None:
    ended = Rule(freq="WEEKLY", byday="MO", opens_at=time(9), closes_at=time(14), valid_to=date(2026, 11, 30))
    assert not is_open_on([ended], MONDAY)


def test_until_and_dtstart_bound_a_weekly_rule() -> None:
    rule = Rule(
        freq="WEEKLY",
        byday="MO",
        opens_at=time(9),
        closes_at=time(14),
        dtstart=date(2026, 12, 14),
        until=date(2026, 12, 21),
    )
    assert not is_open_on([rule], MONDAY)
    assert is_open_on([rule], date(2026, 12, 14))
    assert not is_open_on([rule], date(2026, 12, 28))


def test_every_other_week() -> None:
    rule = Rule(
        freq="WEEKLY",
        byday="WE",
        interval=2,
        dtstart=date(2026, 12, 2),
        opens_at=time(10),
        closes_at=time(12),
    )
    assert is_open_on([rule], date(2026, 12, 2))
    assert not is_open_on([rule], date(2026, 12, 9))
    assert is_open_on([rule], date(2026, 12, 16))


def test_monthly_first_and_last_weekday_of_the_month() -> None:
    first_monday = Rule(freq="MONTHLY", byday="1MO", opens_at=time(10), closes_at=time(12))
    last_friday = Rule(freq="MONTHLY", byday="-1FR", opens_at=time(10), closes_at=time(12))
    assert is_open_on([first_monday], MONDAY)
    assert not is_open_on([first_monday], date(2026, 12, 14))
    assert is_open_on([last_friday], date(2026, 12, 25))
    assert not is_open_on([last_friday], date(2026, 12, 18))


def test_monthly_by_day_of_the_month() -> None:
    rule = Rule(freq="MONTHLY", bymonthday="15,-1", opens_at=time(9), closes_at=time(11))
    assert is_open_on([rule], date(2027, 2, 15))
    assert is_open_on([rule], date(2027, 2, 28))
    assert not is_open_on([rule], date(2027, 2, 16))


def test_rule_without_times_never_counts_as_open() -> None:
    by_appointment = Rule(freq="WEEKLY", byday="MO")
    assert not is_open_at([by_appointment], city(MONDAY, 10))


def test_unknown_weekday_codes_are_ignored_not_fatal() -> None:
    rule = Rule(freq="WEEKLY", byday="MO,XX,", opens_at=time(9), closes_at=time(14))
    assert is_open_on([rule], MONDAY)


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # Saturday 28 March 2026 is winter time (UTC+1): 09:30 in the city is 08:30 UTC.
        (datetime(2026, 3, 28, 8, 30, tzinfo=UTC), True),
        (datetime(2026, 3, 28, 7, 30, tzinfo=UTC), False),
        # Monday 30 March 2026 is summer time (UTC+2): 09:30 in the city is 07:30 UTC.
        (datetime(2026, 3, 30, 7, 30, tzinfo=UTC), True),
        (datetime(2026, 3, 30, 6, 30, tzinfo=UTC), False),
    ],
)
def test_hours_are_city_wall_clock_across_the_daylight_saving_change(utc: datetime, expected: bool) -> None:
    rules = [Rule(freq="WEEKLY", byday="MO,SA", opens_at=time(9), closes_at=time(14))]
    assert is_open_at(rules, utc) is expected


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        is_open_at([WEEKDAYS_9_14], datetime(2026, 12, 7, 10))  # noqa: DTZ001 - the point of the test


def test_week_lists_seven_days_with_the_closure() -> None:
    holiday = Rule(dtstart=date(2026, 12, 8))
    week = week_from([WEEKDAYS_9_14, holiday], MONDAY)
    assert [day.is_open for day in week] == [True, False, True, True, True, False, False]


def test_next_opening_skips_the_weekend() -> None:
    friday_evening = city(date(2026, 12, 11), 18)
    assert next_opening([WEEKDAYS_9_14], friday_evening) == city(date(2026, 12, 14), 9)


def test_no_next_opening_without_hours() -> None:
    assert next_opening([], city(MONDAY, 10)) is None
