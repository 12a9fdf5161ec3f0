"""Chinese statutory working days and the periods the regulations state, counted by the Civil Code.

>>> import datetime as dt
>>> from govrules.calendar import WorkCalendar, WorkingDays
>>> WorkingDays(working_days=10).count(dt.date(2026, 2, 10), WorkCalendar.default()).due
datetime.date(2026, 3, 2)
"""

from ._index import SPAN_FIRST_YEAR, SPAN_LAST_YEAR, WorkCalendar, YearData, weekday_zh
from ._overlay import load_overlay, parse_overlay
from ._periods import (
    AtLeast,
    CalendarDays,
    Counting,
    DueDate,
    FixedDate,
    Months,
    Period,
    SimplePeriod,
    Window,
    WorkingDays,
    Years,
)

__all__ = [
    "SPAN_FIRST_YEAR",
    "SPAN_LAST_YEAR",
    "AtLeast",
    "CalendarDays",
    "Counting",
    "DueDate",
    "FixedDate",
    "Months",
    "Period",
    "SimplePeriod",
    "Window",
    "WorkCalendar",
    "WorkingDays",
    "YearData",
    "Years",
    "load_overlay",
    "parse_overlay",
    "weekday_zh",
]
