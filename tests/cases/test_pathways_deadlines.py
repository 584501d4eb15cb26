"""Due dates from anchors: pure arithmetic, no database."""

from __future__ import annotations

from datetime import date

from acollida.cases.deadlines import (
    DONE,
    EXPIRY,
    NONE,
    PENDING,
    PREVIOUS,
    SKIPPED,
    START,
    StepState,
    add_months,
    add_years,
    due_dates,
    is_overdue,
    should_remind,
)

START_DAY = date(2026, 1, 10)


def test_adding_a_month_to_the_31st_lands_on_the_last_day_of_february() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_adding_a_month_in_a_leap_year_lands_on_the_29th() -> None:
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_months_cross_the_year_both_ways() -> None:
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 2, 15), -3) == date(2025, 11, 15)


def test_a_leap_day_plus_a_year_is_the_28th_of_february() -> None:
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


def test_a_start_anchored_step_counts_from_the_start() -> None:
    assert due_dates([StepState(START, 730)], started_on=START_DAY) == [date(2028, 1, 10)]


def test_start_days_cross_a_leap_day() -> None:
    assert due_dates([StepState(START, 30)], started_on=date(2028, 2, 15)) == [date(2028, 3, 16)]


def test_an_expiry_anchored_step_with_negative_days_falls_before_the_expiry() -> None:
    dates = due_dates([StepState(EXPIRY, -45)], started_on=START_DAY, document_expires_on=date(2026, 3, 1))
    assert dates == [date(2026, 1, 15)]


def test_without_an_expiry_date_an_expiry_step_has_no_date() -> None:
    assert due_dates([StepState(EXPIRY, -45)], started_on=START_DAY) == [None]


def test_a_step_without_deadline_has_no_date() -> None:
    assert due_dates([StepState(NONE, 30)], started_on=START_DAY) == [None]


def test_a_first_step_timed_from_the_previous_counts_from_the_start() -> None:
    assert due_dates([StepState(PREVIOUS, 7)], started_on=START_DAY) == [date(2026, 1, 17)]


def test_a_step_after_one_still_to_do_has_no_date_yet() -> None:
    dates = due_dates([StepState(START, 7), StepState(PREVIOUS, 30)], started_on=START_DAY)
    assert dates == [date(2026, 1, 17), None]


def test_a_step_after_one_done_counts_from_its_completion() -> None:
    steps = [StepState(START, 7, DONE, date(2026, 1, 20)), StepState(PREVIOUS, 30, PENDING)]
    assert due_dates(steps, started_on=START_DAY)[1] == date(2026, 2, 19)


def test_a_skipped_step_is_passed_over() -> None:
    steps = [
        StepState(START, 7, DONE, date(2026, 1, 12)),
        StepState(PREVIOUS, 7, SKIPPED, date(2026, 1, 13)),
        StepState(PREVIOUS, 10, PENDING),
    ]
    assert due_dates(steps, started_on=START_DAY)[2] == date(2026, 1, 22)


def test_overdue_is_strictly_past_the_due_date() -> None:
    assert not is_overdue(date(2026, 1, 10), date(2026, 1, 10))
    assert is_overdue(date(2026, 1, 9), date(2026, 1, 10))
    assert not is_overdue(None, date(2026, 1, 10))


def test_reminders_begin_the_set_number_of_days_before() -> None:
    assert not should_remind(date(2026, 1, 20), 7, date(2026, 1, 12))
    assert should_remind(date(2026, 1, 20), 7, date(2026, 1, 13))
    assert should_remind(date(2026, 1, 1), 7, date(2026, 1, 13))
