"""The one place that touches the untyped ``chinese_calendar`` package.

It exposes the package's two tables — statutory holidays and makeup workdays (调休上班) — as typed,
immutable sets, with the range of years they cover and the package's version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import metadata

import chinese_calendar
import chinese_calendar.constants as _tables


@dataclass(frozen=True, slots=True)
class PackageCalendarData:
    """The holiday and makeup-workday tables of one chinesecalendar release."""

    version: str
    first_year: int
    last_year: int
    holidays: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]


def _package_version() -> str:
    try:
        return metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:  # pragma: no cover - imported from a source checkout
        return str(getattr(chinese_calendar, "__version__", "unknown"))


def load_package_data() -> PackageCalendarData:
    """Read the installed chinesecalendar's tables."""
    holidays = frozenset(dt.date.fromordinal(d.toordinal()) for d in _tables.holidays)
    makeup = frozenset(dt.date.fromordinal(d.toordinal()) for d in _tables.workdays)
    years = {d.year for d in holidays | makeup}
    return PackageCalendarData(
        version=_package_version(),
        first_year=min(years),
        last_year=max(years),
        holidays=holidays,
        makeup_workdays=makeup,
    )


def package_is_workday(day: dt.date) -> bool:
    """chinesecalendar's own answer, used by tests and benchmarks as the reference."""
    return bool(chinese_calendar.is_workday(day))


def package_find_workday(delta_days: int, day: dt.date) -> dt.date:
    """chinesecalendar's own day-by-day search, used by benchmarks as the baseline."""
    result = chinese_calendar.find_workday(delta_days, day)
    return dt.date.fromordinal(result.toordinal())
