"""Due dates of pathway steps, computed from their anchors. Pure: no Django, testable alone.

A step's deadline is a number of days from an anchor:

* ``start``: the day the pathway started (padrón renewal 730 days after registering);
* ``previous``: the day the step before was done (the asylum interview after the wish is
  expressed). Steps marked "not needed" are passed over; while the step before is still to do the
  date is not known yet (``None``). The first step counts from the start;
* ``expiry``: the expiry of the document the pathway is about, usually a negative number (ask for
  the renewal appointment 45 days before the card expires). Unknown expiry: no date;
* ``none``: no deadline.

The anchor names are the values of ``acollida.cases.models.DeadlineAnchor``.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

NONE = "none"
START = "start"
PREVIOUS = "previous"
EXPIRY = "expiry"
ANCHORS = (NONE, START, PREVIOUS, EXPIRY)

PENDING = "pending"
DONE = "done"
SKIPPED = "skipped"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back); the 31st lands on the last day of a short
    month (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years``; 29 February lands on 28 February in a common year."""
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class StepState:
    """What the computation needs to know of a step, in pathway order."""

    anchor: str
    days: int
    status: str = PENDING
    done_on: date | None = None


def due_date(
    *,
    anchor: str,
    days: int,
    started_on: date,
    previous_done_on: date | None = None,
    previous_known: bool = True,
    document_expires_on: date | None = None,
) -> date | None:
    """One step's due date; ``previous_known`` is false while the step before is still to do."""
    if anchor == START:
        return started_on + timedelta(days=days)
    if anchor == PREVIOUS:
        if not previous_known:
            return None
        return (previous_done_on or started_on) + timedelta(days=days)
    if anchor == EXPIRY:
        return document_expires_on + timedelta(days=days) if document_expires_on else None
    return None


def due_dates(
    steps: Sequence[StepState], *, started_on: date, document_expires_on: date | None = None
) -> list[date | None]:
    """The due date of every step, in order. A ``previous`` step counts from the completion of the
    nearest earlier step that was not skipped (from the start if there is none)."""
    result: list[date | None] = []
    previous_done_on: date | None = None
    previous_known = True
    for step in steps:
        result.append(
            due_date(
                anchor=step.anchor,
                days=step.days,
                started_on=started_on,
                previous_done_on=previous_done_on,
                previous_known=previous_known,
                document_expires_on=document_expires_on,
            )
        )
        if step.status == SKIPPED:
            continue
        if step.status == DONE:
            previous_done_on = step.done_on or previous_done_on
            previous_known = True
        else:
            previous_known = False
    return result


def is_overdue(due_on: date | None, today: date) -> bool:
    return due_on is not None and due_on < today


def should_remind(due_on: date | None, remind_days_before: int, today: date) -> bool:
    """Time to remind: within ``remind_days_before`` days of the due date, or past it."""
    return due_on is not None and due_on - timedelta(days=remind_days_before) <= today
