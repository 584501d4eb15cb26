"""Opening hours: is a service open at a moment, and when on a given day, from HSDS schedules.

No Django here, so the rules can be tested and benchmarked alone. A schedule row is read as
HSDS 3.1 describes it (RFC 5545-style): ``freq`` WEEKLY or MONTHLY, ``byday`` (``MO,TU`` or, for a
monthly rule, ``1MO``/``-1FR``), ``bymonthday``, ``interval`` counted from ``dtstart``, ``until``,
``valid_from``/``valid_to`` and ``opens_at``/``closes_at`` as wall-clock times in the city.

Times are evaluated in Europe/Madrid whatever the row's numeric ``timezone`` offset says: a fixed
offset is wrong for half of the year, and the directory lists services of one city, so 09:00 stays
09:00 on both sides of a daylight-saving change.

Precedence on one day, most specific first:

1. **Exceptions**: rows without ``freq`` that carry a date (``valid_from``/``valid_to`` or
   ``dtstart``). On the days they cover (restricted to ``byday`` when given) they replace every
   other row: with times the service opens only then; without times it is closed (a holiday).
2. **Seasonal hours**: recurring rows with a validity period covering the day replace the rows
   without one (summer hours over the usual hours).
3. **Usual hours**: recurring rows with no validity period.

A recurring row without opening times says nothing about hours (opening "by appointment"), so it
never makes a service count as open. ``count`` is not evaluated (no directory row uses it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CITY_TZ = ZoneInfo("Europe/Madrid")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Rule:
    """One HSDS schedule row, reduced to what opening hours need."""

    freq: str = ""
    byday: str = ""
    bymonthday: str = ""
    interval: int | None = None
    dtstart: date | None = None
    until: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    opens_at: time | None = None
    closes_at: time | None = None


@dataclass(frozen=True)
class Interval:
    opens_at: time
    closes_at: time

    def contains(self, moment: time) -> bool:
        return self.opens_at <= moment < self.closes_at


@dataclass(frozen=True)
class DayHours:
    """What one day holds: the opening intervals (empty: closed) and whether an exception ruled."""

    day: date
    intervals: tuple[Interval, ...] = field(default_factory=tuple)
    exceptional: bool = False

    @property
    def is_open(self) -> bool:
        return bool(self.intervals)


def _days(byday: str) -> list[tuple[int | None, int]]:
    """``"MO,-1FR"`` → ``[(None, 0), (-1, 4)]``: (ordinal in the month or None, weekday)."""
    result: list[tuple[int | None, int]] = []
    for raw in byday.upper().split(","):
        token = raw.strip()
        if len(token) < 2 or token[-2:] not in WEEKDAYS:
            continue
        prefix = token[:-2]
        try:
            ordinal = int(prefix) if prefix else None
        except ValueError:
            continue
        result.append((ordinal, WEEKDAYS.index(token[-2:])))
    return result


def _ints(values: str) -> list[int]:
    result = []
    for raw in values.split(","):
        try:
            result.append(int(raw.strip()))
        except ValueError:
            continue
    return result


def _nth_weekday_matches(day: date, ordinal: int) -> bool:
    """Whether ``day`` is the ``ordinal``-th of its weekday in the month (negative: from the end)."""
    if ordinal > 0:
        return (day.day - 1) // 7 + 1 == ordinal
    days_left = (_month_length(day) - day.day) // 7
    return -(days_left + 1) == ordinal


def _month_length(day: date) -> int:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _in_validity(rule: Rule, day: date) -> bool:
    if rule.valid_from and day < rule.valid_from:
        return False
    return not (rule.valid_to and day > rule.valid_to)


def _recurs_on(rule: Rule, day: date) -> bool:
    """Whether a recurring (WEEKLY or MONTHLY) rule falls on ``day``."""
    if rule.dtstart and day < rule.dtstart:
        return False
    if rule.until and day > rule.until:
        return False
    days = _days(rule.byday)
    freq = rule.freq.upper()
    if freq == "WEEKLY":
        if days and day.weekday() not in {weekday for _ordinal, weekday in days}:
            return False
        if not days and rule.dtstart and day.weekday() != rule.dtstart.weekday():
            return False
        interval = rule.interval or 1
        if interval > 1 and rule.dtstart:
            start_week = rule.dtstart - timedelta(days=rule.dtstart.weekday())
            this_week = day - timedelta(days=day.weekday())
            return ((this_week - start_week).days // 7) % interval == 0
        return True
    if freq == "MONTHLY":
        month_days = _ints(rule.bymonthday)
        if month_days:
            length = _month_length(day)
            wanted = {d if d > 0 else length + d + 1 for d in month_days}
            if day.day not in wanted:
                return False
        if days:
            matched = any(
                day.weekday() == weekday and (ordinal is None or _nth_weekday_matches(day, ordinal))
                for ordinal, weekday in days
            )
            if not matched:
                return False
        if not month_days and not days and rule.dtstart and day.day != rule.dtstart.day:
            return False
        interval = rule.interval or 1
        if interval > 1 and rule.dtstart:
            months = (day.year - rule.dtstart.year) * 12 + day.month - rule.dtstart.month
            return months % interval == 0
        return True
    return False


def is_exception(rule: Rule) -> bool:
    """A dated row without recurrence: a holiday closure or special hours."""
    return not rule.freq and bool(rule.valid_from or rule.valid_to or rule.dtstart)


def _exception_covers(rule: Rule, day: date) -> bool:
    start = rule.valid_from or rule.dtstart
    end = rule.valid_to or (rule.dtstart if not rule.valid_from else None) or rule.until
    if start and day < start:
        return False
    if end and day > end:
        return False
    days = _days(rule.byday)
    return not days or day.weekday() in {weekday for _ordinal, weekday in days}


def _intervals(rules: Iterable[Rule]) -> tuple[Interval, ...]:
    found = {
        Interval(rule.opens_at, rule.closes_at)
        for rule in rules
        if rule.opens_at is not None and rule.closes_at is not None and rule.opens_at < rule.closes_at
    }
    return tuple(sorted(found, key=lambda interval: (interval.opens_at, interval.closes_at)))


def hours_on(rules: Sequence[Rule], day: date) -> DayHours:
    """The opening intervals of ``day`` (a city date)."""
    exceptions = [rule for rule in rules if is_exception(rule) and _exception_covers(rule, day)]
    if exceptions:
        return DayHours(day=day, intervals=_intervals(exceptions), exceptional=True)
    recurring = [rule for rule in rules if rule.freq and _in_validity(rule, day) and _recurs_on(rule, day)]
    seasonal = [rule for rule in recurring if rule.valid_from or rule.valid_to]
    return DayHours(day=day, intervals=_intervals(seasonal or recurring))


def city_moment(moment: datetime) -> datetime:
    """``moment`` (aware) as wall-clock time in the city."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(CITY_TZ)


def is_open_at(rules: Sequence[Rule], moment: datetime) -> bool:
    """Whether the rules have the service open at ``moment`` (an aware datetime)."""
    local = city_moment(moment)
    wall = local.time().replace(tzinfo=None)
    return any(interval.contains(wall) for interval in hours_on(rules, local.date()).intervals)


def is_open_on(rules: Sequence[Rule], day: date) -> bool:
    """Whether the service opens at some time on ``day``."""
    return hours_on(rules, day).is_open


def week_from(rules: Sequence[Rule], first: date, days: int = 7) -> list[DayHours]:
    """The hours of ``days`` consecutive days from ``first``."""
    return [hours_on(rules, first + timedelta(days=offset)) for offset in range(days)]


def next_opening(rules: Sequence[Rule], moment: datetime, horizon_days: int = 14) -> datetime | None:
    """The next time the service opens after ``moment`` (within ``horizon_days``), in city time."""
    local = city_moment(moment)
    for offset in range(horizon_days + 1):
        day = local.date() + timedelta(days=offset)
        for interval in hours_on(rules, day).intervals:
            starts = datetime.combine(day, interval.opens_at, tzinfo=CITY_TZ)
            if starts > local:
                return starts
    return None
