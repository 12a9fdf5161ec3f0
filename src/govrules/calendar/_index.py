"""An immutable index of Chinese working days, built once, answering in O(1).

The index spans 2000-01-01 … 2099-12-31. For every day it stores how many working days there are
from the start of the span up to and including that day (``_cumulative``), and it keeps the sorted
tuple of all working days (``_workdays``). Then:

* "the N-th working day after D" is ``_workdays[_cumulative[D] + N - 1]``;
* "working days in (A, B]" is ``_cumulative[B] - _cumulative[A]``;
* "the first working day on or after D" is D itself or ``_workdays[_cumulative[D]]``.

No answer loops over days. Years with official data (the package's 2004–2026, plus any overlay)
use that data; every other year of the span is filled with weekends only and any answer that
reaches into one is *estimated* (or, in strict mode, refused).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .._errors import CalendarCoverageError, UsageError
from ._adapter import PackageCalendarData, load_package_data

SPAN_FIRST_YEAR = 2000
SPAN_LAST_YEAR = 2099
_SPAN_START = dt.date(SPAN_FIRST_YEAR, 1, 1).toordinal()
_SPAN_END = dt.date(SPAN_LAST_YEAR, 12, 31).toordinal()

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True, slots=True)
class YearData:
    """The official schedule of one year: statutory holidays and makeup workdays, and where it came from."""

    year: int
    holidays: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]
    source: str


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Chinese statutory working days, immutable and safe to share between threads.

    Build it with :meth:`default` (chinesecalendar's data) or :meth:`from_years`; add a newly announced
    year or a correction with :func:`govrules.calendar.load_overlay`.

    >>> cal = WorkCalendar.default()
    >>> cal.is_workday(dt.date(2026, 2, 14))   # a makeup Saturday before the Spring Festival
    True
    >>> cal.add_working_days(dt.date(2026, 2, 10), 10)
    datetime.date(2026, 3, 2)
    """

    version: str
    covered: tuple[int, int]
    strict: bool
    sources: Mapping[int, str] = field(repr=False)
    _cumulative: array[int] = field(repr=False, compare=False)
    _workdays: tuple[dt.date, ...] = field(repr=False, compare=False)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def default(cls) -> WorkCalendar:
        """The calendar of the installed chinesecalendar package (built once, then shared)."""
        return _default_calendar()

    @classmethod
    def from_years(cls, years: Iterable[YearData], *, version: str, strict: bool = False) -> WorkCalendar:
        """Build a calendar from official year schedules; the years must be contiguous."""
        by_year = {y.year: y for y in years}
        if not by_year:
            raise UsageError("a calendar needs at least one year of official data")
        first, last = min(by_year), max(by_year)
        missing = [y for y in range(first, last + 1) if y not in by_year]
        if missing:
            raise UsageError(
                f"official calendar years must be contiguous; {first}–{last} lacks {missing}",
                expected="every year between the first and the last",
            )
        if first < SPAN_FIRST_YEAR or last > SPAN_LAST_YEAR:
            raise UsageError(
                f"calendar years {first}–{last} fall outside {SPAN_FIRST_YEAR}–{SPAN_LAST_YEAR}",
                expected=f"years within {SPAN_FIRST_YEAR}–{SPAN_LAST_YEAR}",
            )
        holidays: set[int] = set()
        makeup: set[int] = set()
        for data in by_year.values():
            holidays.update(d.toordinal() for d in data.holidays)
            makeup.update(d.toordinal() for d in data.makeup_workdays)
        cumulative = array("l", bytes(8 * (_SPAN_END - _SPAN_START + 1)))
        workdays: list[dt.date] = []
        running = 0
        day = dt.date.fromordinal(_SPAN_START)
        weekday = day.weekday()
        for ordinal in range(_SPAN_START, _SPAN_END + 1):
            if ordinal in makeup or (weekday < 5 and ordinal not in holidays):
                running += 1
                workdays.append(dt.date.fromordinal(ordinal))
            cumulative[ordinal - _SPAN_START] = running
            weekday = (weekday + 1) % 7
        return cls(
            version=version,
            covered=(first, last),
            strict=strict,
            sources={y: by_year[y].source for y in sorted(by_year)},
            _cumulative=cumulative,
            _workdays=tuple(workdays),
        )

    def strict_mode(self, strict: bool = True) -> WorkCalendar:
        """The same calendar, refusing (``strict=True``) or estimating years without official data."""
        return replace(self, strict=strict)

    # -- queries ------------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day: a weekday that is not a holiday, or a makeup day."""
        index = self._index(day)
        previous = self._cumulative[index - 1] if index else 0
        return self._cumulative[index] != previous

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (``day`` itself is never counted), ``count`` ≥ 1."""
        if count < 1:
            raise UsageError(f"working-day count must be at least 1, got {count}")
        position = self._cumulative[self._index(day)] + count - 1
        if position >= len(self._workdays):
            raise self._outside_span(day)
        return self._workdays[position]

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in (``start``, ``end``]: after start, up to and including end."""
        return self._cumulative[self._index(end)] - self._cumulative[self._index(start)]

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the first working day after it."""
        if self.is_workday(day):
            return day
        position = self._cumulative[self._index(day)]
        if position >= len(self._workdays):
            raise self._outside_span(day)
        return self._workdays[position]

    def is_covered(self, year: int) -> bool:
        """Whether ``year`` has official data (package or overlay)."""
        return self.covered[0] <= year <= self.covered[1]

    def uncovered_years(self, start: dt.date, end: dt.date) -> tuple[int, ...]:
        """The years in [start, end] without official data."""
        return tuple(y for y in range(start.year, end.year + 1) if not self.is_covered(y))

    def check_window(self, start: dt.date, end: dt.date) -> bool:
        """Whether counting over [start, end] is estimated; in strict mode, raise instead.

        The whole window is checked, not only its start: 2026-12-20 + 30 working days leaves 2026.
        """
        uncovered = self.uncovered_years(start, end)
        if uncovered and self.strict:
            first = max(start, dt.date(uncovered[0], 1, 1))
            raise CalendarCoverageError(first, self.covered)
        return bool(uncovered)

    # -- internals ----------------------------------------------------------------------------

    def _index(self, day: dt.date) -> int:
        ordinal = day.toordinal()
        if not _SPAN_START <= ordinal <= _SPAN_END:
            raise self._outside_span(day)
        return ordinal - _SPAN_START

    def _outside_span(self, day: dt.date) -> CalendarCoverageError:
        return CalendarCoverageError(day, self.covered, span=(SPAN_FIRST_YEAR, SPAN_LAST_YEAR))


def weekday_zh(day: dt.date) -> str:
    """The Chinese name of ``day``'s weekday.

    >>> weekday_zh(dt.date(2026, 3, 2))
    '星期一'
    """
    return WEEKDAYS_ZH[day.weekday()]


def package_years(data: PackageCalendarData) -> list[YearData]:
    """Split the package's tables into per-year schedules."""
    source = f"chinesecalendar {data.version}"
    return [
        YearData(
            year=year,
            holidays=frozenset(d for d in data.holidays if d.year == year),
            makeup_workdays=frozenset(d for d in data.makeup_workdays if d.year == year),
            source=source,
        )
        for year in range(data.first_year, data.last_year + 1)
    ]


def overlay_digest(text: bytes) -> str:
    """A short, stable fingerprint of an overlay file, part of the calendar version."""
    return hashlib.sha256(text).hexdigest()[:12]


_DEFAULT: list[WorkCalendar] = []


def _default_calendar() -> WorkCalendar:
    # Built on first use and shared: the calendar is immutable, so sharing is thread-safe; a
    # race at first use only builds two equal calendars and keeps one.
    if not _DEFAULT:
        data = load_package_data()
        _DEFAULT.append(WorkCalendar.from_years(package_years(data), version=f"chinesecalendar {data.version}"))
    return _DEFAULT[0]
