"""Calendar overlays: a newly announced year, or a correction, from a YAML file.

The State Council publishes each year's holiday schedule late in the year before, and a package
release may lag. An overlay adds that year without waiting::

    years:
      2027:
        source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）
        holidays:
          - 2027-01-01
          - {from: 2027-02-06, to: 2027-02-14}
        makeup_workdays: [2027-02-15, 2027-02-28]

A year the package already has can only be replaced whole, with ``replaces_package_data: true`` —
the way to correct a known data error (chinesecalendar 1.11.0 marks 2005-12-31, a makeup workday
for New Year 2006, as a rest day).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._errors import CalendarOverlayError
from .._yaml import Located, load_yaml, raise_validation, read_input
from ._adapter import load_package_data
from ._index import WorkCalendar, YearData, overlay_digest, package_years


class DateRange(BaseModel):
    """A run of consecutive holidays, both ends included."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    name: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"range ends ({self.end}) before it starts ({self.start})")
        if (self.end - self.start).days > 31:
            raise ValueError("a holiday range longer than 31 days is surely a typo")
        return self

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]


class OverlayYear(BaseModel):
    """One year of an overlay file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(min_length=4, description="title and number of the State Council notice")
    replaces_package_data: bool = False
    holidays: tuple[dt.date | DateRange, ...] = ()
    makeup_workdays: tuple[dt.date, ...] = ()

    def holiday_days(self) -> list[dt.date]:
        days: list[dt.date] = []
        for entry in self.holidays:
            days.extend(entry.days() if isinstance(entry, DateRange) else [entry])
        return days


class Overlay(BaseModel):
    """An overlay file: official schedules by year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    years: dict[int, OverlayYear]


def _check_year(year: int, entry: OverlayYear, located: Located) -> YearData:
    def fail(problem: str, *path: str | int, expected: str | None = None) -> CalendarOverlayError:
        return CalendarOverlayError(
            problem,
            source=located.source,
            line=located.line(("years", year, *path)),
            field=".".join(str(p) for p in ("years", year, *path)),
            expected=expected,
        )

    holidays = entry.holiday_days()
    for position, day in enumerate([*holidays, *entry.makeup_workdays]):
        if day.year != year:
            is_holiday = position < len(holidays)
            raise fail(
                f"{day.isoformat()} is not in {year}",
                "holidays" if is_holiday else "makeup_workdays",
                expected=f"dates inside {year}",
            )
    for index, day in enumerate(entry.makeup_workdays):
        if day.weekday() < 5:
            raise fail(
                f"makeup workday {day.isoformat()} is a weekday, so it is a workday already",
                "makeup_workdays",
                index,
                expected="a Saturday or Sunday (调休上班)",
            )
    both = sorted(set(holidays) & set(entry.makeup_workdays))
    if both:
        raise fail(
            f"{both[0].isoformat()} is listed both as a holiday and as a makeup workday",
            "makeup_workdays",
            expected="each date in one list only",
        )
    return YearData(
        year=year, holidays=frozenset(holidays), makeup_workdays=frozenset(entry.makeup_workdays), source=entry.source
    )


def parse_overlay(text: str | bytes, source: str) -> WorkCalendar:
    """Build the calendar of chinesecalendar's data with the overlay in ``text`` applied."""
    raw = text.encode() if isinstance(text, str) else text
    located = load_yaml(raw, source, CalendarOverlayError)
    try:
        overlay = Overlay.model_validate(located.data)
    except ValidationError as exc:
        raise_validation(exc, located, Overlay, CalendarOverlayError)
    package = load_package_data()
    years: dict[int, YearData] = {y.year: y for y in package_years(package)}
    for year, entry in sorted(overlay.years.items()):
        data = _check_year(year, entry, located)
        line = located.line(("years", year))
        if year in years and not entry.replaces_package_data:
            raise CalendarOverlayError(
                f"chinesecalendar {package.version} already has {year}",
                source=source,
                line=line,
                field=f"years.{year}",
                expected="replaces_package_data: true to replace that year's data whole",
            )
        if entry.replaces_package_data and year not in years:
            raise CalendarOverlayError(
                f"replaces_package_data is set but the package has no data for {year}",
                source=source,
                line=line,
                field=f"years.{year}.replaces_package_data",
                expected="false (or omitted) for a year the package does not cover",
            )
        years[year] = data
    first, last = min(years), max(years)
    gaps = [y for y in range(first, last + 1) if y not in years]
    if gaps:
        raise CalendarOverlayError(
            f"years must be contiguous with the package's {package.first_year}–{package.last_year}; "
            f"{', '.join(map(str, gaps))} would be missing",
            source=source,
            line=located.line(("years",)),
            field="years",
            expected=f"the overlay to add {gaps[0]} as well",
        )
    version = f"chinesecalendar {package.version} + overlay {overlay_digest(raw)}"
    return WorkCalendar.from_years(years.values(), version=version)


def load_overlay(path: str | Path) -> WorkCalendar:
    """Read an overlay file and build the calendar with it applied (cached per file content)."""
    file = Path(path)
    return _cached_overlay(read_input(file, CalendarOverlayError, "the calendar file"), str(file))


@cache
def _cached_overlay(raw: bytes, source: str) -> WorkCalendar:
    return parse_overlay(raw, source)
